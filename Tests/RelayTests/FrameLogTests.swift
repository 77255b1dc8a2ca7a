// Every frame of a relayed session in its frame log, over real sockets: forwarded, injected, rewritten
// with the original, refused, relay-made, control frames, and the start and end records.
@testable import FrameLog
import Glibc
import JSON
import Logging
import Posix
import NetworkTestSupport
@testable import Relay
import TestSupport
import Testing

@Suite struct RelayFrameLogTests {
    /// A relay whose sessions are logged into a fresh directory.
    final class LoggedRelay {
        let directory = TemporaryDirectory(prefix: "relay-frame-log")
        let writer: FrameLogWriter
        let relay: RelayUnderTest

        /// `threads` loops, each with its own writer thread, and the frame log's metrics.
        init(upstreamReply: ScriptedReply? = nil, files: (any FrameLogFileSystem)? = nil, threads: Int = 1,
             configure: @escaping (inout RelayConfiguration) -> Void = { _ in }) throws {
            writer = try FrameLogWriter(configuration: FrameLogConfiguration(directory: directory.path, writerThreads: threads),
                                        logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
                                        files: files ?? PosixFrameLogFileSystem())
            writer.start()
            let writer = self.writer
            relay = try RelayUnderTest(upstreamReply: upstreamReply, configure: {
                $0.frameLog = writer
                $0.sessionPolicy = try! SessionPolicy.parse(Array(#"{"allowed_client_events":["session.update","input_audio_buffer.append","response.create"]}"#.utf8), source: "test")
                configure(&$0)
            }, configureServer: {
                $0.threads = threads
                $0.metricsSources.append(FrameLogMetricsSource(writer: writer))
            })
        }

        /// The records of the one session logged, once its end record is on disk.
        func records() throws -> [JSONValue] {
            var lines: [JSONValue] = []
            #expect(eventually(timeout: 10) {
                self.writer.flushForTesting()
                guard let text = self.logText(), text.contains(#""event":"session_end""#) else { return false }
                lines = text.split(separator: "\n").compactMap { try? JSONValue.parse(Array($0.utf8)) }
                return true
            })
            return lines
        }

        func logText() -> String? {
            guard let name = try? directoryEntries().first(where: { $0.hasSuffix(".jsonl") }),
                  let bytes = try? readAll(directory.path + "/" + name) else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }

        /// How many files hold their session's end record.
        func endedSessions() throws -> Int {
            try directoryEntries().filter { name in
                String(decoding: try readAll(directory.path + "/" + name), as: UTF8.self).contains(#""event":"session_end""#)
            }.count
        }

        func directoryEntries() throws -> [String] {
            guard let handle = opendir(directory.path) else { return [] }
            defer { closedir(handle) }
            var names: [String] = []
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { names.append(name) }
            }
            return names
        }

        func readAll(_ path: String) throws -> [UInt8] {
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { return [] }
            defer { close(descriptor) }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(descriptor, &buffer, buffer.count)
                if count <= 0 { break }
                bytes += buffer[0..<count]
            }
            return bytes
        }

        deinit { writer.stop() }
    }

    @Test func aSessionsFramesAreAllLoggedWithTheirDirections() throws {
        let logged = try LoggedRelay()
        let client = try logged.relay.client(path: "/openai/v1/realtime?model=gpt-realtime",
                                             fields: "api-key: dummy-client-key\r\nUser-Agent: frame-log-test/1.0\r\n")
        _ = try client.receiveEvent()  // session.created, instructions hidden
        try client.send(text: #"{"type":"session.update","session":{"type":"realtime","instructions":"Mine."}}"#)
        try client.send(text: #"{"type":"conversation.item.delete","item_id":"x"}"#)  // outside the allowlist
        #expect(try client.receiveEvent()["error"]?["code"]?.stringValue == "client_event_not_allowed")
        try client.send(opcode: 9, payload: Array("are you there".utf8))  // the relay answers this ping
        var pong: RawFrame
        repeat { pong = try client.receive() } while pong.opcode != 10
        try client.send(text: #"{"type":"response.create"}"#)
        #expect(eventually { logged.relay.upstream.received.values.count >= 3 })
        try client.send(opcode: 8, payload: [0x03, 0xE8] + Array("bye".utf8))
        _ = try client.receiveClose()

        let records = try logged.records()
        let start = try #require(records.first)
        #expect(start["event"]?.stringValue == "session_start")
        #expect(start["user_agent"]?.stringValue == "frame-log-test/1.0")
        #expect(start["client"]?.stringValue == "127.0.0.1")
        #expect(start["deployment"]?.stringValue == "gpt-realtime")
        #expect(start["api"]?.stringValue == "ga")
        #expect(start["credential"]?.stringValue == "API key")
        let end = try #require(records.last)
        #expect(end["event"]?.stringValue == "session_end")
        #expect(end["client_close"]?["code"]?.intValue == 1000)
        #expect(end["client_close"]?["reason"]?.stringValue == "bye")
        #expect(end["upstream_session_id"]?.stringValue == "sess_1")
        #expect(end["expires_at"]?.intValue == 4102444800)

        let seqs = records.compactMap { $0["seq"]?.intValue }
        #expect(seqs == Array(1...records.count), "every record has the next seq")
        let session = start["session"]?.stringValue
        #expect(records.allSatisfy { $0["session"]?.stringValue == session })

        func frames(_ dir: String, _ type: String? = nil, opcode: String = "text") -> [JSONValue] {
            records.filter { $0["dir"]?.stringValue == dir && $0["opcode"]?.stringValue == opcode && (type == nil || $0["type"]?.stringValue == type) }
        }
        let injected = try #require(frames("relay_to_upstream", "session.update").first)
        #expect(injected["data"]?["session"]?["instructions"]?.stringValue == "Be a pirate.")
        let created = try #require(frames("upstream_to_client", "session.created").first)
        #expect(created["data"]?["session"]?["instructions"]?.stringValue == RelayConfiguration.hiddenInstructionsPlaceholder)
        #expect(created["original"]?["session"]?["instructions"]?.stringValue == "Be a pirate.", "the rewrite keeps the original")
        let update = try #require(frames("client_to_upstream", "session.update").first)
        #expect(update["data"]?["session"]?["instructions"]?.stringValue == "Be a pirate.")
        #expect(update["original"]?["session"]?["instructions"]?.stringValue == "Mine.")
        #expect(frames("client_to_relay", "conversation.item.delete").count == 1, "the refused event was consumed")
        #expect(frames("relay_to_client", "error").count == 1, "the relay's error event")
        #expect(frames("client_to_upstream", "response.create").count == 1)
        let ping = try #require(frames("client_to_relay", opcode: "ping").first)
        #expect(ping["data"]?.stringValue == "YXJlIHlvdSB0aGVyZQ==" && ping["encoding"]?.stringValue == "base64",
                "control payloads are bytes: base64 of \"are you there\"")
        #expect(frames("relay_to_client", opcode: "pong").count == 1)
        let close = try #require(frames("client_to_relay", opcode: "close").first)
        #expect(close["code"]?.intValue == 1000 && close["reason"]?.stringValue == "bye")
        #expect(frames("relay_to_upstream", opcode: "close").count == 1)

        // Neither the relay's upstream key nor the client's dummy key is anywhere in the log.
        let text = try #require(logged.logText())
        #expect(!text.contains("relay-upstream-key"))
        #expect(!text.contains("dummy-client-key"))
    }

    @Test func framesHeldForAnUpstreamThatNeverOpenedAreLoggedAsConsumed() throws {
        let logged = try LoggedRelay(upstreamReply: .json(429, #"{"error":{"code":"429","message":"Rate limit is exceeded."}}"#))
        let client = try logged.relay.client()
        try client.send(text: #"{"type":"response.create"}"#)
        _ = try client.receiveClose()
        let records = try logged.records()
        #expect(records.contains { $0["dir"]?.stringValue == "relay_to_client" && $0["type"]?.stringValue == "error" })
        #expect(records.contains { $0["dir"]?.stringValue == "client_to_relay" && $0["type"]?.stringValue == "response.create" },
                "held, never forwarded: consumed by the relay")
        #expect(!records.contains { $0["dir"]?.stringValue == "client_to_upstream" })
        #expect(records.last?["outcome"]?.stringValue == "upstream_failed")
        #expect(records.last?["closed_by"]?.stringValue == "relay")
        #expect(records.last?["client_close"]?["code"]?.intValue == 1013)
    }

    @Test func textThatIsNotJSONAndBinaryFramesAreLoggedExactly() throws {
        let logged = try LoggedRelay { $0.sessionPolicy = .none }
        let client = try logged.relay.client()
        _ = try client.receiveEvent()
        try client.send(text: "plain text, not JSON")
        try client.send(opcode: 2, payload: [0x00, 0xFF, 0x10, 0x80])
        try client.send(text: #"{"type":"input_audio_buffer.clear",  "spaced" : [1, 2]}"#)
        #expect(eventually { logged.relay.upstream.received.values.count >= 3 })
        try client.send(opcode: 8, payload: [0x03, 0xE8])
        _ = try client.receiveClose()
        let records = try logged.records().filter { $0["dir"]?.stringValue == "client_to_upstream" || $0["dir"]?.stringValue == "client_to_relay" }
        let text = try #require(records.first { $0["opcode"]?.stringValue == "text" && $0["data"]?.stringValue != nil })
        #expect(text["data"]?.stringValue == "plain text, not JSON" && text["encoding"] == nil && text["bytes"]?.intValue == 20)
        let binary = try #require(records.first { $0["opcode"]?.stringValue == "binary" })
        #expect(binary["data"]?.stringValue == "AP8QgA==" && binary["encoding"]?.stringValue == "base64" && binary["bytes"]?.intValue == 4)
        let json = try #require(records.first { $0["type"]?.stringValue == "input_audio_buffer.clear" })
        #expect(json["data"]?["spaced"] == [1, 2], "JSON embedded as JSON")
        let raw = try #require(logged.logText())
        #expect(raw.contains(#""data":{"type":"input_audio_buffer.clear",  "spaced" : [1, 2]}"#), "the payload's own bytes")
    }

    /// Two loops, two writer threads: sessions on either loop are logged completely, and /metrics
    /// reports the sums over both threads.
    @Test func sessionsOnBothLoopsAreLoggedAndTheMetricsAreTheSums() throws {
        let logged = try LoggedRelay(threads: 2)
        var sessions = 0
        // The kernel spreads connections over the loops' listeners: go on until both threads wrote.
        while sessions < 40, sessions < 4 || logged.writer.shardStatistics.contains(where: { $0.framesWritten == 0 }) {
            let client = try logged.relay.client()
            _ = try client.receiveEvent()
            try client.send(text: #"{"type":"response.create"}"#)
            try client.send(opcode: 8, payload: [0x03, 0xE8])
            _ = try client.receiveClose()
            sessions += 1
            #expect(eventually(timeout: 10) {
                logged.writer.flushForTesting()
                return logged.writer.statistics.sessionsOpen == 0 && (try? logged.endedSessions()) == sessions
            })
        }
        let shards = logged.writer.shardStatistics
        #expect(shards.allSatisfy { $0.framesWritten > 0 }, "\(shards)")
        let files = try logged.directoryEntries().filter { $0.hasSuffix(".jsonl") }
        #expect(files.count == sessions)
        var records = 0
        for name in files {
            let text = String(decoding: try logged.readAll(logged.directory.path + "/" + name), as: UTF8.self)
            let lines = text.split(separator: "\n").compactMap { try? JSONValue.parse(Array($0.utf8)) }
            #expect(lines.first?["event"]?.stringValue == "session_start", "\(name)")
            #expect(lines.last?["event"]?.stringValue == "session_end", "\(name)")
            #expect(lines.map { $0["seq"]?.intValue ?? 0 } == Array(1...lines.count), "\(name)")
            records += lines.count
        }
        let statistics = logged.writer.statistics
        #expect(statistics.framesWritten == records)
        #expect(statistics.framesWritten == shards[0].framesWritten + shards[1].framesWritten)
        #expect(statistics.bytesWritten == shards[0].bytesWritten + shards[1].bytesWritten)
        let text = try logged.relay.scrapeMetrics()
        #expect(text.contains("relay_frame_log_frames_total{result=\"written\"} \(records)\n"), "\(text)")
        #expect(text.contains("relay_frame_log_frames_total{result=\"dropped\"} 0\n"))
        #expect(text.contains("relay_frame_log_bytes_total \(statistics.bytesWritten)\n"))
        #expect(text.contains("relay_frame_log_sessions_open 0\n"))
    }

    /// A disk that fails every write: the session relays on, the loss is counted.
    @Test func aFailingDiskDoesNotStopRelaying() throws {
        let logged = try LoggedRelay(files: FullDisk())
        let client = try logged.relay.client()
        _ = try client.receiveEvent()
        for index in 0..<20 { try client.send(text: #"{"type":"input_audio_buffer.append","audio":"\#(index)"}"#) }
        #expect(eventually { logged.relay.upstream.received.values.count >= 21 }, "every frame reached the upstream")
        try client.send(opcode: 8, payload: [0x03, 0xE8])
        _ = try client.receiveClose()
        #expect(eventually(timeout: 10) {
            logged.writer.flushForTesting()
            return logged.writer.statistics.framesDropped >= 20 && logged.writer.statistics.writeErrors >= 1
        }, "\(logged.writer.statistics)")
    }
}

/// Every file creation fails as on a full disk.
struct FullDisk: FrameLogFileSystem {
    func create(path: String) throws(SystemCallError) -> any FrameLogFile {
        throw SystemCallError("open(\(path))", errno: ENOSPC)
    }
}
