// A file written through a buffer, with positioned writes for headers patched at the end.

#if canImport(Glibc)
import Glibc
#endif

/// Why an output file could not be written.
public struct OutputFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "cannot write '\(path)': \(reason)" }
}

/// A new (or truncated) file written sequentially through a 256 KiB buffer.
final class OutputFile {
    let path: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private static let bufferSize = 256 * 1024
    /// Bytes written so far (buffered included).
    private(set) var size = 0

    init(path: String) throws(OutputFileError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputFileError(path: path, reason: String(cString: strerror(errno))) }
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit { if descriptor >= 0 { Glibc.close(descriptor) } }

    func write(_ bytes: [UInt8]) throws(OutputFileError) {
        buffer.append(contentsOf: bytes)
        size += bytes.count
        if buffer.count >= Self.bufferSize { try flush() }
    }

    func write(_ text: String) throws(OutputFileError) {
        try write(Array(text.utf8))
    }

    /// Appends `count` zero bytes.
    func writeZeros(_ count: Int) throws(OutputFileError) {
        var left = count
        while left > 0 {
            let step = min(left, Self.bufferSize)
            buffer.append(contentsOf: repeatElement(0, count: step))
            size += step
            left -= step
            if buffer.count >= Self.bufferSize { try flush() }
        }
    }

    /// Overwrites bytes at `offset` (already written or flushed).
    func overwrite(_ bytes: [UInt8], at offset: Int) throws(OutputFileError) {
        try flush()
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        guard written == bytes.count else { throw OutputFileError(path: path, reason: String(cString: strerror(errno))) }
    }

    func flush() throws(OutputFileError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw OutputFileError(path: path, reason: String(cString: strerror(errno)))
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes.
    func close() throws(OutputFileError) {
        try flush()
        guard descriptor >= 0 else { return }
        let status = Glibc.close(descriptor)
        descriptor = -1
        if status != 0 { throw OutputFileError(path: path, reason: String(cString: strerror(errno))) }
    }

    /// Closes and deletes the file (output that turned out to be unusable).
    func discard() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
        unlink(path)
    }

    /// Creates `path` and its missing parents (`mkdir -p`).
    static func makeDirectory(_ path: String) throws(OutputFileError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw OutputFileError(path: path, reason: String(cString: strerror(errno)))
            }
            prefix += "/"
        }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw OutputFileError(path: path, reason: "it exists and is not a directory")
        }
    }
}

@available(*, unavailable)
extension OutputFile: Sendable {}
