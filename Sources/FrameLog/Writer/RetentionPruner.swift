// Retention: our log files older than --log-max-age go, then the oldest until the dir is under --log-max-bytes.
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Deletes old frame log files. Only names the writer makes (`FrameLogFileName.isLogFileName`) and
/// only regular files are considered; files a session still writes, on any writer thread, are never
/// deleted (though they count toward the size). One writer thread runs it.
struct RetentionPruner {
    let directory: String
    let maxAgeSeconds: Double?
    let maxBytes: Int64?

    struct Outcome {
        var files = 0
        var bytes: Int64 = 0
    }

    private struct Candidate {
        let name: String
        let modified: Double
        let size: Int64
    }

    /// Prunes now, sparing the files in `open`; `now` is wall-clock seconds.
    func prune(keeping open: OpenFileNames, now: Double) -> Outcome {
        var outcome = Outcome()
        var candidates = listLogFiles()
        var total = candidates.reduce(Int64(0)) { $0 + $1.size }
        // Read after listing: a listed file was registered before it was created, so it is in here
        // unless it has been closed since.
        let spared = open.names
        candidates.removeAll { spared.contains($0.name) }
        candidates.sort { ($0.modified, $0.name) < ($1.modified, $1.name) }
        var kept: [Candidate] = []
        for candidate in candidates {
            if let maxAgeSeconds, now - candidate.modified > maxAgeSeconds, remove(candidate) {
                outcome.files += 1
                outcome.bytes += candidate.size
                total -= candidate.size
            } else {
                kept.append(candidate)
            }
        }
        if let maxBytes {
            for candidate in kept where total > maxBytes {  // oldest first
                guard remove(candidate) else { continue }
                outcome.files += 1
                outcome.bytes += candidate.size
                total -= candidate.size
            }
        }
        return outcome
    }

    private func remove(_ candidate: Candidate) -> Bool {
        unlink("\(directory)/\(candidate.name)") == 0 || errno == ENOENT
    }

    private func listLogFiles() -> [Candidate] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var found: [Candidate] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard FrameLogFileName.isLogFileName(name) else { continue }
            var info = stat()
            // lstat: a symlink with our name is not ours to follow or delete.
            guard lstat("\(directory)/\(name)", &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
            found.append(Candidate(name: name, modified: modified, size: Int64(info.st_size)))
        }
        return found
    }
}

/// The names of the files the writer threads have open, or are about to create: a writer thread
/// registers a name before it creates the file and forgets it after closing it.
final class OpenFileNames: Sendable {
    private let storage = Mutex<Set<String>>([])

    var names: Set<String> { storage.withLock { $0 } }
    func insert(_ name: String) { _ = storage.withLock { $0.insert(name) } }
    func remove(_ name: String) { _ = storage.withLock { $0.remove(name) } }
}
