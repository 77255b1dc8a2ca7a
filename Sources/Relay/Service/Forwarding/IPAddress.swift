// Numeric IP addresses and CIDR blocks, for `--trusted-proxies` and forwarding fields.
import Glibc

/// An IPv4 or IPv6 address as its bytes. IPv4-mapped IPv6 (`::ffff:a.b.c.d`, what a dual-stack
/// listener reports for IPv4 peers) is stored as IPv4, so one CIDR list covers both listeners.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 or 16 bytes, network order.
    public let bytes: [UInt8]

    /// Parses a numeric address (no host names, no ports, no brackets).
    public init?(_ text: some StringProtocol) {
        var text = String(text)
        if let percent = text.firstIndex(of: "%") { text = String(text[..<percent]) }  // IPv6 zone
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let raw = withUnsafeBytes(of: v6) { Array($0) }
        bytes = raw[0..<10].allSatisfy { $0 == 0 } && raw[10] == 0xff && raw[11] == 0xff ? Array(raw[12...]) : raw
    }

    public var isIPv4: Bool { bytes.count == 4 }

    public var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var v6 = in6_addr()
        withUnsafeMutableBytes(of: &v6) { $0.copyBytes(from: bytes) }
        return inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count)) != nil
            ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
    }
}

/// An address block such as `10.0.0.0/8`, `fd00::/8` or a single address (`127.0.0.1`).
public struct CIDRBlock: Sendable, Hashable, CustomStringConvertible {
    public let network: IPAddress
    public let prefixLength: Int

    /// Parses `ADDRESS[/LENGTH]`; nil when either part is invalid.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { return nil }
        // `::ffff:10.0.0.0/104` is written as IPv6 but means the mapped IPv4 block 10.0.0.0/8.
        let writtenAsIPv6 = parts[0].contains(":")
        let maximum = writtenAsIPv6 ? 128 : 32
        var length = address.bytes.count * 8
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...maximum).contains(parsed) else { return nil }
            length = parsed
            if address.isIPv4 && writtenAsIPv6 {
                guard parsed >= 96 else { return nil }
                length = parsed - 96
            }
        }
        network = address
        prefixLength = length
    }

    public func contains(_ address: IPAddress) -> Bool {
        guard address.bytes.count == network.bytes.count else { return false }
        var remaining = prefixLength
        for index in 0..<network.bytes.count where remaining > 0 {
            let bits = min(8, remaining)
            let mask: UInt8 = bits == 8 ? 0xff : ~(0xff >> UInt8(bits))
            if address.bytes[index] & mask != network.bytes[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    public var description: String { "\(network)/\(prefixLength)" }
}
