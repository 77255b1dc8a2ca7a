// posix_spawn with pipes, polled without blocking a thread, and a process-group kill on timeout.
#if canImport(Glibc)
import Glibc
#endif

/// The real ``ProcessRunner``.
///
/// The child gets its own process group, so a timeout kills what it started too (az is a shell script
/// running Python). The parent polls its non-blocking pipes between short `Task.sleep`s instead of
/// blocking one of the (two) cooperative threads for up to the whole timeout.
public struct PosixProcessRunner: ProcessRunner {
    /// Output beyond this per stream is dropped (az prints a few hundred bytes).
    public var maximumOutputSize: Int

    public init(maximumOutputSize: Int = 1 << 20) {
        self.maximumOutputSize = maximumOutputSize
    }

    public func run(executablePath: String, arguments: [String], environment: [String: String], timeout: Double)
        async throws(ProcessLaunchError) -> ProcessResult
    {
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        guard pipe(&output) == 0 else { throw ProcessLaunchError("pipe: \(String(cString: strerror(errno)))") }
        guard pipe(&errors) == 0 else {
            close(output[0]); close(output[1])
            throw ProcessLaunchError("pipe: \(String(cString: strerror(errno)))")
        }
        // Close-on-exec on all four ends: the child gets its stdout/stderr through dup2, which clears
        // the flag on the copies; nothing else (including children other threads spawn) inherits them.
        // pipe2(O_CLOEXEC) would close the short window here, but Swift's Glibc does not export it.
        for descriptor in output + errors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        for descriptor in [output[0], errors[0]] {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }

        var pid: pid_t = 0
        var attempt = 0
        while true {
            let status = spawn(executablePath, arguments, environment, stdout: output[1], stderr: errors[1], pid: &pid)
            if status == 0 { break }
            attempt += 1
            // ETXTBSY: the file is open for writing somewhere (being updated, or a just-written file whose
            // descriptor a concurrent fork still holds). It clears within moments.
            if status == ETXTBSY && attempt < 5 {
                try? await Task.sleep(nanoseconds: 20_000_000)
                continue
            }
            for descriptor in output + errors { close(descriptor) }
            throw ProcessLaunchError("cannot run \(executablePath): \(String(cString: strerror(status)))")
        }
        close(output[1])
        close(errors[1])
        defer {
            close(output[0])
            close(errors[0])
        }
        return await collect(pid: pid, stdout: output[0], stderr: errors[0], timeout: timeout)
    }

    /// posix_spawn's status: 0 or an errno.
    private func spawn(_ path: String, _ arguments: [String], _ environment: [String: String], stdout: Int32,
                       stderr: Int32, pid: inout pid_t) -> Int32
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The relay blocks termination signals in its threads and ignores SIGPIPE; the child must start
        // with neither, and in its own process group so a timeout can kill the whole group.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        var argv = ([path] + arguments).map { strdup($0) } + [nil]
        var envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        return posix_spawn(&pid, path, &actions, &attributes, &argv, &envp)
    }

    private func collect(pid: pid_t, stdout: Int32, stderr: Int32, timeout: Double) async -> ProcessResult {
        var result = ProcessResult(exitCode: -1, standardOutput: [], standardError: [])
        let deadline = Self.monotonicSeconds() + timeout
        var pause: UInt64 = 2_000_000
        while true {
            drain(stdout, into: &result.standardOutput)
            drain(stderr, into: &result.standardError)
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                // Exited: what it wrote is in the pipes. Don't wait for EOF; a grandchild may hold them open.
                drain(stdout, into: &result.standardOutput)
                drain(stderr, into: &result.standardError)
                result.exitCode = Self.exitCode(status)
                return result
            }
            if Task.isCancelled || Self.monotonicSeconds() >= deadline {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                result.exitCode = Self.exitCode(status)
                result.timedOut = true
                return result
            }
            try? await Task.sleep(nanoseconds: pause)
            pause = min(pause * 2, 50_000_000)
        }
    }

    private func drain(_ descriptor: Int32, into bytes: inout [UInt8]) {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                let room = max(0, maximumOutputSize - bytes.count)
                bytes += chunk[0..<min(count, room)]
                continue
            }
            if count < 0 && errno == EINTR { continue }
            return  // 0 (end of file) or EAGAIN
        }
    }

    private static func exitCode(_ status: Int32) -> Int32 {
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    private static func monotonicSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
