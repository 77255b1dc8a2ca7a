// Finding frame logs in a directory, newest first, to suggest one when a directory was given.

#if canImport(Glibc)
import Glibc
#endif

/// Lists the frame logs a directory holds.
public enum FrameLogFiles {
    /// The paths of `*.jsonl` and `*.jsonl.gz` files directly in `directory`, most recently modified
    /// first; ties by name, last first (the relay's names start with the session's UTC start time).
    /// Empty when the directory cannot be read.
    public static func logs(in directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var found: [(path: String, modified: Int)] = []
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name.hasSuffix(".jsonl") || name.hasSuffix(".jsonl.gz") else { continue }
            let path = prefix + name
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            found.append((path, Int(info.st_mtim.tv_sec)))
        }
        return found.sorted { $0.modified != $1.modified ? $0.modified > $1.modified : $0.path > $1.path }.map(\.path)
    }
}
