// The projected service-account token file, re-read when the cached copy is five minutes old.
import Synchronization

/// Caches the contents of `AZURE_FEDERATED_TOKEN_FILE`.
///
/// Kubernetes rotates the projected token at 80% of its lifetime (at least an hour), so a copy at most
/// five minutes old is always valid; Azure Identity for JS re-reads after five minutes, Go and Python
/// after ten (entra.md §3).
final class FederatedTokenFile: Sendable {
    static let maximumAge: Int64 = 300
    /// Service-account tokens are a few kilobytes.
    static let maximumSize = 64 * 1024

    let path: String
    private let cache = Mutex<(contents: String, readAt: Int64)?>(nil)

    init(path: String) { self.path = path }

    /// The assertion: the file's contents without surrounding whitespace. Errors name the path and what
    /// to check, never the contents.
    func assertion(now: Int64) -> Result<String, FileReadError> {
        if let cached = cache.withLock({ $0 }), now - cached.readAt < Self.maximumAge, now >= cached.readAt {
            return .success(cached.contents)
        }
        switch FileContents.read(path, limit: Self.maximumSize) {
        case .failure(let error):
            return .failure(error)
        case .success(let bytes):
            let contents = String(decoding: bytes, as: UTF8.self).trimmingASCIIWhitespace()
            guard !contents.isEmpty else { return .failure(FileReadError(path: path, reason: "the file is empty")) }
            cache.withLock { $0 = (contents, now) }
            return .success(contents)
        }
    }
}
