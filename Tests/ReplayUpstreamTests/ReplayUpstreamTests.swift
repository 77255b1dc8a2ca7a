// The replaying upstream over real sockets: the recorded server frames, in order, paced by the client
// and by the recorded gaps, the upstream's original payloads, the recorded close.
import Glibc
import Logging
import Posix
import ReplayUpstream
import TestSupport
import Testing

@Suite struct ReplayUpstreamTests {
    /// A recorded session: the upstream greets, the client appends audio and asks for a response
    /// 1.2 s in, the upstream answers 0.3 s later, then closes.
    static let log = """
        {"event":"session_start","ts":"2026-11-21T10:00:00.000000Z","session":"rs_0123456789abcdef","seq":1,"deployment":"gpt-realtime"}
        {"ts":"2026-11-21T10:00:00.010000Z","session":"rs_0123456789abcdef","seq":2,"dir":"relay_to_upstream","opcode":"text","type":"session.update","bytes":10,"data":{"type":"session.update","session":{"instructions":"Be a pirate."}}}
        {"ts":"2026-11-21T10:00:00.100000Z","session":"rs_0123456789abcdef","seq":3,"dir":"upstream_to_client","opcode":"text","type":"session.created","bytes":10,"data":{"type":"session.created","session":{"instructions":"(set by the relay operator)"}},"original":{"type":"session.created","session":{"instructions":"Be a pirate."}}}
        {"ts":"2026-11-21T10:00:01.000000Z","session":"rs_0123456789abcdef","seq":4,"dir":"client_to_upstream","opcode":"text","type":"input_audio_buffer.append","bytes":10,"data":{"type":"input_audio_buffer.append","audio":"AAAA"}}
        this line is not JSON
        {"ts":"2026-11-21T10:00:01.200000Z","session":"rs_0123456789abcdef","seq":5,"dir":"client_to_upstream","opcode":"text","type":"response.create","bytes":10,"data":{"type":"response.create"}}
        {"ts":"2026-11-21T10:00:01.500000Z","session":"rs_0123456789abcdef","seq":6,"dir":"upstream_to_client","opcode":"text","type":"response.created","bytes":10,"data":{"type":"response.created","response":{"id":"resp_1"}}}
        {"ts":"2026-11-21T10:00:01.600000Z","session":"rs_0123456789abcdef","seq":7,"dir":"upstream_to_client","opcode":"text","type":"response.output_audio.delta","bytes":10,"data":{"type":"response.output_audio.delta","delta":"AAAAAAAA"}}
        {"ts":"2026-11-21T10:00:01.700000Z","session":"rs_0123456789abcdef","seq":8,"dir":"upstream_to_relay","opcode":"ping","bytes":0,"data":"","encoding":"base64"}
        {"ts":"2026-11-21T10:00:02.000000Z","session":"rs_0123456789abcdef","seq":9,"dir":"upstream_to_client","opcode":"text","type":"response.done","bytes":10,"data":{"type":"response.done","response":{"id":"resp_1","status":"completed"}}}
        {"ts":"2026-11-21T10:00:02.400000Z","session":"rs_0123456789abcdef","seq":10,"dir":"upstream_to_relay","opcode":"close","bytes":9,"code":1000,"reason":"bye"}
        {"event":"session_end","ts":"2026-11-21T10:00:02.500000Z","session":"rs_0123456789abcdef","seq":11}

        """

    private let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    private func recording() throws -> (TemporaryDirectory, RecordedConversation) {
        let directory = TemporaryDirectory(prefix: "replay-upstream")
        let path = directory.write("20261121T100000Z-rs_0123456789abcdef.jsonl", Self.log)
        return (directory, try RecordedConversation.load(path: path))
    }

    @Test func theRecordingIsReadAsServerFramesAndClientMarkers() throws {
        let (_, conversation) = try recording()
        #expect(conversation.session == "rs_0123456789abcdef")
        #expect(conversation.serverFrames == 4)
        #expect(conversation.clientFrames == 2)
        #expect(conversation.diagnostics.count == 1)
        #expect(conversation.diagnostics.first?.contains("line 5") == true, "\(conversation.diagnostics)")
        #expect(abs(conversation.duration - 2.4) < 0.001)
    }

    private func text(_ frame: RawFrame) -> String { String(decoding: frame.payload, as: UTF8.self) }

    private func nextText(_ client: RawWebSocketClient) throws -> String {
        while true {
            let frame = try client.receive()
            if frame.opcode == 1 { return text(frame) }
            if frame.opcode == 8 { return "close \(frame.closeCode ?? 0) \(String(decoding: frame.payload.dropFirst(2), as: UTF8.self))" }
        }
    }

    @Test func serverFramesWaitForTheClientThenKeepTheirRecordedGaps() throws {
        let (_, conversation) = try recording()
        let upstream = try ReplayUpstream(conversation: conversation, pacing: ReplayPacing(speed: 2), logger: quiet)
        let client = try RawWebSocketClient(port: upstream.port, path: "/openai/v1/realtime?model=anything", timeout: 10)
        let greeting = try nextText(client)
        #expect(greeting.contains("Be a pirate."), "the upstream's original, not the relay's rewrite: \(greeting)")
        // Longer than the whole recording: a replay on timing alone would have sent everything by now.
        usleep(1_500_000)
        try client.send(text: #"{"type":"input_audio_buffer.append","audio":""}"#)
        try client.send(text: #"{"type":"response.create"}"#)
        let sent = ChildProcess.now()
        #expect(try nextText(client).contains("response.created"))
        let waited = ChildProcess.now() - sent
        #expect(waited >= 0.12, "recorded 0.3 s after response.create, at speed 2: \(waited) s")
        #expect(try nextText(client).contains("response.output_audio.delta"))
        #expect(try nextText(client).contains("response.done"), "the recorded ping is not replayed")
        #expect(try nextText(client) == "close 1000 bye")
    }

    @Test func withoutWaitingForTheClientTheRecordedTimingAloneRules() throws {
        let (_, conversation) = try recording()
        let upstream = try ReplayUpstream(conversation: conversation, pacing: ReplayPacing(speed: 4, waitsForClient: false),
                                          logger: quiet)
        let client = try RawWebSocketClient(port: upstream.port, path: "/openai/realtime?api-version=v&deployment=d", timeout: 10)
        let started = ChildProcess.now()
        var received: [String] = []
        while received.last?.hasPrefix("close") != true { received.append(try nextText(client)) }
        #expect(received.count == 5)
        #expect(ChildProcess.now() - started >= 0.5, "2.4 s recorded at speed 4")
    }

    @Test func eachClientGetsTheRecordingFromItsStart() throws {
        let (_, conversation) = try recording()
        let upstream = try ReplayUpstream(conversation: conversation, pacing: ReplayPacing(speed: 0), logger: quiet)
        for _ in 0..<2 {
            let client = try RawWebSocketClient(port: upstream.port, path: "/realtime", timeout: 10)
            #expect(try nextText(client).contains("session.created"))
            try client.send(text: #"{"type":"a"}"#)
            try client.send(text: #"{"type":"b"}"#)
            #expect(try nextText(client).contains("response.created"))
        }
    }

    @Test func aLogWithoutUpstreamFramesIsExplained() throws {
        let directory = TemporaryDirectory(prefix: "replay-upstream")
        let path = directory.write("x.jsonl", "{\"event\":\"session_start\",\"ts\":\"2026-11-21T10:00:00.000000Z\",\"session\":\"rs_0123456789abcdef\",\"seq\":1}\n")
        #expect(try RecordedConversation.load(path: path).serverFrames == 0)
        #expect(throws: (any Error).self) { try RecordedConversation.load(path: directory.path + "/missing.jsonl") }
    }
}
