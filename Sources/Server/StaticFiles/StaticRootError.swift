// StaticRootError: why the public root directory given at start-up cannot be used.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Thrown by ``StaticFileResolver/init(root:)`` when the public root is unusable.
/// Its ``description`` is a complete, user-facing message naming the path as given.
package enum StaticRootError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path does not exist (or a component of it is not a directory).
    case doesNotExist(path: String)
    /// The path exists but is not a directory.
    case notADirectory(path: String)
    /// The path could not be examined, e.g. permission denied; `errno` tells why.
    case unreadable(path: String, errno: Int32)

    /// The message for the user, e.g. `public directory ./Public does not exist; pass --public DIR`.
    package var description: String {
        switch self {
        case .doesNotExist(let path):
            "public directory \(path) does not exist; pass --public DIR"
        case .notADirectory(let path):
            "public directory \(path) is not a directory; pass --public DIR"
        case .unreadable(let path, let errno):
            "public directory \(path) cannot be opened: \(String(cString: strerror(errno))); pass --public DIR"
        }
    }
}
