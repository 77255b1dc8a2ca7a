// Defence in depth for session records: fields that could carry a credential are never written.
import JSON

/// The relay hands the log frames and session details it has already stripped of credentials (the
/// handshake's `api-key`, `Authorization` and access tokens are never passed in). Should a caller
/// still pass one in a session_start/session_end field, its value is replaced, at any depth.
enum CredentialRedaction {
    static let placeholder: JSONValue = "[redacted]"

    /// Keys compared after lowercasing and turning `-` into `_`.
    private static let secretKeys: Set<String> = [
        "authorization", "proxy_authorization", "api_key", "apikey", "cookie", "set_cookie", "headers",
        "access_token", "refresh_token", "id_token", "client_secret", "client_assertion", "password",
        "secret", "token", "bearer", "x_ms_token",
    ]

    static func redacted(_ object: JSONObject) -> JSONObject {
        var result = JSONObject()
        for (key, value) in object {
            result[key] = isSecretKey(key) ? placeholder : redacted(value)
        }
        return result
    }

    private static func redacted(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object): return .object(redacted(object))
        case .array(let elements): return .array(elements.map(redacted))
        case .string(let text) where looksLikeCredential(text): return placeholder
        default: return value
        }
    }

    static func isSecretKey(_ key: String) -> Bool {
        secretKeys.contains(String(key.lowercased().map { $0 == "-" ? "_" : $0 }))
    }

    /// `Bearer …` and `Basic …` header values, wherever they appear.
    private static func looksLikeCredential(_ text: String) -> Bool {
        let lowered = text.prefix(7).lowercased()
        return lowered.hasPrefix("bearer ") || lowered.hasPrefix("basic ")
    }
}
