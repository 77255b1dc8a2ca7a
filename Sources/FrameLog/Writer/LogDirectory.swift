// Making sure the log dir exists (0700, parents too) and can be written, before any session starts.
#if canImport(Glibc)
import Glibc
#endif
import Posix

enum LogDirectory {
    /// What `prepare` found: whether group or others can read the dir (a warning, not an error: the
    /// operator chose an existing dir; its files are 0600 all the same).
    struct Prepared {
        var isShared: Bool
    }

    /// Creates `path` and missing parents with mode 0700, then proves it writable by creating and
    /// removing a probe file (`access(2)` would not catch a read-only mount or a full inode table).
    static func prepare(_ path: String) throws(FrameLogError) -> Prepared {
        guard !path.isEmpty else { throw FrameLogError(directory: path, reason: "the path is empty") }
        try makeDirectories(path)
        var info = stat()
        guard stat(path, &info) == 0 else { throw failure(path, errno) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw FrameLogError(directory: path, reason: "it is not a directory") }
        let probe = "\(path)/.frame-log-probe-\(getpid())"
        var descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor < 0, errno == EEXIST {  // left by a crashed run with the same pid
            unlink(probe)
            descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        }
        guard descriptor >= 0 else { throw failure(path, errno) }
        close(descriptor)
        unlink(probe)
        return Prepared(isShared: info.st_mode & 0o077 != 0)
    }

    private static func makeDirectories(_ path: String) throws(FrameLogError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o700) != 0, errno != EEXIST { throw failure(path, errno) }
            prefix += "/"
        }
    }

    private static func failure(_ path: String, _ code: Int32) -> FrameLogError {
        FrameLogError(directory: path, reason: SystemCallError.message(for: code))
    }
}
