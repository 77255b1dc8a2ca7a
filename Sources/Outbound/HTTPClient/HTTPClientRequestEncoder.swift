// Serialising a client request head and body, refusing anything that could split or smuggle a request.
import HTTP

enum HTTPClientRequestEncoder {
    /// Fields the encoder writes itself.
    static let reserved: Set<String> = ["host", "content-length", "connection", "transfer-encoding"]

    static func encode(_ request: HTTPClientRequest, url: AbsoluteURL) throws(HTTPClientError) -> [UInt8] {
        guard HTTPSyntax.isToken(request.method) else {
            throw .invalidRequest("the method must be a token")
        }
        var text = request.method + " " + url.requestTarget + " HTTP/1.1\r\n"
        text += "Host: " + url.hostHeader + "\r\n"
        for (name, value) in request.headers {
            guard HTTPSyntax.isToken(name) else {
                throw .invalidRequest("the field name \"\(name)\" is not a token")
            }
            guard !reserved.contains(name.lowercased()) else {
                throw .invalidRequest("the field \(name) is written by the client itself")
            }
            // CR, LF and NUL would end the field early: refuse rather than send a second request.
            guard HTTPSyntax.isFieldValue(value) else {
                throw .invalidRequest("the value of \(name) contains control characters")
            }
            text += name + ": " + value + "\r\n"
        }
        if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
            text += "Content-Length: " + String(request.body.count) + "\r\n"
        }
        text += "Connection: close\r\n\r\n"
        return Array(text.utf8) + request.body
    }
}
