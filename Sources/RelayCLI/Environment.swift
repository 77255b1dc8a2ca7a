// Reading environment variables without Foundation.
#if canImport(Glibc)
import Glibc
#endif

/// The value of environment variable `name`, or nil when unset or empty.
func environment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    let text = String(validatingCString: value) ?? ""
    return text.isEmpty ? nil : text
}
