// Who the client is when the relay runs behind a reverse proxy (`--trusted-proxies`).
import HTTP

/// The reverse proxies whose forwarding fields the relay believes. Anyone can send
/// `X-Forwarded-For`; only a proxy the operator named may tell the relay who the client is, or the
/// per-address limits would be as easy to dodge as adding a header.
public struct TrustedProxies: Sendable, Equatable {
    public var blocks: [CIDRBlock]

    public init(_ blocks: [CIDRBlock] = []) { self.blocks = blocks }

    /// Parses `--trusted-proxies` (comma-separated addresses or CIDR blocks).
    public static func parse(_ list: String) throws(TrustedProxiesError) -> TrustedProxies {
        var blocks: [CIDRBlock] = []
        for item in list.split(separator: ",") {
            let text = item.trimming(" \t")
            guard !text.isEmpty else { continue }
            guard let block = CIDRBlock(text) else { throw TrustedProxiesError(item: String(text)) }
            blocks.append(block)
        }
        return TrustedProxies(blocks)
    }

    public var isEmpty: Bool { blocks.isEmpty }

    public func trusts(_ address: IPAddress) -> Bool { blocks.contains { $0.contains(address) } }
}

public struct TrustedProxiesError: Error, CustomStringConvertible {
    public let item: String
    public var description: String {
        "--trusted-proxies: \"\(item)\" is not an IP address or CIDR block (e.g. 10.0.0.0/8, 127.0.0.1, fd00::/8)"
    }
}

/// The client as the relay counts and logs it: the TCP peer, or, when that peer is a trusted proxy,
/// the address and scheme the proxy forwarded.
public struct ForwardedClient: Sendable, Equatable {
    /// The client's address (no port): what per-address limits count.
    public var address: String
    /// `http` or `https` as the client used it, when a trusted proxy said so; nil otherwise.
    public var scheme: String?
    /// Whether `address` came from a forwarding field.
    public var viaProxy: Bool

    /// Walks `X-Forwarded-For` (with `X-Forwarded-Proto`), else `Forwarded` (RFC 7239), from the
    /// right: each hop added by a trusted proxy is believed, and the first address not trusted is the
    /// client. A malformed hop stops the walk at the last address known good.
    ///
    /// Why `X-Forwarded-For` first: a proxy appends to the field it maintains and passes the other one
    /// through as the client wrote it. nginx, ingress-nginx, Envoy and Azure's front ends all maintain
    /// `X-Forwarded-For`, so preferring `Forwarded` would believe whatever a client put there.
    public static func resolve(peer: IPAddress?, peerText: String, head: HTTPRequestHead,
                               trusted: TrustedProxies) -> ForwardedClient {
        guard let peer, !trusted.isEmpty, trusted.trusts(peer) else {
            return ForwardedClient(address: peerText, scheme: nil, viaProxy: false)
        }
        let addresses = head.headers.values("x-forwarded-for").flatMap { $0.split(separator: ",") }
        let hops: [(address: IPAddress?, proto: String?)]
        if !addresses.isEmpty {
            let protos = head.headers.values("x-forwarded-proto").flatMap { $0.split(separator: ",") }
            let last = protos.last.map { $0.trimming(" \t").lowercased() }
            hops = addresses.enumerated().map { index, text in
                (IPAddress(ForwardedField.stripPort(String(text.trimming(" \t")))), index == addresses.count - 1 ? last : nil)
            }
        } else {
            hops = head.headers.values("forwarded").flatMap { ForwardedField.elements($0) }
        }
        var client = peer
        var scheme: String?
        var believed = false
        for hop in hops.reversed() {
            guard trusted.trusts(client), let address = hop.address else { break }
            if scheme == nil, let proto = hop.proto, proto == "http" || proto == "https" { scheme = proto }
            client = address
            believed = true
        }
        if hops.isEmpty, let proto = head.headers["x-forwarded-proto"]?.lowercased(), proto == "http" || proto == "https" {
            scheme = proto
        }
        return ForwardedClient(address: client.description, scheme: scheme, viaProxy: believed)
    }
}

/// Parsing of RFC 7239 `Forwarded` elements and of forwarded addresses.
enum ForwardedField {
    /// `for=192.0.2.60;proto=https, for="[2001:db8::1]:4711"` -> its elements' addresses and protos.
    static func elements(_ value: String) -> [(address: IPAddress?, proto: String?)] {
        value.split(separator: ",").map { element in
            var address: IPAddress?
            var proto: String?
            for pair in element.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let name = parts[0].trimming(" \t").lowercased()
                var text = String(parts[1].trimming(" \t"))
                if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
                if name == "for" { address = IPAddress(stripPort(text)) }
                if name == "proto" { proto = text.lowercased() }
            }
            return (address, proto)
        }
    }

    /// `[v6]:port` -> `v6`, `v4:port` -> `v4`; a bare IPv6 address stays whole.
    static func stripPort(_ text: String) -> String {
        if text.hasPrefix("[") {
            guard let end = text.firstIndex(of: "]") else { return text }
            return String(text[text.index(after: text.startIndex)..<end])
        }
        if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") { return String(text[..<colon]) }
        return text
    }
}

extension StringProtocol {
    /// The text without leading and trailing characters from `set` (e.g. " \t"); Foundation-free.
    func trimming(_ set: String) -> Substring {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return text
    }
}
