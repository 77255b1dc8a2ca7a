// Bounded whole-file read with Glibc for the session policy file (the relay does not use Foundation).
#if canImport(Glibc)
import Glibc
#endif

enum SessionPolicyFileReader {
    /// All of `path`, or the system's reason it cannot be read (also when it is larger than `limit` bytes).
    static func read(_ path: String, limit: Int) -> Result<[UInt8], SessionPolicyFileReadFailure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.init(reason: String(cString: strerror(errno)))) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.init(reason: String(cString: strerror(errno))))
            }
            if count == 0 { return .success(bytes) }
            bytes += chunk[0..<count]
            if bytes.count > limit { return .failure(.init(reason: "it is larger than \(limit) bytes")) }
        }
    }
}

struct SessionPolicyFileReadFailure: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
