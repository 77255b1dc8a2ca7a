// Taking the token out of `Authorization: Bearer TOKEN` (RFC 6750 §2.1, RFC 9110 §11.4).

enum BearerCredentials {
    /// The token of a Bearer Authorization field value, or nil for another scheme or no token.
    /// The scheme is case-insensitive and may be followed by several spaces (RFC 9110 §11.1).
    static func token(in fieldValue: String?) -> Substring.UTF8View? {
        guard let fieldValue else { return nil }
        let value = Substring(fieldValue).utf8
        let scheme = value.prefix(while: { $0 != UInt8(ascii: " ") })
        guard scheme.count == 6, String(Substring(scheme)).lowercased() == "bearer" else { return nil }
        let token = value[scheme.endIndex...].drop(while: { $0 == UInt8(ascii: " ") })
        return token.isEmpty ? nil : Substring(token).utf8
    }
}
