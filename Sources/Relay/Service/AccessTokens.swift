// Optional client access tokens (`--access-tokens-file`): who may spend the operator's Azure quota.
import Posix

/// The tokens clients must present, one per line in a file (`#` comments and blank lines ignored).
/// Browsers cannot set headers on a WebSocket, so a token is accepted from any of: `Authorization:
/// Bearer T`, `api-key: T` (what Azure SDKs send with their key), the query parameter
/// `access_token=T`, or the subprotocol `relay-token.T` (request it next to `realtime`, which the
/// relay selects). The token never goes upstream: the relay builds the upstream request itself.
public struct AccessTokens: Sendable, Equatable {
    public let tokens: [[UInt8]]

    public init(_ tokens: [String]) {
        self.tokens = tokens.map { Array($0.utf8) }
    }

    public var isEmpty: Bool { tokens.isEmpty }

    /// Shorter tokens are refused at start-up: they could be guessed.
    public static let minimumLength = 16

    public static func load(path: String) throws(AccessTokensError) -> AccessTokens {
        let bytes: [UInt8]
        switch BoundedFile.read(path, limit: 1 << 20) {
        case .success(let contents): bytes = contents
        case .failure(let error): throw AccessTokensError("\(error); check --access-tokens-file")
        }
        var tokens: [String] = []
        for (index, rawLine) in String(decoding: bytes, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimming(" \t")
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard line.count >= minimumLength, line.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x2C }) else {
                throw AccessTokensError("access tokens file \(path), line \(index + 1): a token is at least \(minimumLength) visible ASCII characters without spaces or commas")
            }
            tokens.append(String(line))
        }
        guard !tokens.isEmpty else { throw AccessTokensError("access tokens file \(path) has no tokens") }
        return AccessTokens(tokens)
    }

    /// Whether `candidate` is one of the tokens, comparing every byte of every token of the same
    /// length, so the time taken does not tell how much of a guess was right.
    public func accepts(_ candidate: Substring) -> Bool {
        let bytes = Array(candidate.utf8)
        var found = false
        for token in tokens where token.count == bytes.count {
            var difference: UInt8 = 0
            for index in 0..<token.count { difference |= token[index] ^ bytes[index] }
            found = found || difference == 0
        }
        return found
    }
}

public struct AccessTokensError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
