// Base64 (RFC 4648 §4, for x5c) and base64url without padding (RFC 7515 §2, for JWTs).

enum Base64 {
    /// Standard alphabet with `=` padding.
    static func encode(_ bytes: some Collection<UInt8>) -> String {
        encode(bytes, alphabet: standard, padded: true)
    }

    /// URL-safe alphabet (`-`, `_`), no padding: the JWS encoding.
    static func urlEncode(_ bytes: some Collection<UInt8>) -> String {
        encode(bytes, alphabet: urlSafe, padded: false)
    }

    private static let standard = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let urlSafe = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static func encode(_ bytes: some Collection<UInt8>, alphabet: [UInt8], padded: Bool) -> String {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= input.count {
            let value = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            for shift in [18, 12, 6, 0] { output.append(alphabet[Int((value >> UInt32(shift)) & 0x3f)]) }
            index += 3
        }
        let remaining = input.count - index
        if remaining > 0 {
            let value = UInt32(input[index]) << 16 | (remaining == 2 ? UInt32(input[index + 1]) << 8 : 0)
            output.append(alphabet[Int((value >> 18) & 0x3f)])
            output.append(alphabet[Int((value >> 12) & 0x3f)])
            if remaining == 2 { output.append(alphabet[Int((value >> 6) & 0x3f)]) }
            if padded { output += Array(repeating: UInt8(ascii: "="), count: 3 - remaining) }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
