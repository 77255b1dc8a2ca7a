// The log dir as the viewer sees it: our regular files only, never a symlink, never another name.
#if canImport(Glibc)
import Glibc
#endif

/// Lists and opens frame log files. Every name passes `LogFileName` before it touches the file
/// system, and every file is checked with lstat/O_NOFOLLOW, so a symlink, a FIFO or a subdirectory
/// with a log-like name is skipped (listing) or answered as absent (opening).
struct LogDirectory: Sendable {
    let path: String

    /// One listed log file.
    struct Entry: Equatable {
        let name: LogFileName
        let bytes: Int
    }

    /// Why the directory could not be listed (a missing directory is not an error: it lists empty).
    struct ListingError: Error {
        let reason: String
    }

    /// The newest `limit` log files (by the start time in their names), newest first.
    func newest(limit: Int) throws(ListingError) -> [Entry] {
        guard let directory = opendir(path) else {
            if errno == ENOENT { return [] }  // the writer has not created it yet (or logging is off)
            throw ListingError(reason: String(cString: strerror(errno)))
        }
        defer { closedir(directory) }
        var names: [LogFileName] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if let parsed = LogFileName(name) { names.append(parsed) }
        }
        names.sort(by: >)
        // Only the files that will be shown are stat'ed: the dir may hold thousands.
        var entries: [Entry] = []
        let descriptor = dirfd(directory)
        for name in names where entries.count < limit {
            var status = stat()
            guard fstatat(descriptor, name.name, &status, AT_SYMLINK_NOFOLLOW) == 0,
                  status.st_mode & S_IFMT == S_IFREG else { continue }
            entries.append(Entry(name: name, bytes: Int(status.st_size)))
        }
        return entries
    }

    /// Opens a log file for reading: its descriptor and size, or nil when it is absent or is not a
    /// regular file. The caller owns the descriptor.
    func open(_ name: LogFileName) -> (descriptor: Int32, size: Int)? {
        // O_NOFOLLOW: a symlink fails (ELOOP). O_NONBLOCK: a FIFO cannot hang the loop in open().
        let descriptor = Glibc.open("\(path)/\(name.name)", O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            return nil
        }
        return (descriptor, Int(status.st_size))
    }
}
