// An Entra ID access token and its lifetime; never printed.

/// A bearer token for one scope, as a credential returned it.
///
/// `description`, `debugDescription` and the mirror leave the token out, so logging or dumping an
/// `AccessToken` cannot leak it.
public struct AccessToken: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The bearer token (a JWT for Entra ID).
    public let token: String
    /// When the token expires, in Unix seconds.
    public let expiresOn: Int64
    /// When the issuer suggests refreshing it (`refresh_in`), in Unix seconds; nil when it did not say.
    public let refreshOn: Int64?

    public init(token: String, expiresOn: Int64, refreshOn: Int64? = nil) {
        self.token = token
        self.expiresOn = expiresOn
        self.refreshOn = refreshOn
    }

    public var description: String {
        let refresh = refreshOn.map { ", refreshOn: \($0)" } ?? ""
        return "AccessToken(expiresOn: \(expiresOn)\(refresh), token: <redacted>)"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["expiresOn": expiresOn, "refreshOn": refreshOn as Any], displayStyle: .struct)
    }
}
