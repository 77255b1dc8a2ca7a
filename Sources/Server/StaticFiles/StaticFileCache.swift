// Per-loop cache of resolved static files, their response fields and the bodies of small ones.
#if canImport(Glibc)
import Glibc
#endif
import Buffers

/// Resolving a path costs a realpath (a readlink per component) and a stat; building its validators
/// costs formatting. Each loop keeps the results and revalidates a path at most once a second (as
/// nginx's `open_file_cache valid=1s`), so a change on disk shows within a second. Small files are
/// kept in memory so that head and body leave in one writev, one TCP segment. Loop-confined.
final class StaticFileCache {
    struct Entry {
        let lookup: StaticFileLookup
        /// `HTTP/1.1 200 OK`, `Server`, and the file's fields (type, length, validators, caching),
        /// each with its CRLF; a response adds `Date`, maybe `Connection`, and the empty line.
        let okHead: SharedBytes?
        /// The whole file, when it is small enough to keep.
        let body: SharedBytes?
        var checkedAt: UInt64
    }

    static let maxCachedFileBytes = 256 * 1024
    static let maxEntries = 4096
    static let maxCachedBytes = 32 * 1024 * 1024
    static let revalidateAfter: UInt64 = 1_000_000_000

    private let resolver: StaticFileResolver
    private var entries: [String: Entry] = [:]
    private var cachedBytes = 0

    init(resolver: StaticFileResolver) { self.resolver = resolver }

    /// The entry for `path` (still percent-encoded), resolved afresh when older than a second.
    func entry(for path: String, now: UInt64) -> Entry {
        if var entry = entries[path] {
            if now &- entry.checkedAt < Self.revalidateAfter { return entry }
            let lookup = resolver.resolve(path: path)
            if lookup == entry.lookup {
                entry.checkedAt = now
                entries[path] = entry
                return entry
            }
            cachedBytes -= entry.body?.count ?? 0
        }
        let entry = makeEntry(resolver.resolve(path: path), now: now)
        if entries.count >= Self.maxEntries || cachedBytes + (entry.body?.count ?? 0) > Self.maxCachedBytes {
            // Simple and bounded: start over rather than track recency.
            entries.removeAll(keepingCapacity: true)
            cachedBytes = 0
        }
        entries[path] = entry
        cachedBytes += entry.body?.count ?? 0
        return entry
    }

    private func makeEntry(_ lookup: StaticFileLookup, now: UInt64) -> Entry {
        guard case .file(let file) = lookup else { return Entry(lookup: lookup, okHead: nil, body: nil, checkedAt: now) }
        let head = "HTTP/1.1 200 OK\r\nServer: realtime-relay\r\nContent-Type: \(file.contentType)\r\n"
            + "Content-Length: \(file.size)\r\nETag: \(file.etag)\r\nLast-Modified: \(file.lastModified)\r\n"
            + "Cache-Control: \(file.cacheControl)\r\nX-Content-Type-Options: nosniff\r\n"
        let body = file.size <= Self.maxCachedFileBytes ? Self.contents(of: file) : nil
        return Entry(lookup: lookup, okHead: SharedBytes(head.utf8), body: body, checkedAt: now)
    }

    /// The file's bytes, or nil when it cannot be read whole at the size its validators describe.
    private static func contents(of file: StaticFile) -> SharedBytes? {
        let descriptor = open(file.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: file.size + 1)
        var filled = 0
        while filled <= file.size {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            filled += count
        }
        guard filled == file.size else { return nil }  // changed under us: serve it uncached this time
        return bytes.withUnsafeBytes { SharedBytes(copying: UnsafeRawBufferPointer(rebasing: $0[0..<filled])) }
    }
}

@available(*, unavailable, message: "a StaticFileCache belongs to one loop thread")
extension StaticFileCache: Sendable {}
