// StaticFileResolver: maps a request path to a regular file inside the public root, never outside it.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Maps request paths to files under one root directory.
///
/// Create it once at start-up; it is immutable and `Sendable`, so every reactor thread can share it.
/// ``resolve(path:)`` makes a few syscalls (`realpath`, `stat`) and no Foundation calls.
///
/// Rules, in order:
/// - the path must start with `/`;
/// - `/` and any path ending in `/` serve that directory's `index.html`;
/// - each segment is percent-decoded: a bad escape, a NUL, an encoded `/`, a backslash (raw or
///   encoded) or bytes that are not UTF-8 give ``StaticFileLookup/badRequest(reason:)``;
/// - an empty segment (`//`), `.`, `..` or a hidden segment (starting with `.`) gives `.notFound`;
/// - the candidate is canonicalised with `realpath` and must lie inside the canonical root, with no
///   hidden component below the root (a symlink inside the root pointing inside it is fine; one
///   that leaves the root is `.notFound`);
/// - only regular files are served: a directory (with no trailing `/`) is `.notFound`.
package struct StaticFileResolver: Sendable {
    /// The canonical absolute path of the root directory (no symlinks, no trailing `/`).
    package let root: String
    /// The root followed by `/`, as bytes: every served path starts with it.
    private let rootPrefix: [UInt8]

    /// Request paths longer than this (in bytes) are `.notFound` without touching the file system.
    package static let maximumPathLength = 2048

    /// Canonicalises `root` with `realpath` and checks that it is a directory.
    ///
    /// - Parameter root: the directory as given on the command line, e.g. `./Public`.
    /// - Throws: ``StaticRootError``, whose `description` is a message for the user such as
    ///   `public directory ./Public does not exist; pass --public DIR`.
    package init(root: String) throws(StaticRootError) {
        guard let canonical = Self.realPath(root) else {
            let error = errno
            switch error {
            case ENOENT, ENOTDIR: throw .doesNotExist(path: root)
            default: throw .unreadable(path: root, errno: error)
            }
        }
        var info = stat()
        guard stat(canonical, &info) == 0 else { throw .unreadable(path: root, errno: errno) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw .notADirectory(path: root) }
        self.root = canonical
        self.rootPrefix = canonical == "/" ? Array("/".utf8) : Array((canonical + "/").utf8)
    }

    /// Resolves a request path (still percent-encoded, without the query) to a file.
    package func resolve(path: String) -> StaticFileLookup {
        let raw = Array(path.utf8)
        guard raw.first == UInt8(ascii: "/") else { return .badRequest(reason: "path must start with /") }
        guard raw.count <= Self.maximumPathLength else { return .notFound }

        let segments = raw.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        var relative: [UInt8] = []
        relative.reserveCapacity(raw.count + 11)
        for (index, segment) in segments.enumerated() {
            if segment.isEmpty {
                // Only a trailing empty segment (a path ending in `/`) is allowed: it means index.html.
                if index == segments.count - 1 { break }
                return .notFound
            }
            if segment.contains(UInt8(ascii: "\\")) { return .badRequest(reason: "backslash in path") }
            guard let decoded = PercentDecoding.decode(segment) else {
                return .badRequest(reason: "invalid percent-escape in path")
            }
            if decoded.contains(0) { return .badRequest(reason: "NUL in path") }
            if decoded.contains(UInt8(ascii: "/")) { return .badRequest(reason: "encoded / in path") }
            if decoded.contains(UInt8(ascii: "\\")) { return .badRequest(reason: "backslash in path") }
            guard String(validating: decoded, as: UTF8.self) != nil else {
                return .badRequest(reason: "path is not valid UTF-8")
            }
            // `.`, `..` and hidden names.
            if decoded.first == UInt8(ascii: ".") { return .notFound }
            if !relative.isEmpty { relative.append(UInt8(ascii: "/")) }
            relative.append(contentsOf: decoded)
        }
        if segments.last?.isEmpty ?? true {
            if !relative.isEmpty { relative.append(UInt8(ascii: "/")) }
            relative.append(contentsOf: "index.html".utf8)
        }

        let candidate = String(decoding: rootPrefix + relative, as: UTF8.self)
        guard let canonical = Self.realPath(candidate), isInsideRoot(canonical) else { return .notFound }

        var info = stat()
        guard stat(canonical, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return .notFound }
        return .file(StaticFile(
            path: canonical,
            size: Int(info.st_size),
            inode: UInt64(info.st_ino),
            modificationSeconds: Int(info.st_mtim.tv_sec),
            modificationNanoseconds: Int(info.st_mtim.tv_nsec)))
    }

    /// Whether a canonical path is strictly below the root with no hidden component below it.
    private func isInsideRoot(_ canonical: String) -> Bool {
        let bytes = Array(canonical.utf8)
        guard bytes.count > rootPrefix.count, bytes.starts(with: rootPrefix) else { return false }
        var atComponentStart = true
        for byte in bytes[rootPrefix.count...] {
            if atComponentStart, byte == UInt8(ascii: ".") { return false }
            atComponentStart = byte == UInt8(ascii: "/")
        }
        return true
    }

    /// `realpath(3)`, or `nil` with `errno` set.
    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
