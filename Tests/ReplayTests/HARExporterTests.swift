// `replay export --har`: a HAR 1.2 document with Chrome's _webSocketMessages, from either side of the relay.
import Buffers
import FrameLog
import JSON
@testable import Replay
import Testing
import TestSupport

@Suite("HAR export")
struct HARExporterTests {
    static func session() -> LogFixture {
        var log = LogFixture()
        log.start()
        log.frame(100, .upstreamToClient, ["type": "session.created"])                                     // receive
        log.frame(150, .relayToUpstream, ["type": "session.update", "event_id": "relay_1"])               // upstream only
        log.frame(200, .clientToUpstream, opcode: "text", type: "session.update", bytes: 30,
                  dataText: #"{"type": "session.update"}"#)                                               // send, sender's spacing
        log.frame(250, .clientToUpstream, ["type": "session.update", "session": ["instructions": "server"]],
                  original: ["type": "session.update", "session": ["instructions": "client"]])            // send (rewritten)
        log.binary(300, .clientToRelay, opcode: "ping", payload: [1])                                      // control: not listed
        log.binary(301, .relayToClient, opcode: "pong", payload: [1])
        log.binary(400, .upstreamToClient, opcode: "binary", payload: [0xDE, 0xAD])                        // receive, opcode 2
        log.frame(500, .relayToClient, ["type": "error", "error": ["code": "relay_refused"]])              // receive (client side)
        log.frame(550, .clientToRelay, ["type": "transcription_session.update"])                           // send (client side)
        log.frame(600, .upstreamToRelay, opcode: "text", bytes: 5, dataText: #""hello""#)                 // upstream side only
        log.close(700, .clientToRelay, code: 1000, reason: "bye")
        log.end(800, ["client_close": ["code": 1000, "reason": "bye"]])
        return log
    }

    static func export(_ log: LogFixture, side: HARSide) throws -> (report: HARExportReport, document: JSONValue) {
        let directory = TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let reader = try FrameLogReader(path: writeFile(directory, "s.jsonl", log.bytes), preservesPayloadBytes: true)
        let exporter = try HARExporter(path: directory.path + "/s.har", side: side)
        for record in reader { try exporter.add(record) }
        let report = try exporter.finish()
        return (report, try JSONValue.parse(readFile(directory.path + "/s.har")))
    }

    @Test func theDocumentIsAValidHAR12WebSocketEntry() throws {
        let (_, document) = try Self.export(Self.session(), side: .client)
        let log = try #require(document["log"])
        #expect(log["version"] == "1.2")
        #expect(log["creator"]?["name"] == "realtime-relay")
        #expect(log["pages"]?[0]?["id"] == "page_1")
        #expect(log["entries"]?.arrayValue?.count == 1)
        let entry = try #require(log["entries"]?[0])
        #expect(entry["pageref"] == "page_1")
        #expect(entry["startedDateTime"] == "2026-11-21T10:00:00.000Z")
        #expect(entry["_resourceType"] == "websocket")
        #expect(entry["time"]?.doubleValue == 800)
        #expect(entry["request"]?["method"] == "GET")
        #expect(entry["request"]?["url"] == .string(LogFixture.upstreamURL))
        #expect(entry["request"]?["queryString"] == [["name": "model", "value": "gpt-realtime"]])
        #expect(entry["request"]?["headers"]?.arrayValue?.contains(["name": "User-Agent", "value": "TestAgent/1.0"]) == true)
        #expect(entry["response"]?["status"] == 101)
        #expect(entry["response"]?["content"]?["mimeType"] == "x-unknown")
        for key in ["send", "wait", "receive"] { #expect(entry["timings"]?[key]?.doubleValue.map { $0 >= 0 } == true) }
        #expect(entry["cache"] == .object(JSONObject()))
    }

    @Test func theClientSideShowsWhatTheBrowserSentAndReceived() throws {
        let (report, document) = try Self.export(Self.session(), side: .client)
        let messages = try #require(document["log"]?["entries"]?[0]?["_webSocketMessages"]?.arrayValue)
        #expect(messages.map { $0["type"]?.stringValue ?? "?" } == ["receive", "send", "send", "receive", "receive", "send"])
        #expect(messages.map { $0["opcode"]?.intValue ?? 0 } == [1, 1, 1, 2, 1, 1])
        #expect(messages[0]["time"]?.doubleValue == 1_795_255_200.1)
        #expect(messages[0]["data"] == #"{"type":"session.created"}"#)
        #expect(messages[1]["data"] == #"{"type": "session.update"}"#)
        #expect(messages[2]["data"] == #"{"type":"session.update","session":{"instructions":"client"}}"#)
        #expect(messages[3]["data"] == .string(Base64.encode([0xDE, 0xAD])))
        #expect(report.sent == 3)
        #expect(report.received == 3)
        #expect(report.otherSide == 2)
        #expect(report.controlFrames == 3)
        let comment = document["log"]?["entries"]?[0]?["comment"]?.stringValue ?? ""
        #expect(comment.contains("close 1000 \"bye\""))
    }

    @Test func theUpstreamSideShowsWhatAzureSawAndSent() throws {
        let (report, document) = try Self.export(Self.session(), side: .upstream)
        let messages = try #require(document["log"]?["entries"]?[0]?["_webSocketMessages"]?.arrayValue)
        #expect(messages.map { $0["type"]?.stringValue ?? "?" } == ["receive", "send", "send", "send", "receive", "receive"])
        #expect(messages[1]["data"] == #"{"type":"session.update","event_id":"relay_1"}"#)
        #expect(messages[3]["data"] == #"{"type":"session.update","session":{"instructions":"server"}}"#)
        #expect(messages[5]["data"] == "hello")
        #expect(report.otherSide == 2)
    }

    @Test func anEmptyOrHeadlessLogStillGivesValidJSON() throws {
        var log = LogFixture()
        log.frame(5, .clientToUpstream, ["type": "response.create"])
        let (report, document) = try Self.export(log, side: .client)
        #expect(report.sent == 1)
        #expect(document["log"]?["entries"]?[0]?["_webSocketMessages"]?.arrayValue?.count == 1)
        #expect(document["log"]?["entries"]?[0]?["request"]?["url"] == "wss://relay.invalid/realtime")
    }
}
