// How a client names the server it checks: a DNS name or an IP address literal.
#if canImport(Glibc)
import Glibc
#endif

/// The identity a client verifies the server's certificate against. A DNS name is also sent as
/// SNI; an IP literal is not (RFC 6066 §3 forbids literal addresses in SNI) and must match an IP
/// address SAN instead (RFC 6125 §1.7.2 leaves the CN out of it).
enum TLSServerIdentity: Equatable {
    case dnsName(String)
    case ipAddress(String)

    /// `serverName` as given: "api.example.com", "api.example.com." (SNI carries no trailing dot,
    /// RFC 6066 §3), "127.0.0.1", "::1" or "[::1]". Nil when empty.
    init?(_ serverName: String) {
        var name = serverName
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        var address = in6_addr()
        if inet_pton(AF_INET, name, &address) == 1 || inet_pton(AF_INET6, name, &address) == 1 {
            self = .ipAddress(name)
            return
        }
        if name.hasSuffix(".") { name.removeLast() }
        guard !name.isEmpty else { return nil }
        self = .dnsName(name)
    }

    static let missing = TLSError(kind: .configuration, message: "a TLS client needs the server's name to verify its certificate")

    var text: String {
        switch self {
        case .dnsName(let name), .ipAddress(let name): name
        }
    }
}
