// The bytes of one log file, read a chunk at a time and inflated when the file is gzip.

#if canImport(Glibc)
import Glibc
#endif

/// A log file as a stream of decoded bytes. Whether it is gzip is decided by its first two bytes
/// (`1f 8b`), not its name, so a renamed file still reads.
///
/// Problems in the byte stream itself (a gzip file cut off before its trailer, corrupt compressed
/// data, trailing garbage) do not throw: everything readable before them is delivered and the
/// problem is left in ``problem`` for the reader to report.
final class FrameLogByteSource {
    let path: String
    let isCompressed: Bool
    /// The file's size on disk, for progress.
    let fileSize: Int
    /// Bytes of the file read so far.
    private(set) var fileOffset = 0
    /// What went wrong in the byte stream, once; taken by the reader.
    private(set) var problem: String?

    private let descriptor: Int32
    private let inflater: GzipInflater?
    private var chunk: [UInt8]
    /// The first chunk, read at open to look at the magic bytes; delivered by the first refill.
    private var pending: [UInt8]?
    private var finished = false
    static let chunkSize = 256 * 1024

    init(path: String) throws(FrameLogOpenError) {
        self.path = path
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw .notFound(path: path) }
            throw .unreadable(path: path, reason: String(cString: strerror(code)))
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            throw .isDirectory(path: path, logs: FrameLogFiles.logs(in: path))
        }
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        fileSize = Int(info.st_size)
        chunk = [UInt8](repeating: 0, count: Self.chunkSize)
        var first = [UInt8](repeating: 0, count: Self.chunkSize)
        let count = Self.read(descriptor, into: &first)
        guard count >= 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw .unreadable(path: path, reason: reason)
        }
        first.removeSubrange(count...)
        fileOffset = count
        isCompressed = count >= 2 && first[0] == 0x1F && first[1] == 0x8B
        inflater = isCompressed ? GzipInflater() : nil
        pending = first
    }

    deinit { close(descriptor) }

    /// Appends the next decoded bytes to `buffer`. Returns false at the end of the readable data
    /// (after which ``problem`` may say why it ended early).
    func refill(_ buffer: inout [UInt8]) -> Bool {
        while !finished {
            let raw: [UInt8]
            if let first = pending {
                pending = nil
                raw = first
            } else {
                let count = Self.read(descriptor, into: &chunk)
                if count < 0 {
                    problem = "reading stopped at byte \(fileOffset): \(String(cString: strerror(errno)))"
                    finished = true
                    return false
                }
                fileOffset += count
                raw = count == 0 ? [] : Array(chunk[0..<count])
            }
            if raw.isEmpty {
                finished = true
                if let inflater, inflater.isInsideMember {
                    problem = "the compressed file ends without its gzip trailer (the relay probably stopped "
                        + "before closing the log); everything readable was read"
                }
                return false
            }
            guard let inflater else {
                buffer.append(contentsOf: raw)
                return true
            }
            let before = buffer.count
            let outcome = raw.withUnsafeBytes { inflater.inflate($0, appendingTo: &buffer) }
            switch outcome {
            case .consumed:
                break
            case .trailingData(let count):
                problem = "\(count) bytes after the end of the compressed data are not gzip; they were ignored"
                finished = true
            case .corrupt(let detail):
                problem = "the compressed data is corrupt near byte \(inflater.compressedOffset) of the file "
                    + "(\(detail)); the lines before it were read"
                finished = true
            }
            if buffer.count > before { return true }
        }
        return false
    }

    /// Hands over the stream problem once.
    func takeProblem() -> String? {
        defer { problem = nil }
        return problem
    }

    private static func read(_ descriptor: Int32, into chunk: inout [UInt8]) -> Int {
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            return count
        }
    }
}

@available(*, unavailable)
extension FrameLogByteSource: Sendable {}
