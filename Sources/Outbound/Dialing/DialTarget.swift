// Where an outgoing connection goes: host, port, and TLS or not.
import TLS

/// A host and port to connect to, with the TLS configuration to use (nil: plain TCP). With TLS the
/// host is also the name sent in SNI and verified against the certificate (DNS or IP SAN).
public struct DialTarget: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var tls: TLSConfiguration?

    public init(host: String, port: Int, tls: TLSConfiguration?) {
        self.host = host
        self.port = port
        self.tls = tls
    }

    /// `host:port`, bracketing IPv6 literals.
    public var description: String {
        (host.contains(":") ? "[" + host + "]" : host) + ":" + String(port)
    }
}
