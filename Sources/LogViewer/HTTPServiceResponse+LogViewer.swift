// The viewer's kinds of answer: JSON, JSON errors, 401 with its challenge, the page redirect.
import HTTP
import JSON
import Server

extension HTTPServiceResponse {
    /// Logs are personal data: no cache keeps them, and no browser second-guesses their type.
    static let privateFields = [("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")]

    static func json(_ status: HTTPStatus, _ body: [UInt8], fields: [(String, String)] = []) -> Self {
        Self(status: status, contentType: "application/json", headerFields: privateFields + fields, body: .bytes(body))
    }

    /// `{"error": message}`: the page shows `message` as is, so it says what to do.
    static func jsonError(_ status: HTTPStatus, _ message: String, fields: [(String, String)] = []) -> Self {
        json(status, JSONValue.object(["error": .string(message)]).serialized(), fields: fields)
    }

    /// RFC 6750 §3: a missing token gets the bare challenge, a wrong one `error="invalid_token"`.
    static func unauthorized(_ message: String, invalidToken: Bool) -> Self {
        let challenge = #"Bearer realm="realtime-relay logs""# + (invalidToken ? #", error="invalid_token""# : "")
        return jsonError(.unauthorized, message, fields: [("WWW-Authenticate", challenge)])
    }

    static func redirect(to location: String) -> Self {
        Self(status: .found, contentType: nil, headerFields: [("Location", location)], body: .bytes([]))
    }
}
