// A TokenHTTPTransport that records every request and answers from a script, for exact-request tests.
import Credentials
import Synchronization

/// Records requests; answers each with `responder(request, index)` (index counts from 0).
final class FakeTransport: TokenHTTPTransport {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    typealias Responder = @Sendable (TokenHTTPRequest, Int) throws -> TokenHTTPResponse

    private let recorded = Mutex<[TokenHTTPRequest]>([])
    private let responder: Responder

    init(_ responder: @escaping Responder) {
        self.responder = responder
    }

    /// Answers the n-th request with `script[n]`; past the end, a transport failure.
    convenience init(script: [Result<TokenHTTPResponse, Failure>]) {
        self.init { _, index in
            guard index < script.count else { throw Failure(description: "no scripted response \(index)") }
            return try script[index].get()
        }
    }

    var requests: [TokenHTTPRequest] { recorded.withLock { $0 } }

    func send(_ request: TokenHTTPRequest) async throws -> TokenHTTPResponse {
        let index = recorded.withLock { requests -> Int in
            requests.append(request)
            return requests.count - 1
        }
        return try responder(request, index)
    }
}

extension TokenHTTPResponse {
    /// A JSON response.
    static func json(_ status: Int, _ body: String, headers: [(String, String)] = []) -> TokenHTTPResponse {
        TokenHTTPResponse(
            status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(body.utf8))
    }

    /// A successful Entra ID v2 response.
    static func entraToken(_ token: String, expiresIn: Int = 3599) -> TokenHTTPResponse {
        .json(
            200,
            #"{"token_type":"Bearer","expires_in":\#(expiresIn),"ext_expires_in":\#(expiresIn),"access_token":"\#(token)"}"#
        )
    }
}

extension TokenHTTPRequest {
    /// The body as a string.
    var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The form fields of an `application/x-www-form-urlencoded` body, in order, decoded.
    var formFields: [(String, String)] {
        bodyText.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (percentDecode(String(parts[0])), percentDecode(parts.count > 1 ? String(parts[1]) : ""))
        }
    }

    func formField(_ name: String) -> String? { formFields.first { $0.0 == name }?.1 }

    /// The query parameters of `url`, decoded.
    var queryItems: [(String, String)] {
        guard let question = url.firstIndex(of: "?") else { return [] }
        return url[url.index(after: question)...].split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (percentDecode(String(parts[0])), percentDecode(parts.count > 1 ? String(parts[1]) : ""))
        }
    }

    /// The URL without its query.
    var urlWithoutQuery: String { url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url }
}

func percentDecode(_ text: String) -> String {
    var bytes: [UInt8] = []
    var iterator = Array(text.utf8).makeIterator()
    while let byte = iterator.next() {
        if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
            let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
        {
            bytes.append(value)
        } else if byte == UInt8(ascii: "+") {
            bytes.append(UInt8(ascii: " "))
        } else {
            bytes.append(byte)
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}
