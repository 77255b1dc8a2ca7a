// Ids in OpenAI's style (`event_…`, `item_…`, `resp_…`): a prefix, then 21 base62 characters.

/// Unique within a session because of the counter, and across sessions because of the random salt.
struct IdentifierGenerator {
    private static let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    private let salt: [UInt8]
    private var counter: UInt64 = 0

    init() {
        var generator = SystemRandomNumberGenerator()
        salt = (0..<9).map { _ in Self.digits[Int(generator.next(upperBound: UInt64(Self.digits.count)))] }
    }

    /// `prefix` + "_" + 9 salt characters + a 12-character counter.
    mutating func next(_ prefix: String) -> String {
        counter += 1
        var tail = [UInt8](repeating: Self.digits[0], count: 12)
        var value = counter
        var index = tail.count - 1
        while value > 0 && index >= 0 {
            tail[index] = Self.digits[Int(value % 62)]
            value /= 62
            index -= 1
        }
        return prefix + "_" + String(decoding: salt + tail, as: UTF8.self)
    }
}
