// ConditionalRequest: If-None-Match / If-Modified-Since evaluation for GET and HEAD (RFC 9110 §13.1, §13.2.2).

/// Evaluates the cache-validation preconditions of a GET or HEAD request against a ``StaticFile``.
package enum ConditionalRequest {
    /// Whether the response should be `304 Not Modified`.
    ///
    /// - If `If-None-Match` is present, it alone decides: `*` matches any file; otherwise the
    ///   comma-separated entity tags are compared with the file's ETag by weak comparison
    ///   (a `W/` prefix is ignored on either side). A match means not modified.
    /// - Only when `If-None-Match` is absent is `If-Modified-Since` considered: an unparsable
    ///   date is ignored; otherwise the file is not modified when its mtime (whole seconds) is
    ///   at or before the date.
    ///
    /// Call it only for GET and HEAD; other methods ignore these fields.
    package static func notModified(ifNoneMatch: String?, ifModifiedSince: String?, file: StaticFile) -> Bool {
        if let ifNoneMatch {
            return matches(ifNoneMatch: ifNoneMatch, etag: file.etag)
        }
        if let ifModifiedSince, let date = HTTPDate.parse(ifModifiedSince) {
            return file.modificationSeconds <= date
        }
        return false
    }

    /// Whether an `If-None-Match` field value matches `etag` by weak comparison.
    package static func matches(ifNoneMatch field: String, etag: String) -> Bool {
        let target = opaqueTag(etag[...])
        var rest = Substring(field)
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "," }
            if rest.isEmpty { return false }
            if rest.first == "*" {
                return true
            }
            var candidate = rest
            if candidate.hasPrefix("W/") { candidate = candidate.dropFirst(2) }
            if candidate.first == "\"", let close = candidate.dropFirst().firstIndex(of: "\"") {
                // A quoted tag may contain commas, so it is read up to its closing quote.
                if candidate[candidate.startIndex...close] == target { return true }
                rest = candidate[candidate.index(after: close)...]
            } else {
                // Malformed member: skip to the next comma.
                rest = rest.drop { $0 != "," }
            }
        }
    }

    /// The quoted opaque part of an entity tag, without any `W/` prefix.
    private static func opaqueTag(_ tag: Substring) -> Substring {
        tag.hasPrefix("W/") ? tag.dropFirst(2) : tag
    }
}
