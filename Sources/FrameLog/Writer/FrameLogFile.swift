// Where a session's bytes go: a file created 0600, exclusively; tests substitute files that block or fail.
#if canImport(Glibc)
import Glibc
#endif
import Posix

/// One session's log file, used by the writer thread only.
protocol FrameLogFile: AnyObject {
    /// Writes a prefix of `bytes` and returns its length (EINTR is retried inside), or throws the
    /// failure (ENOSPC, EIO, …).
    func write(_ bytes: UnsafeRawBufferPointer) throws(SystemCallError) -> Int
    func close()
}

/// Creates session files. The writer calls it on its own thread.
protocol FrameLogFileSystem: Sendable {
    /// Creates `path`, which must not exist yet, readable and writable by this user only.
    func create(path: String) throws(SystemCallError) -> any FrameLogFile
}

/// The real thing: `open(O_CREAT|O_EXCL|O_CLOEXEC, 0600)` and `write(2)`.
struct PosixFrameLogFileSystem: FrameLogFileSystem {
    func create(path: String) throws(SystemCallError) -> any FrameLogFile {
        // O_EXCL: never append to, or follow a symlink to, a file someone else put there.
        let descriptor = try retryingInterrupts("open(\(path))") {
            open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        }
        return PosixFrameLogFile(descriptor: descriptor)
    }
}

final class PosixFrameLogFile: FrameLogFile {
    private var descriptor: Int32

    init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close() }

    func write(_ bytes: UnsafeRawBufferPointer) throws(SystemCallError) -> Int {
        try retryingInterrupts("write") { Glibc.write(descriptor, bytes.baseAddress, bytes.count) }
    }

    func close() {
        guard descriptor >= 0 else { return }
        _ = Glibc.close(descriptor)
        descriptor = -1
    }
}

@available(*, unavailable, message: "a PosixFrameLogFile belongs to the writer thread")
extension PosixFrameLogFile: Sendable {}
