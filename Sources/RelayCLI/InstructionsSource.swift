// The operator's instructions: --instructions / RELAY_INSTRUCTIONS, or a file (--instructions-file / RELAY_INSTRUCTIONS_FILE).
import Posix

enum InstructionsSource {
    /// Larger files are refused: instructions are a prompt, and each session sends them upstream.
    static let maxFileBytes = 256 * 1024

    /// The instructions from the first source set, or nil when none is.
    static func resolve(text: String?, file: String?) throws -> String? {
        if let text = text ?? environment("RELAY_INSTRUCTIONS") { return text }
        guard let path = file ?? environment("RELAY_INSTRUCTIONS_FILE") else { return nil }
        return try read(path)
    }

    private static func read(_ path: String) throws -> String {
        let bytes: [UInt8]
        switch BoundedFile.read(path, limit: maxFileBytes) {
        case .success(let contents): bytes = contents
        case .failure(let error):
            throw StartupError(description: "\(error); check --instructions-file or RELAY_INSTRUCTIONS_FILE")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw StartupError(description: "the instructions file \(path) is not UTF-8 text")
        }
        let trimmed = text.trimmingSuffix { $0 == "\n" || $0 == "\r" }
        guard !trimmed.isEmpty else { throw StartupError(description: "the instructions file \(path) is empty") }
        return trimmed
    }
}

extension String {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> String {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return String(self[..<end])
    }
}
