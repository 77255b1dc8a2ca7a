// The viewer's access tokens: which ones are acceptable, and a check that takes the same time for any guess.

/// The tokens that open the log viewer. Each is 16 to 512 characters of the Bearer token68 alphabet,
/// so it fits in `Authorization: Bearer …` as is.
struct ViewerTokens: Sendable {
    private let tokens: [[UInt8]]

    static let minimumLength = 16
    static let maximumLength = 512

    init(_ tokens: [String]) throws(LogViewerSetupError) {
        guard !tokens.isEmpty else { throw .noTokens }
        for token in tokens {
            let bytes = Array(token.utf8)
            guard (Self.minimumLength...Self.maximumLength).contains(bytes.count), bytes.allSatisfy(Self.isToken68) else {
                throw .unusableToken(length: bytes.count)
            }
        }
        self.tokens = tokens.map { Array($0.utf8) }
    }

    /// Whether `presented` equals one of the tokens. The time taken depends only on the presented
    /// length and the number of tokens, never on where a guess first differs or which token matched.
    func accepts(_ presented: some Collection<UInt8>) -> Bool {
        let guess = Array(presented)
        var matched: UInt8 = 0
        for token in tokens {
            var difference: UInt8 = guess.count == token.count ? 0 : 1
            for (index, byte) in guess.enumerated() {
                difference |= byte ^ token[index % token.count]  // modulo: no branch on the token's length
            }
            matched |= difference == 0 ? 1 : 0
        }
        return matched == 1
    }

    /// RFC 6750 §2.1 b64token: ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/", then "=" padding.
    static func isToken68(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="):
            true
        default:
            false
        }
    }
}
