// The operator's instructions: --instructions / RELAY_INSTRUCTIONS, or a file (--instructions-file / RELAY_INSTRUCTIONS_FILE).
#if canImport(Glibc)
import Glibc
#endif

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
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw StartupError(description: "cannot read the instructions file \(path): \(String(cString: strerror(errno))); "
                + "check --instructions-file or RELAY_INSTRUCTIONS_FILE")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = Glibc.read(fd, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
            guard bytes.count <= maxFileBytes else {
                throw StartupError(description: "the instructions file \(path) is larger than \(maxFileBytes / 1024) KiB")
            }
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
