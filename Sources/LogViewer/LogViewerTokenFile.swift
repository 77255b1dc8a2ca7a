// Reading the viewer's tokens from a file, so they stay out of the command line and the environment.
import Posix

/// The token file: one token per line; blank lines and lines starting with `#` are ignored, and
/// spaces around a token (including a CR from a Windows editor) are trimmed.
package enum LogViewerTokenFile {
    package static func read(_ path: String) throws(LogViewerSetupError) -> [String] {
        let bytes: [UInt8]
        switch BoundedFile.read(path, limit: 64 * 1024) {
        case .success(let read): bytes = read
        case .failure(let error): throw .tokenFile(path: path, reason: error.reason)
        }
        let tokens = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).compactMap { line -> String? in
            let trimmed = line.drop(while: isSpace).reversed().drop(while: isSpace).reversed()
            guard let first = trimmed.first, first != UInt8(ascii: "#") else { return nil }
            return String(decoding: trimmed, as: UTF8.self)
        }
        guard !tokens.isEmpty else { throw .tokenFile(path: path, reason: "it holds no token") }
        return tokens
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }
}
