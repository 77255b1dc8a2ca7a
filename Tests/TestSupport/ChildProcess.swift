// Runs the built realtime-relay binary as a child process, for tests of signals, exit codes and limits.
#if canImport(Glibc)
import Glibc
#endif

/// A child process with its stdout and stderr captured to a file.
public final class ChildProcess {
    public let pid: pid_t
    public let outputPath: String
    private var exitStatus: Int32?

    /// The `realtime-relay` binary SwiftPM built next to the tests (`.build/<config>/realtime-relay`).
    public static func relayBinary(file: String = #filePath) -> String {
        // The package root is the part of this file's path before "/Tests/".
        var root = file
        while !root.hasSuffix("/Tests") { root = String(root[..<root.lastIndex(of: "/")!]) }
        root.removeLast("/Tests".count)
        for configuration in ["debug", "release"] {
            let candidate = "\(root)/.build/\(configuration)/realtime-relay"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return "\(root)/.build/debug/realtime-relay"
    }

    /// Starts `arguments[0]` via /bin/sh so tests can set limits (`ulimit -n 64; exec ...`).
    public init(shellCommand: String, environment: [String: String] = [:]) throws {
        outputPath = "/tmp/relay-child-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child must not inherit a blocked SIGTERM from a test process.
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var inherited: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(validatingCString: entry) ?? ""
            if let equals = text.firstIndex(of: "=") {
                inherited[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            cursor += 1
        }
        inherited.merge(environment) { $1 }
        let arguments = ["/bin/sh", "-c", shellCommand]
        var argv = arguments.map { strdup($0) } + [nil]
        var envp = inherited.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, "/bin/sh", &actions, &attributes, &argv, &envp)
        guard status == 0 else { throw TestConnection.Failure("posix_spawn failed: \(status)") }
        pid = child
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        unlink(outputPath)
    }

    public func signal(_ number: Int32) { kill(pid, number) }

    /// Waits up to `timeout` seconds; returns the exit code (128+n for signal n), or nil if still running.
    public func waitForExit(timeout: Double) -> Int32? {
        if let exitStatus { return exitStatus }
        let deadline = Self.now() + timeout
        while Self.now() < deadline {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                exitStatus = code
                return code
            }
            usleep(10_000)
        }
        return nil
    }

    /// Everything the child wrote to stdout and stderr so far.
    public var output: String {
        guard let file = fopen(outputPath, "r") else { return "" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Polls the output until `text` appears.
    public func waitForOutput(containing text: String, timeout: Double) -> Bool {
        let deadline = Self.now() + timeout
        while Self.now() < deadline {
            if output.contains(text) { return true }
            usleep(20_000)
        }
        return false
    }

    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
