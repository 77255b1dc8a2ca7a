// Tests for the logging support pieces: timestamps, redaction keys, fd output and the handler factory.

import Foundation
import Logging
@testable import RelayCLI
import Testing

@Suite struct LogSupportTests {
    @Test func timestampFormatting() {
        #expect(LogTimestamp.format(seconds: 1_795_255_200, nanoseconds: 123_456_789, fractionDigits: 3)
            == "2026-11-21T10:00:00.123Z")
        #expect(LogTimestamp.format(seconds: 1_795_255_200, nanoseconds: 123_456_789, fractionDigits: 6)
            == "2026-11-21T10:00:00.123456Z")
        #expect(LogTimestamp.format(seconds: 784_111_777, nanoseconds: 5_000_000, fractionDigits: 3)
            == "1994-11-06T08:49:37.005Z")
        #expect(LogTimestamp.format(seconds: 0, nanoseconds: 0, fractionDigits: 0) == "1970-01-01T00:00:00Z")
        #expect(LogTimestamp.format(seconds: 951_782_399, nanoseconds: 999_999_999, fractionDigits: 6)
            == "2000-02-28T23:59:59.999999Z")
    }

    @Test(arguments: [
        "api-key", "API-KEY", "api_key", "Api_Key", "apikey", "authorization", "Authorization", "password",
        "PASSWORD", "secret", "token", "TOKEN", "client_secret", "client-secret", "x-api-key",
        "azure_api_key", "access_token", "refresh-token", "db_password", "cookie", "proxy-authorization",
    ])
    func sensitiveKeys(_ key: String) {
        #expect(LogRedaction.isSensitive(key: key))
    }

    @Test(arguments: ["host", "port", "tokens", "token_count", "max_tokens", "model", "path", "session", "keyboard"])
    func ordinaryKeys(_ key: String) {
        #expect(!LogRedaction.isSensitive(key: key))
    }

    @Test func fileDescriptorOutputWritesWholeLines() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let output = LogOutput.fileDescriptor(fds[1])
        let handler = JSONLogHandler(label: "relay", output: output)
        // Several threads at once: every line must come out whole.
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            for line in 0..<25 {
                handler.log(event: LogEvent(
                    level: .info, message: "thread \(index) line \(line) \(String(repeating: "x", count: 200))",
                    metadata: ["i": "\(index)"], source: nil, file: #fileID, function: #function, line: #line))
            }
        }
        close(fds[1])
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(fds[0], &buffer, buffer.count)
            if count <= 0 { break }
            data.append(contentsOf: buffer[..<count])
        }
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasSuffix("\n"))
        let lines = text.split(separator: "\n")
        #expect(lines.count == 200)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["logger"] as? String == "relay")
        }
    }

    // LoggingSystem.bootstrap is process-global and traps when called twice, so the tests build
    // loggers from the factory bootstrapLogging installs instead of bootstrapping.
    @Test func factoryPicksTheHandlerForTheFormat() {
        let collector = LineCollector()
        let json = logHandlerFactory(format: .json, level: .notice, output: collector.output)
        let text = logHandlerFactory(format: .text, level: .notice, output: collector.output)
        let jsonLogger = Logger(label: "boot") { json($0, nil) }
        let textLogger = Logger(label: "boot") { text($0, nil) }
        #expect(jsonLogger.logLevel == .notice)
        jsonLogger.info("dropped")
        jsonLogger.notice("kept")
        textLogger.notice("kept")
        let lines = collector.lines
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix(#"{"ts":"#) == true)
        #expect(lines.last?.hasSuffix(" notice boot: kept") == true)
        #expect(LogFormat(rawValue: "json") == .json && LogFormat(rawValue: "text") == .text)
    }
}
