// The replay commands that run sessions, in the real binary: the relay on a recording
// (`serve --upstream-replay`) and a recording's client frames sent again (`replay send`).
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TestSupport

extension ChildProcessTests {
@Suite struct ReplayProcessTests {
    /// A recorded session: a typed message, a response with a transcript, audio and usage.
    static let recording = """
        {"event":"session_start","ts":"2026-11-21T10:00:00.000000Z","session":"rs_0123456789abcdef","seq":1,"deployment":"gpt-realtime"}
        {"ts":"2026-11-21T10:00:00.100000Z","session":"rs_0123456789abcdef","seq":2,"dir":"upstream_to_client","opcode":"text","type":"session.created","bytes":10,"data":{"type":"session.created","session":{"type":"realtime","id":"sess_rec","instructions":"Recorded instructions."}}}
        {"ts":"2026-11-21T10:00:00.500000Z","session":"rs_0123456789abcdef","seq":3,"dir":"client_to_upstream","opcode":"text","type":"conversation.item.create","bytes":10,"data":{"type":"conversation.item.create","item":{"type":"message","role":"user","content":[{"type":"input_text","text":"Hello again"}]}}}
        {"ts":"2026-11-21T10:00:00.600000Z","session":"rs_0123456789abcdef","seq":4,"dir":"client_to_upstream","opcode":"text","type":"response.create","bytes":10,"data":{"type":"response.create"}}
        {"ts":"2026-11-21T10:00:00.700000Z","session":"rs_0123456789abcdef","seq":5,"dir":"upstream_to_client","opcode":"text","type":"response.created","bytes":10,"data":{"type":"response.created","response":{"id":"resp_1"}}}
        {"ts":"2026-11-21T10:00:00.800000Z","session":"rs_0123456789abcdef","seq":6,"dir":"upstream_to_client","opcode":"text","type":"response.output_audio_transcript.delta","bytes":10,"data":{"type":"response.output_audio_transcript.delta","delta":"Recorded answer"}}
        {"ts":"2026-11-21T10:00:00.900000Z","session":"rs_0123456789abcdef","seq":7,"dir":"upstream_to_client","opcode":"text","type":"response.done","bytes":10,"data":{"type":"response.done","response":{"id":"resp_1","status":"completed","usage":{"total_tokens":7,"input_tokens":3,"output_tokens":4}}}}
        {"event":"session_end","ts":"2026-11-21T10:00:01.000000Z","session":"rs_0123456789abcdef","seq":8}

        """

    private func nextText(_ client: RawWebSocketClient) throws -> String {
        while true {
            let frame = try client.receive()
            if frame.opcode == 1 { return frame.text }
            if frame.opcode == 8 { return "close \(frame.closeCode ?? 0)" }
        }
    }

    @Test func theRelayRunsOnARecording() throws {
        let directory = TemporaryDirectory(prefix: "relay-upstream-replay")
        let log = directory.write("recorded.jsonl", Self.recording)
        let relay = try RelayProcess(arguments: "--instructions 'Live instructions.' --log-dir '\(directory.path)/logs'",
                                     upstream: "--upstream-replay '\(log)'")
        let client = try RawWebSocketClient(port: relay.port, path: "/realtime", timeout: 10)
        let created = try nextText(client)
        #expect(created.contains("session.created") && created.contains("(set by the relay operator)"),
                "the relay hides instructions in replayed frames too: \(created) \(relay.child.output)")
        try client.send(text: #"{"type":"conversation.item.create","item":{"type":"message","role":"user","content":[{"type":"input_text","text":"Hi"}]}}"#)
        try client.send(text: #"{"type":"response.create"}"#)
        #expect(try nextText(client).contains("response.created"))
        #expect(try nextText(client).contains("Recorded answer"))
        #expect(try nextText(client).contains("response.done"))
        try client.send(opcode: 8, payload: [0x03, 0xE8])
        _ = try? nextText(client)
        relay.child.signal(SIGTERM)
        #expect(relay.child.waitForExit(timeout: 10) == 0)
        #expect(relay.child.output.contains("upstream replay"), "\(relay.child.output)")
    }

    @Test func replaySendSendsTheClientFramesAgainAndLogsTheNewSession() throws {
        let directory = TemporaryDirectory(prefix: "relay-replay-send")
        let log = directory.write("recorded.jsonl", Self.recording)
        let child = try ChildProcess(
            shellCommand: "exec '\(ChildProcess.relayBinary())' replay send '\(log)' --simulator --speed 0 --wait 20 --log-dir '\(directory.path)/new'")
        let status = child.waitForExit(timeout: 60)
        #expect(status == 0, "\(child.output)")
        #expect(child.output.contains("Sending 2 client frames of session rs_0123456789abcdef"))
        #expect(child.output.contains("<- response.done"), "\(child.output)")
        #expect(child.output.contains("closing: all frames sent, the last response is done"))
        let listing = try ChildProcess(shellCommand: "cat '\(directory.path)'/new/*.jsonl")
        _ = listing.waitForExit(timeout: 10)
        #expect(listing.output.contains(#""event":"session_start""#))
        #expect(listing.output.contains("Hello again"), "the recorded client frame went through the relay again")
        #expect(listing.output.contains(#""event":"session_end""#))
    }

    @Test func aLogWithNothingToReplayIsExplained() throws {
        let directory = TemporaryDirectory(prefix: "relay-replay-empty")
        let log = directory.write("empty.jsonl", "{\"event\":\"session_start\",\"ts\":\"2026-11-21T10:00:00.000000Z\",\"session\":\"rs_0123456789abcdef\",\"seq\":1}\nnot json\n")
        let child = try ChildProcess(shellCommand: "exec '\(ChildProcess.relayBinary())' replay serve '\(log)' --port 0")
        #expect(child.waitForExit(timeout: 20) != 0)
        #expect(child.output.contains("line 2"), "the corrupt line is named: \(child.output)")
        #expect(child.output.contains("holds no upstream frames to replay"), "\(child.output)")
    }
    /// The server frames of one scripted exchange (a typed message and a response), until response.done.
    private func scriptedExchange(port: Int) throws -> [String] {
        let client = try RawWebSocketClient(port: port, path: "/openai/v1/realtime?model=gpt-realtime", timeout: 20)
        var frames = [try nextText(client)]  // session.created
        try client.send(text: #"{"type":"conversation.item.create","item":{"type":"message","role":"user","content":[{"type":"input_text","text":"Round trip"}]}}"#)
        try client.send(text: #"{"type":"response.create"}"#)
        while !(frames.last ?? "").contains(#""type":"response.done""#) { frames.append(try nextText(client)) }
        try client.send(opcode: 8, payload: [0x03, 0xE8])
        return frames
    }

    /// Record a session of the simulator, replay it as the upstream: the client gets the same server
    /// frames, byte for byte, in the same order.
    @Test func aRecordedSessionReplaysTheSameServerFrames() throws {
        let directory = TemporaryDirectory(prefix: "relay-round-trip")
        let relay = try RelayProcess(arguments: "--log-dir '\(directory.path)/logs'")
        let recorded = try scriptedExchange(port: relay.port)
        relay.child.signal(SIGTERM)
        #expect(relay.child.waitForExit(timeout: 10) == 0)
        let find = try ChildProcess(shellCommand: "ls '\(directory.path)'/logs/*.jsonl")
        _ = find.waitForExit(timeout: 5)
        let log = find.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let replay = try ChildProcess(shellCommand: "exec '\(ChildProcess.relayBinary())' replay serve '\(log)' --port 0 --speed 0")
        #expect(replay.waitForOutput(containing: "Listening on", timeout: 20), "\(replay.output)")
        let line = replay.output.split(separator: "\n").first { $0.contains("Listening on") } ?? ""
        let port = Int(line.split(separator: ":")[1].prefix { $0.isNumber }) ?? 0
        let replayed = try scriptedExchange(port: port)
        #expect(replayed.count == recorded.count && recorded.count > 10)
        #expect(replayed == recorded, "the same server frames in the same order")
        replay.signal(SIGTERM)
        #expect(replay.waitForExit(timeout: 10) == 0)
    }

    /// `kill -9` mid-session: the gzip log holds everything up to the last flush, readable as it is.
    @Test func aGzipLogSurvivesKill9MidSession() throws {
        let directory = TemporaryDirectory(prefix: "relay-kill9")
        let relay = try RelayProcess(arguments: "--log-dir '\(directory.path)/logs' --log-gzip")
        let client = try RawWebSocketClient(port: relay.port, path: "/realtime", timeout: 10)
        _ = try nextText(client)
        try client.send(text: #"{"type":"conversation.item.create","item":{"type":"message","role":"user","content":[{"type":"input_text","text":"Before the crash"}]}}"#)
        _ = try nextText(client)
        usleep(1_600_000)  // past the writer's one-second flush
        relay.child.signal(SIGKILL)
        _ = relay.child.waitForExit(timeout: 10)
        let read = try ChildProcess(shellCommand: "gzip -dc '\(directory.path)'/logs/*.jsonl.gz 2>/dev/null; echo; echo gzip-exit=$?")
        _ = read.waitForExit(timeout: 10)
        #expect(read.output.contains(#""event":"session_start""#), "\(read.output)")
        #expect(read.output.contains("Before the crash"))
        #expect(!read.output.contains(#""event":"session_end""#), "the session never ended")
        let summary = try ChildProcess(shellCommand: "exec '\(ChildProcess.relayBinary())' replay summary \(directory.path)/logs/*.jsonl.gz --json")
        #expect(summary.waitForExit(timeout: 20) == 0, "\(summary.output)")
        #expect(summary.output.contains("Before the crash"), "the reader reads the crashed log: \(summary.output)")
    }
}
}
