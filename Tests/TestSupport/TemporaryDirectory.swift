// Per-test scratch directories under /tmp, removed when the test is done.
#if canImport(Glibc)
import Glibc
#endif

public final class TemporaryDirectory {
    public let path: String

    public init(prefix: String = "relay-test") {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(validatingCString: mkdtemp($0.baseAddress!)!)! }
    }

    deinit { _ = system("rm -rf '\(path)'") }

    /// Writes `contents` to `relativePath` (creating parent directories).
    @discardableResult
    public func write(_ relativePath: String, _ contents: String) -> String {
        let full = "\(path)/\(relativePath)"
        if let slash = full.lastIndex(of: "/") { _ = system("mkdir -p '\(full[..<slash])'") }
        let file = fopen(full, "w")!
        fputs(contents, file)
        fclose(file)
        return full
    }
}
