// Why the upstream configuration is unusable, with what to do about it.
import Credentials
import TLS

public enum UpstreamConfigurationError: Error, CustomStringConvertible {
    /// A required variable is missing; `hint` says what to set (or that `--simulator` avoids it).
    case missing(String, hint: String)
    /// A variable has a value we cannot use. `value` is shown, so never use this for secrets.
    case invalid(String, value: String, reason: String)
    /// No credential could be configured (e.g. an invalid AZURE_TOKEN_CREDENTIALS).
    case credential(CredentialError)
    /// The TLS client could not be set up (e.g. an unreadable SSL_CERT_FILE).
    case tls(TLSError)

    public var description: String {
        switch self {
        case .missing(let name, let hint): "\(name) is not set; \(hint)"
        case .invalid(let name, let value, let reason): "\(name)=\(value) is not usable: \(reason)"
        case .credential(let error): "\(error)"
        case .tls(let error): "cannot set up TLS for the upstream: \(error)"
        }
    }
}
