// Tests for JSONLogHandler: valid JSON lines, escaping, flattening, redaction and timestamps.

import Foundation
import Logging
@testable import RelayCLI
import Testing

@Suite struct JSONLogHandlerTests {
    struct Boom: Error, CustomStringConvertible {
        var description: String { "boom \"x\"" }
    }

    func log(
        _ level: Logger.Level = .info, _ message: Logger.Message,
        metadata: Logger.Metadata? = nil, configure: (inout Logger) -> Void = { _ in }
    ) throws -> [String: Any] {
        let collector = LineCollector()
        var logger = Logger(label: "relay") { label in
            JSONLogHandler(label: label, logLevel: .trace, output: collector.output)
        }
        configure(&logger)
        logger.log(level: level, message, metadata: metadata)
        let lines = collector.lines
        try #require(lines.count == 1)
        #expect(!lines[0].contains("\n"))
        let object = try JSONSerialization.jsonObject(with: Data(lines[0].utf8))
        return try #require(object as? [String: Any])
    }

    @Test func basicShape() throws {
        let object = try log(.info, "listening", metadata: ["host": "0.0.0.0", "port": "\(8080)"])
        #expect(object["level"] as? String == "info")
        #expect(object["logger"] as? String == "relay")
        #expect(object["msg"] as? String == "listening")
        #expect(object["host"] as? String == "0.0.0.0")
        #expect(object["port"] as? String == "8080")
        #expect(object["file"] == nil && object["line"] == nil && object["source"] == nil)
        #expect(Set(object.keys) == ["ts", "level", "logger", "msg", "host", "port"])
    }

    @Test func keyOrderIsStable() {
        let handler = JSONLogHandler(label: "relay")
        let event = LogEvent(
            level: .info, message: "listening", metadata: ["port": "8080", "host": "0.0.0.0"],
            source: nil, file: #fileID, function: #function, line: #line)
        #expect(handler.line(for: event, timestamp: "2026-11-21T10:00:00.123456Z")
            == #"{"ts":"2026-11-21T10:00:00.123456Z","level":"info","logger":"relay","msg":"listening","host":"0.0.0.0","port":"8080"}"#)
    }

    @Test func timestampShape() throws {
        let object = try log(.info, "x")
        let ts = try #require(object["ts"] as? String)
        let pattern = #/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/#
        #expect(ts.wholeMatch(of: pattern) != nil, "\(ts)")
        // Close to now.
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = try #require(formatter.date(from: String(ts.prefix(23)) + "Z"))
        #expect(abs(date.timeIntervalSinceNow) < 60)
    }

    @Test func allLevels() throws {
        for level in Logger.Level.allCases {
            let object = try log(level, "m")
            #expect(object["level"] as? String == level.rawValue)
        }
    }

    @Test func escapesQuotesBackslashesAndControlCharacters() throws {
        let message = "say \"hi\" \\ path\nnew\tline\r\u{1}\u{1f}\u{7f} caf\u{e9} \u{1F600}"
        let collector = LineCollector()
        let handler = JSONLogHandler(label: "re\"lay", output: collector.output)
        handler.log(event: LogEvent(
            level: .error, message: "\(message)", metadata: ["k\ney": "v\u{0}al\"ue"],
            source: nil, file: #fileID, function: #function, line: #line))
        let line = try #require(collector.lines.first)
        #expect(line.contains(#"\u000a"#))
        #expect(line.contains(#"\u0009"#))
        #expect(line.contains(#"\u0001"#))
        #expect(line.contains(#"\u001f"#))
        #expect(line.contains(#"\u0000"#))
        #expect(line.contains(#"\"hi\""#))
        #expect(!line.utf8.contains { $0 < 0x20 })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["msg"] as? String == message)
        #expect(object["logger"] as? String == "re\"lay")
        #expect(object["k\ney"] as? String == "v\u{0}al\"ue")
        #expect(object["level"] as? String == "error")
    }

    @Test func nestedMetadata() throws {
        let object = try log(.notice, "n", metadata: [
            "request": ["method": "GET", "headers": ["a", "b"], "inner": ["x": "1"]],
            "list": ["one", ["k": "v"], ["nested"]],
            "count": .stringConvertible(3),
        ])
        let request = try #require(object["request"] as? [String: Any])
        #expect(request["method"] as? String == "GET")
        #expect(request["headers"] as? [String] == ["a", "b"])
        #expect((request["inner"] as? [String: String]) == ["x": "1"])
        let list = try #require(object["list"] as? [Any])
        #expect(list.count == 3)
        #expect(list[0] as? String == "one")
        #expect((list[1] as? [String: String]) == ["k": "v"])
        #expect((list[2] as? [String]) == ["nested"])
        #expect(object["count"] as? String == "3")
    }

    @Test func redactsSecrets() throws {
        let secret = "sk-VERY-SECRET-123"
        let collector = LineCollector()
        var logger = Logger(label: "relay") { JSONLogHandler(label: $0, output: collector.output) }
        logger[metadataKey: "Authorization"] = "Bearer \(secret)"
        logger.info("call", metadata: [
            "api-key": "\(secret)", "API_KEY": "\(secret)", "password": "\(secret)", "Secret": "\(secret)",
            "token": "\(secret)", "client_secret": "\(secret)", "x-api-key": "\(secret)",
            "access_token": "\(secret)",
            "headers": ["authorization": "\(secret)", "accept": "json"],
            "list": [["token": "\(secret)"]],
            "tokens": "12", "model": "gpt",
        ])
        let line = try #require(collector.lines.first)
        #expect(!line.contains(secret), "\(line)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        for key in ["api-key", "API_KEY", "password", "Secret", "token", "client_secret", "x-api-key",
                    "access_token", "Authorization"] {
            #expect(object[key] as? String == "[redacted]", "\(key)")
        }
        #expect((object["headers"] as? [String: String]) == ["authorization": "[redacted]", "accept": "json"])
        #expect(object["tokens"] as? String == "12")
        #expect(object["model"] as? String == "gpt")
    }

    @Test func reservedKeysDoNotCollide() throws {
        let object = try log(.info, "real", metadata: ["msg": "fake", "level": "fake", "ts": "fake", "logger": "fake"])
        #expect(object["msg"] as? String == "real")
        #expect(object["level"] as? String == "info")
        #expect(object["logger"] as? String == "relay")
        #expect(object["meta.msg"] as? String == "fake")
        #expect(object["meta.ts"] as? String == "fake")
    }

    @Test func errorIsIncluded() throws {
        let collector = LineCollector()
        let handler = JSONLogHandler(label: "relay", output: collector.output)
        handler.log(event: LogEvent(
            level: .critical, message: "failed", error: Boom(), metadata: nil,
            source: nil, file: #fileID, function: #function, line: #line))
        let line = try #require(collector.lines.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "critical")
        #expect(object["error.message"] as? String == "boom \"x\"")
        #expect((object["error.type"] as? String)?.hasSuffix("Boom") == true)
    }

    @Test func metadataPrecedence() throws {
        let provider = Logger.MetadataProvider { ["request-id": "from-provider", "shared": "provider"] }
        let collector = LineCollector()
        var logger = Logger(label: "relay") {
            JSONLogHandler(label: $0, output: collector.output, metadataProvider: provider)
        }
        logger[metadataKey: "shared"] = "handler"
        logger[metadataKey: "handler-only"] = "h"
        logger.info("m", metadata: ["call": "c"])
        logger.info("m", metadata: ["shared": "call"])
        let objects = try collector.lines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == 2)
        #expect(objects[0]["request-id"] as? String == "from-provider")
        #expect(objects[0]["shared"] as? String == "provider")
        #expect(objects[0]["handler-only"] as? String == "h")
        #expect(objects[0]["call"] as? String == "c")
        #expect(objects[1]["shared"] as? String == "call")
    }

    @Test func respectsLogLevel() {
        let collector = LineCollector()
        let logger = Logger(label: "relay") { JSONLogHandler(label: $0, logLevel: .warning, output: collector.output) }
        logger.info("hidden")
        logger.debug("hidden")
        logger.warning("shown")
        logger.error("shown")
        #expect(collector.lines.count == 2)
    }
}
