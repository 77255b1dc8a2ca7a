// Bounded whole-file reads with Glibc, for certificates and federated token files.
#if canImport(Glibc)
import Glibc
#endif

enum FileContents {
    /// Reads all of `path`, refusing files larger than `limit` bytes. The error is a sentence naming the
    /// path and the system's reason.
    static func read(_ path: String, limit: Int) -> Result<[UInt8], FileReadError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            return .failure(FileReadError(path: path, reason: String(cString: strerror(errno))))
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(FileReadError(path: path, reason: String(cString: strerror(errno))))
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
            if bytes.count > limit {
                return .failure(FileReadError(path: path, reason: "the file is larger than \(limit) bytes"))
            }
        }
        return .success(bytes)
    }
}

struct FileReadError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "cannot read '\(path)': \(reason)" }
}
