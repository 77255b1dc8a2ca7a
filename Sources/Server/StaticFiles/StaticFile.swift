// StaticFile: a resolved regular file under the public root, with its response validators and headers.

/// A regular file inside the public root, as found by ``StaticFileResolver``, with everything
/// a response needs: size, validators (`ETag`, `Last-Modified`) and `Content-Type` / `Cache-Control`.
package struct StaticFile: Sendable, Equatable {
    /// The canonical absolute path of the file (no symlinks, inside the canonical root).
    package let path: String
    /// The size in bytes at resolution time.
    package let size: Int
    /// The inode number, part of the entity tag.
    package let inode: UInt64
    /// Modification time: whole seconds since the Unix epoch.
    package let modificationSeconds: Int
    /// Modification time: the nanoseconds within ``modificationSeconds``.
    package let modificationNanoseconds: Int
    /// A strong entity tag, quoted, e.g. `"1a2b-3c-17f0c2d4e5a6b7c8"` (inode, size and mtime in ns, in hex).
    package let etag: String
    /// The modification time as an IMF-fixdate, for `Last-Modified`.
    package let lastModified: String
    /// The `Content-Type` header value, from the file-name extension.
    package let contentType: String
    /// The `Cache-Control` header value: `no-cache` for HTML, `public, max-age=3600` otherwise.
    package let cacheControl: String

    /// Describes a file from its `stat` facts; the derived headers are computed here.
    package init(path: String, size: Int, inode: UInt64, modificationSeconds: Int, modificationNanoseconds: Int) {
        self.path = path
        self.size = size
        self.inode = inode
        self.modificationSeconds = modificationSeconds
        self.modificationNanoseconds = modificationNanoseconds
        let mtimeNanoseconds = UInt64(bitPattern: Int64(modificationSeconds) &* 1_000_000_000 &+ Int64(modificationNanoseconds))
        self.etag = "\"\(String(inode, radix: 16))-\(String(size, radix: 16))-\(String(mtimeNanoseconds, radix: 16))\""
        self.lastModified = HTTPDate.format(modificationSeconds)
        self.contentType = MediaType.contentType(forPath: path)
        self.cacheControl = MediaType.isHTML(contentType) ? "no-cache" : "public, max-age=3600"
    }
}
