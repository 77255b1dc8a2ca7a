// LogRedaction: replaces the values of secret-bearing metadata keys with "[redacted]".

import Logging

/// Keeps secrets out of logs: a metadata value whose key names a secret is replaced by
/// `[redacted]`, at any nesting depth, before any handler formats it.
///
/// Keys are compared case-insensitively with `_` and `-` treated alike. Sensitive keys:
/// `api-key`, `apikey`, `authorization`, `proxy-authorization`, `password`, `secret`, `token`,
/// `client-secret`, `cookie`, `set-cookie`, and any key ending in `-api-key`, `-secret`,
/// `-password` or `-token` (e.g. `x-api-key`, `access_token`, `ephemeral-token`).
package enum LogRedaction {
    /// The replacement text.
    package static let placeholder = "[redacted]"

    private static let exactKeys: Set<String> = [
        "api-key", "apikey", "authorization", "proxy-authorization", "password", "secret", "token",
        "client-secret", "cookie", "set-cookie",
    ]
    private static let suffixes = ["-api-key", "-secret", "-password", "-token"]

    /// Whether a metadata key names a secret.
    package static func isSensitive(key: String) -> Bool {
        let normalized = String(decoding: key.utf8.map { byte -> UInt8 in
            if byte >= 65, byte <= 90 { return byte + 32 }
            return byte == UInt8(ascii: "_") ? UInt8(ascii: "-") : byte
        }, as: UTF8.self)
        if exactKeys.contains(normalized) { return true }
        return suffixes.contains { normalized.hasSuffix($0) }
    }

    /// The metadata with every sensitive key's value replaced, recursively.
    package static func redact(_ metadata: Logger.Metadata) -> Logger.Metadata {
        var result = metadata
        for (key, value) in metadata {
            if isSensitive(key: key) {
                result[key] = .string(placeholder)
            } else if let redacted = redactNested(value) {
                result[key] = redacted
            }
        }
        return result
    }

    /// The value with sensitive keys inside its dictionaries replaced, or `nil` when unchanged
    /// (so the common flat case allocates nothing).
    private static func redactNested(_ value: Logger.MetadataValue) -> Logger.MetadataValue? {
        switch value {
        case .string, .stringConvertible:
            return nil
        case .dictionary(let dictionary):
            return .dictionary(redact(dictionary))
        case .array(let array):
            guard array.contains(where: { if case .string = $0 { false } else { true } }) else { return nil }
            return .array(array.map { redactNested($0) ?? $0 })
        }
    }
}
