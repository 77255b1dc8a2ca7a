// The process runner on its own: output capture, exit codes, exact environment, output cap.
import Credentials
import Testing

@Suite struct PosixProcessRunnerTests {
    @Test func capturesBothStreamsAndTheExitCode() async throws {
        let result = try await PosixProcessRunner().run(
            executablePath: "/bin/sh", arguments: ["-c", "printf out; printf err >&2; exit 3"], environment: [:],
            timeout: 60)
        #expect(String(decoding: result.standardOutput, as: UTF8.self) == "out")
        #expect(String(decoding: result.standardError, as: UTF8.self) == "err")
        #expect(result.exitCode == 3)
        #expect(!result.timedOut)
    }

    @Test func passesExactlyTheGivenEnvironmentAndNoStdin() async throws {
        let result = try await PosixProcessRunner().run(
            executablePath: "/bin/sh", arguments: ["-c", "printf '%s|%s|' \"$ONLY\" \"$HOME\"; cat"],
            environment: ["ONLY": "this"], timeout: 60)
        #expect(String(decoding: result.standardOutput, as: UTF8.self) == "this||")
        #expect(result.exitCode == 0)
    }

    @Test func signalsBecome128PlusTheSignal() async throws {
        let result = try await PosixProcessRunner().run(
            executablePath: "/bin/sh", arguments: ["-c", "kill -9 $$"], environment: [:], timeout: 60)
        #expect(result.exitCode == 137)
    }

    @Test func outputIsCapped() async throws {
        let result = try await PosixProcessRunner(maximumOutputSize: 1000).run(
            executablePath: "/bin/sh", arguments: ["-c", "head -c 200000 /dev/zero"],
            environment: ["PATH": "/usr/bin:/bin"],
            timeout: 60)
        #expect(result.standardOutput.count == 1000)
        #expect(result.exitCode == 0)
    }

    @Test func missingProgramIsALaunchError() async throws {
        await #expect(throws: ProcessLaunchError.self) {
            _ = try await PosixProcessRunner().run(
                executablePath: "/nonexistent/az", arguments: [], environment: [:], timeout: 1)
        }
    }
}
