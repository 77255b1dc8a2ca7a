// The real binary: --help, SIGTERM drain and exit code, drain timeout, EMFILE survival, PORT, healthcheck.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Posix
import Testing
import TestSupport

extension ChildProcessTests {
@Suite struct ServeProcessTests {
    private func run(_ arguments: String, environment: [String: String] = [:]) throws -> (Int32?, String) {
        let child = try ChildProcess(shellCommand: "exec '\(ChildProcess.relayBinary())' \(arguments)", environment: environment)
        let status = child.waitForExit(timeout: 20)
        return (status, child.output)
    }

    @Test func helpExplainsTheCommandsAndOptions() throws {
        let (status, output) = try run("--help")
        #expect(status == 0)
        #expect(output.contains("serve") && output.contains("healthcheck") && output.contains("--simulator"))
        let (serveStatus, serveHelp) = try run("serve --help")
        #expect(serveStatus == 0)
        for option in ["--host", "--port", "$PORT", "--public", "--threads", "--drain-timeout", "--log-format"] {
            #expect(serveHelp.contains(option), "serve --help lacks \(option)")
        }
    }

    @Test func missingPublicDirectoryIsExplained() throws {
        let (status, output) = try run("serve --simulator --port 0 --public /nonexistent/dir")
        #expect(status != 0)
        #expect(output.contains("public directory /nonexistent/dir does not exist; pass --public DIR"))
    }

    @Test func sigtermDrainsInFlightRequestsAndExitsZero() throws {
        let relay = try RelayProcess(arguments: "--drain-timeout 5")
        let inFlight = try TestConnection(port: relay.port)
        try inFlight.send("GET /readyz HTTP/1.1\r\nHost: x\r\n")
        usleep(100_000)
        relay.child.signal(SIGTERM)
        #expect(relay.child.waitForOutput(containing: "draining", timeout: 5))
        try inFlight.send("\r\n")
        let response = try inFlight.readResponse()
        #expect(response.status == 503)
        #expect(relay.child.waitForExit(timeout: 5) == 0)
    }

    /// SIGTERM with a live relay session: it keeps relaying through the drain, then both sides get
    /// 1001 (going away) and the process exits 0.
    @Test func sigtermLetsALiveSessionRelayThenClosesIt1001() throws {
        let relay = try RelayProcess(arguments: "--drain-timeout 1.5")
        let client = try RawWebSocketClient(port: relay.port, path: "/realtime", timeout: 10)
        func nextEvent(_ type: String) throws -> Bool {
            while true {
                let frame = try client.receive()
                if frame.opcode == 8 { return false }
                if frame.opcode == 1, frame.text.contains("\"type\":\"\(type)\"") { return true }
            }
        }
        #expect(try nextEvent("session.created"))
        relay.child.signal(SIGTERM)
        #expect(relay.child.waitForOutput(containing: "draining", timeout: 5))
        try client.send(text: #"{"type":"input_audio_buffer.clear"}"#)
        #expect(try nextEvent("input_audio_buffer.cleared"), "the session still relays while draining")
        var close: RawFrame
        repeat { close = try client.receive() } while close.opcode != 8
        #expect(close.closeCode == 1001)
        try client.send(opcode: 8, payload: [0x03, 0xE9])
        #expect(relay.child.waitForExit(timeout: 10) == 0)
        #expect(relay.child.output.contains("session ended"), "the end of the session was logged")
    }

    @Test func drainTimeoutBoundsAStuckConnection() throws {
        let relay = try RelayProcess(arguments: "--drain-timeout 0.5 --header-timeout 30")
        let stuck = try TestConnection(port: relay.port)
        try stuck.send("GET / HTTP/1.1\r\n")  // never finished
        usleep(100_000)
        let start = ChildProcess.now()
        relay.child.signal(SIGTERM)
        #expect(relay.child.waitForExit(timeout: 5) == 0)
        #expect(ChildProcess.now() - start < 3)
    }

    @Test func runningOutOfDescriptorsKeepsExistingConnectionsServed() throws {
        let relay = try RelayProcess(arguments: "--threads 1", prefix: "ulimit -n 48;")
        let first = try TestConnection(port: relay.port)
        try first.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try first.readResponse().status == 200)
        // Far more connections than descriptors: the extra ones are accepted-and-closed, not left to spin.
        var flood: [TestConnection] = []
        for _ in 0..<80 { if let connection = try? TestConnection(port: relay.port, timeout: 2) { flood.append(connection) } }
        try first.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try first.readResponse().status == 200)
        flood.removeAll()
        usleep(300_000)
        let later = try TestConnection(port: relay.port)
        try later.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try later.readResponse().status == 200)
        #expect(relay.child.output.contains("accept failed"))
        relay.child.signal(SIGTERM)
        #expect(relay.child.waitForExit(timeout: 15) == 0)
    }

    @Test func portComesFromTheEnvironmentWhenNotGiven() throws {
        // Below the kernel's ephemeral range (32768+), where parallel tests' sockets live, and free now.
        let port = (0..<50).lazy.map { _ in Int.random(in: 20000...32000) }.first { candidate in
            guard let fd = try? Socket.listen(on: SocketAddress.numeric(host: "127.0.0.1", port: candidate)!, reusePort: false)
            else { return false }
            close(fd)
            return true
        } ?? 31999
        let directory = TemporaryDirectory()
        let child = try ChildProcess(
            shellCommand: "exec '\(ChildProcess.relayBinary())' serve --simulator --host 127.0.0.1 --public '\(directory.path)'",
            environment: ["PORT": String(port)])
        #expect(child.waitForOutput(containing: "listening", timeout: 20))
        #expect(child.output.contains("127.0.0.1:\(port)"))
        child.signal(SIGTERM)
        #expect(child.waitForExit(timeout: 10) == 0)
    }

    @Test func healthcheckCommandReflectsTheServer() throws {
        let relay = try RelayProcess()
        let (up, upOutput) = try run("healthcheck --port \(relay.port)")
        #expect(up == 0, "\(upOutput)")
        relay.child.signal(SIGTERM)
        #expect(relay.child.waitForExit(timeout: 10) == 0)
        let (down, _) = try run("healthcheck --port \(relay.port) --timeout 1")
        #expect(down == 1)
    }

    /// One frame log writer thread per loop unless --log-writers / RELAY_LOG_WRITERS ask for fewer.
    @Test func frameLogWriterThreadsFollowTheLoops() throws {
        let directory = TemporaryDirectory(prefix: "relay-cli-writers")
        for (arguments, environment, expected) in [("--threads 3", [:], 3), ("--threads 3 --log-writers 2", [:], 2),
                                                   ("--threads 2 --log-writers 5", [:], 2),
                                                   ("--threads 3", ["RELAY_LOG_WRITERS": "1"], 1)] {
            let relay = try RelayProcess(arguments: "\(arguments) --log-dir '\(directory.path)/logs'", environment: environment)
            #expect(relay.child.output.contains("writer_threads=\(expected)"), "\(arguments): \(relay.child.output)")
            let threads = writerThreadNames(of: relay.child.pid)
            #expect(threads == (0..<expected).map { "frame-log-\($0)" }, "\(arguments)")
            relay.child.signal(SIGTERM)
            #expect(relay.child.waitForExit(timeout: 10) == 0)
        }
        let (status, output) = try run("serve --simulator --port 0 --log-writers 0 --log-dir '\(directory.path)/logs'")
        #expect(status != 0)
        #expect(output.contains("--log-writers must be at least 1"))
    }

    /// The names of the process's `frame-log-*` threads, sorted.
    private func writerThreadNames(of pid: pid_t) -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.compactMap { task in
            (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }.filter { $0.hasPrefix("frame-log-") }.sorted()
    }

    @Test func jsonLogsAreOneObjectPerLine() throws {
        let relay = try RelayProcess(arguments: "--log-format json")
        relay.child.signal(SIGTERM)
        #expect(relay.child.waitForExit(timeout: 10) == 0)
        let lines = relay.child.output.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["msg"] != nil && object?["ts"] != nil && object?["level"] != nil, "\(line)")
        }
    }
}
}
