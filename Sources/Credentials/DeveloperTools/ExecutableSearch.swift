// Finds a program on PATH the way a shell would, without running a shell.
#if canImport(Glibc)
import Glibc
#endif

enum ExecutableSearch {
    /// The first executable regular file `name` in the absolute directories of `path` (relative
    /// entries such as `.` are skipped: they would run whatever is in the working directory).
    static func find(_ name: String, path: String?) -> String? {
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where directory.hasPrefix("/") {
            let candidate = directory.hasSuffix("/") ? "\(directory)\(name)" : "\(directory)/\(name)"
            var info = stat()
            if stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }
}
