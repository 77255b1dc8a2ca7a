// Reading a whole small file (a certificate, a token file, a policy, instructions) with a size cap.
#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads for configuration-sized files, without Foundation. A file over `limit` bytes is
/// refused rather than read, so a wrong path (a log, a device) cannot fill memory.
public enum BoundedFile {
    public static func read(_ path: String, limit: Int) -> Result<[UInt8], BoundedFileError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(BoundedFileError(path: path, reason: String(cString: strerror(errno)))) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(BoundedFileError(path: path, reason: String(cString: strerror(errno))))
            }
            if count == 0 { return .success(bytes) }
            bytes += chunk[0..<count]
            if bytes.count > limit {
                return .failure(BoundedFileError(path: path, reason: "the file is larger than \(limit) bytes"))
            }
        }
    }
}

/// Why a file could not be read: its path and the system's reason (or the size cap).
public struct BoundedFileError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot read '\(path)': \(reason)" }
}
