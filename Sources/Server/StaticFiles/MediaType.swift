// MediaType: the Content-Type of a static file, chosen by its file-name extension.

/// The table of Content-Type values by file-name extension.
package enum MediaType {
    /// The Content-Type for anything not in the table.
    package static let octetStream = "application/octet-stream"

    /// Content-Type by lower-case extension (without the dot).
    package static let byExtension: [String: String] = [
        "html": "text/html; charset=utf-8",
        "htm": "text/html; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "mjs": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "svg": "image/svg+xml",
        "png": "image/png",
        "ico": "image/x-icon",
        "json": "application/json",
        "wav": "audio/wav",
        "webmanifest": "application/manifest+json",
        "txt": "text/plain; charset=utf-8",
    ]

    /// The Content-Type for an extension such as `"js"` or `"PNG"` (case-insensitive, no dot);
    /// `application/octet-stream` when unknown.
    package static func contentType(forExtension fileExtension: some StringProtocol) -> String {
        byExtension[asciiLowercased(fileExtension)] ?? octetStream
    }

    /// The Content-Type for a path or file name, from the text after the last `.` of its last
    /// component; `application/octet-stream` when there is no extension or it is unknown.
    package static func contentType(forPath path: String) -> String {
        let name = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { path[path.index(after: $0)...] } ?? path[...]
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")), dot != name.startIndex else {
            return octetStream
        }
        return contentType(forExtension: name[name.index(after: dot)...])
    }

    /// Whether a Content-Type is HTML (which is revalidated on every use rather than cached).
    package static func isHTML(_ contentType: String) -> Bool {
        contentType.utf8.starts(with: "text/html".utf8)
    }

    private static func asciiLowercased(_ text: some StringProtocol) -> String {
        String(decoding: text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
