// A temporary directory per test, removed when the value goes away.
#if canImport(Glibc)
    import Glibc
#endif

final class ScratchDirectory {
    let path: String

    init(prefix: String = "credentials-test") {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    deinit { _ = system("rm -rf '\(path)'") }

    /// Writes `contents` to `name` with `mode`; returns the full path.
    @discardableResult
    func write(_ name: String, _ contents: String, mode: mode_t = 0o644) -> String {
        let full = "\(path)/\(name)"
        let file = fopen(full, "we")!  // close-on-exec: a concurrent fork must not keep it open for writing
        fputs(contents, file)
        fclose(file)
        chmod(full, mode)
        return full
    }

    /// Writes an executable `#!/bin/sh` script.
    @discardableResult
    func writeScript(_ name: String, _ body: String) -> String {
        write(name, "#!/bin/sh\n" + body + "\n", mode: 0o755)
    }
}

/// Runs a shell command; returns its exit status.
@discardableResult
func shell(_ command: String) -> Int32 {
    let status = system(command)
    return (status >> 8) & 0xff
}

/// Runs a shell command and returns its stdout.
func shellOutput(_ command: String) -> String {
    guard let pipe = popen(command, "r") else { return "" }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = fread(&buffer, 1, buffer.count, pipe)
        if count <= 0 { break }
        bytes += buffer[0..<count]
    }
    pclose(pipe)
    return String(decoding: bytes, as: UTF8.self)
}
