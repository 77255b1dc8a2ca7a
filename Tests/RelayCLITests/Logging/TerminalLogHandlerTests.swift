// Tests for TerminalLogHandler: line layout, padding, quoting, escaping and redaction.

import Logging
@testable import RelayCLI
import Testing

@Suite struct TerminalLogHandlerTests {
    func event(
        _ level: Logger.Level, _ message: Logger.Message, _ metadata: Logger.Metadata? = nil
    ) -> LogEvent {
        LogEvent(level: level, message: message, metadata: metadata, source: nil,
                 file: #fileID, function: #function, line: #line)
    }

    let ts = "2026-11-21T10:00:00.123Z"

    @Test func layout() {
        let handler = TerminalLogHandler(label: "relay")
        #expect(handler.line(for: event(.info, "listening", ["port": "8080", "host": "0.0.0.0"]), timestamp: ts)
            == "2026-11-21T10:00:00.123Z info  relay: listening host=0.0.0.0 port=8080")
        #expect(handler.line(for: event(.error, "failed"), timestamp: ts)
            == "2026-11-21T10:00:00.123Z error relay: failed")
        #expect(handler.line(for: event(.warning, "slow"), timestamp: ts)
            == "2026-11-21T10:00:00.123Z warning relay: slow")
        #expect(TerminalLogHandler(label: "").line(for: event(.debug, "x"), timestamp: ts)
            == "2026-11-21T10:00:00.123Z debug x")
    }

    @Test func quotingAndEscaping() {
        let handler = TerminalLogHandler(label: "relay")
        let line = handler.line(for: event(.info, "two\nlines", [
            "path": "/a b", "empty": "", "eq": "a=b", "quote": "say \"hi\"", "plain": "x\\y",
            "ctl": "a\u{1b}[31mb", "nested": ["b": "2", "a": "1"], "list": ["x", "y z"],
        ]), timestamp: ts)
        #expect(!line.contains("\n"))
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 })
        #expect(line == #"2026-11-21T10:00:00.123Z info  relay: two\nlines ctl="a\u{1b}[31mb" empty="" eq="a=b" list="[x,y z]" nested={a=1,b=2} path="/a b" plain=x\y quote="say \"hi\"""#)
    }

    @Test func redactsSecrets() {
        let secret = "sk-VERY-SECRET-123"
        let collector = LineCollector()
        var logger = Logger(label: "relay") { TerminalLogHandler(label: $0, output: collector.output) }
        logger[metadataKey: "authorization"] = "Bearer \(secret)"
        logger.info("call", metadata: [
            "API-Key": "\(secret)", "password": "\(secret)", "secret": "\(secret)", "Token": "\(secret)",
            "CLIENT_SECRET": "\(secret)", "cfg": ["api-key": "\(secret)"], "model": "gpt",
        ])
        let line = collector.lines.first ?? ""
        #expect(!line.contains(secret), "\(line)")
        #expect(line.contains("API-Key=[redacted]"))
        #expect(line.contains("authorization=[redacted]"))
        #expect(line.contains("cfg={api-key=[redacted]}"))
        #expect(line.contains("model=gpt"))
    }

    @Test func timestampShape() throws {
        let collector = LineCollector()
        let logger = Logger(label: "relay") { TerminalLogHandler(label: $0, output: collector.output) }
        logger.notice("hello")
        let line = try #require(collector.lines.first)
        let pattern = #/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z notice relay: hello$/#
        #expect(line.wholeMatch(of: pattern) != nil, "\(line)")
    }
}
