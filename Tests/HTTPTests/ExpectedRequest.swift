// What one request of a valid input must parse to.

import HTTP

/// What one request of a valid input must parse to.
struct ExpectedRequest: Sendable {
    var method: HTTPMethod
    var target: String
    var path: String
    var query: String? = nil
    var version: HTTPVersion = .http1_1
    var keepAlive = true
    var framing: HTTPBodyFraming = .none
    var body = ""
    /// Checked with `headers[name]`; nil means the field must be absent.
    var fields: [String: String?] = [:]
    var fieldCount: Int? = nil
}
