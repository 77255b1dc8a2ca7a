// StaticFileLookup: the outcome of resolving a request path against the public root.

/// The outcome of ``StaticFileResolver/resolve(path:)``.
package enum StaticFileLookup: Sendable, Equatable {
    /// A regular file inside the root: serve it (200, or 304 after ``ConditionalRequest``).
    case file(StaticFile)
    /// Nothing to serve: missing, a directory, hidden, a dot segment, or outside the root (404).
    case notFound
    /// The path is malformed: bad percent-escape, NUL, encoded `/`, backslash, not UTF-8 (400).
    case badRequest(reason: String)
}
