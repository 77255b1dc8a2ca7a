// The TLS protocol versions a configuration may allow.
import COpenSSL

/// A TLS protocol version. Older versions are not offered: TLS 1.2 is the floor.
public enum TLSVersion: Sendable, Equatable, Comparable, CustomStringConvertible {
    case tls12
    case tls13

    /// OpenSSL's number for the version (`TLS1_2_VERSION`, `TLS1_3_VERSION`).
    var protocolNumber: Int32 {
        switch self {
        case .tls12: TLS1_2_VERSION
        case .tls13: TLS1_3_VERSION
        }
    }

    /// As OpenSSL's `SSL_get_version` spells it: "TLSv1.2", "TLSv1.3".
    public var description: String {
        switch self {
        case .tls12: "TLSv1.2"
        case .tls13: "TLSv1.3"
        }
    }
}
