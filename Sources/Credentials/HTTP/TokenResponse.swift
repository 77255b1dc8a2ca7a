// Reads the access token and its expiry out of the JSON that Entra ID, IMDS, App Service and the CLIs return.
import JSON

/// Why a response body did not yield a token. Descriptions never quote the body (it may hold the token).
enum TokenResponseProblem: Error, CustomStringConvertible {
    case notJSON
    case noAccessToken(field: String)
    case invalidAccessToken(field: String)
    case noExpiry(fields: String)

    var description: String {
        switch self {
        case .notJSON: "the response is not a JSON object"
        case .noAccessToken(let field): "the response has no \"\(field)\""
        case .invalidAccessToken(let field): "the \"\(field)\" in the response is not a valid bearer token"
        case .noExpiry(let fields): "the response has no valid \(fields)"
        }
    }
}

enum TokenResponse {
    /// Parses an OAuth 2.0 token response (entra.md §4.7):
    /// 1. `expires_on` as a number or numeric string is the expiry in Unix seconds;
    /// 2. otherwise `expires_in` (number or numeric string) counts from `requestedAt`;
    /// `refresh_in`, when present, counts from `requestedAt` too.
    static func parse(_ body: [UInt8], requestedAt: Int64) -> Result<AccessToken, TokenResponseProblem> {
        guard let json = try? JSONValue.parse(body), json.objectValue != nil else { return .failure(.notJSON) }
        let token: String
        switch bearerToken(json["access_token"], field: "access_token") {
        case .success(let value): token = value
        case .failure(let problem): return .failure(problem)
        }
        let expiresOn: Int64
        if let absolute = json["expires_on"]?.lenientInt64, absolute > 0 {
            expiresOn = absolute
        } else if let relative = json["expires_in"]?.lenientInt64, relative >= 0 {
            expiresOn = requestedAt + relative
        } else {
            return .failure(.noExpiry(fields: "\"expires_on\" or \"expires_in\""))
        }
        let refreshOn = json["refresh_in"]?.lenientInt64.flatMap { $0 > 0 ? requestedAt + $0 : nil }
        return .success(AccessToken(token: token, expiresOn: expiresOn, refreshOn: refreshOn))
    }

    /// The string in `value`, if it can go into an `Authorization: Bearer` header as it is: printable
    /// ASCII without spaces. A token with CR/LF would let a hostile endpoint inject header lines.
    static func bearerToken(_ value: JSONValue?, field: String) -> Result<String, TokenResponseProblem> {
        guard let token = value?.stringValue, !token.isEmpty else { return .failure(.noAccessToken(field: field)) }
        guard token.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else {
            return .failure(.invalidAccessToken(field: field))
        }
        return .success(token)
    }
}

extension JSONValue {
    /// An integer from an integer literal, a numeric literal with a fraction (truncated), or a string
    /// holding one: IMDS and App Service send `"expires_on":"1586984735"`, Entra v2 sends numbers.
    var lenientInt64: Int64? {
        switch self {
        case .number(let literal):
            if let integer = Int64(literal) { return integer }
            return Double(literal).flatMap { $0.isFinite && abs($0) < 9e15 ? Int64($0) : nil }
        case .string(let text):
            let trimmed = text.trimmingASCIIWhitespace()
            if let integer = Int64(trimmed) { return integer }
            return Double(trimmed).flatMap { $0.isFinite && abs($0) < 9e15 ? Int64($0) : nil }
        default:
            return nil
        }
    }
}
