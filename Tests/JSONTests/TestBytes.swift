// Small helpers the JSON tests share: UTF-8 conversion and parse-or-error wrappers.

import JSON

/// The UTF-8 bytes of `text`.
func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The parse error for `bytes`, or nil when they parse.
func parseError(_ bytes: [UInt8], limits: JSONLimits = .default) -> JSONParseError? {
    do {
        _ = try JSONValue.parse(bytes, limits: limits)
        return nil
    } catch {
        return error
    }
}

/// Parses `text` and serializes the result back to a string.
func reserialized(_ text: String) throws -> String {
    try JSONValue.parse(text).serializedString
}

/// Deterministic pseudo-random numbers (SplitMix64), so generated cases are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// `count` variants of `seeds`, each with one to three bytes replaced, inserted or removed (bytes that
/// matter to JSON: brackets, quotes, escapes, digits, control and invalid UTF-8 bytes), reproducibly.
func corruptedDocuments(of seeds: [String], seed: UInt64, count: Int) -> [[UInt8]] {
    var generator = SeededGenerator(seed: seed)
    let interesting: [UInt8] = Array(#"{}[]":,\/"u0123456789abcdefABCDEF-+.eE tfnrul"#.utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xFF]
    return (0..<count).map { _ in
        var bytes = utf8(seeds.randomElement(using: &generator)!)
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            let position = Int.random(in: 0..<bytes.count, using: &generator)
            let byte = interesting.randomElement(using: &generator)!
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: bytes[position] = byte
            case 1: bytes.insert(byte, at: position)
            default: if bytes.count > 1 { bytes.remove(at: position) }
            }
        }
        return bytes
    }
}
