// Test driver: feeds HTTPRequestParser exactly as the server does (append, parse, drop consumed).

import HTTP
import Testing

/// Emulates the caller contract of ``HTTPRequestParser``: keeps every received, unconsumed byte in a
/// buffer, calls `parse` until it needs more bytes, and drops what each step consumed. Records what
/// the parser reported as events, with adjacent body pieces merged so that runs over differently
/// split input can be compared.
struct ParserDriver {
    enum Event: Equatable, CustomStringConvertible {
        case head(HTTPRequestHead)
        case body([UInt8])
        case end

        var description: String {
            switch self {
            case .head(let head): "head(\(head.method.rawValue) \(head.target))"
            case .body(let bytes): "body(\(String(decoding: bytes, as: UTF8.self).debugDescription))"
            case .end: "end"
            }
        }
    }

    private var parser: HTTPRequestParser
    private(set) var buffer: [UInt8] = []
    private(set) var events: [Event] = []

    init(limits: HTTPParserLimits = .init()) {
        parser = HTTPRequestParser(limits: limits)
    }

    /// Appends `bytes` to the buffer and parses until the parser needs more.
    mutating func feed(_ bytes: some Collection<UInt8>) throws(HTTPRequestError) {
        buffer.append(contentsOf: bytes)
        var emptyEnds = 0
        while true {
            let step = try parser.parseBytes(buffer)
            switch step {
            case .needMoreBytes:
                return
            case .head(let head, let consumed):
                #expect(consumed > 0 && consumed <= buffer.count, "head consumed \(consumed) of \(buffer.count)")
                events.append(.head(head))
                buffer.removeFirst(consumed)
                emptyEnds = 0
            case .body(let range, let consumed):
                #expect(!range.isEmpty && range.lowerBound >= 0, "body range \(range)")
                #expect(range.upperBound <= consumed && consumed <= buffer.count, "body \(range) consumed \(consumed) of \(buffer.count)")
                let data = Array(buffer[range])
                if case .body(let earlier)? = events.last {
                    events[events.count - 1] = .body(earlier + data)
                } else {
                    events.append(.body(data))
                }
                buffer.removeFirst(consumed)
                emptyEnds = 0
            case .end(let consumed):
                #expect(consumed <= buffer.count, "end consumed \(consumed) of \(buffer.count)")
                events.append(.end)
                buffer.removeFirst(consumed)
                emptyEnds = consumed == 0 ? emptyEnds + 1 : 0
                if emptyEnds > 1 {
                    Issue.record("two .end(consumed: 0) in a row without progress")
                    return
                }
            }
        }
    }

    /// Feeds `bytes` in the given pieces.
    static func run(
        _ pieces: [ArraySlice<UInt8>], limits: HTTPParserLimits = .init()
    ) -> (events: [Event], error: HTTPRequestError?, leftover: Int) {
        var driver = ParserDriver(limits: limits)
        do {
            for piece in pieces { try driver.feed(piece) }
            return (driver.events, nil, driver.buffer.count)
        } catch {
            return (driver.events, error, driver.buffer.count)
        }
    }

    /// Feeds all of `bytes` at once.
    static func runWhole(_ bytes: [UInt8], limits: HTTPParserLimits = .init()) -> (events: [Event], error: HTTPRequestError?, leftover: Int) {
        run([bytes[...]], limits: limits)
    }

    /// Feeds `bytes` one byte per call.
    static func runByteByByte(_ bytes: [UInt8], limits: HTTPParserLimits = .init()) -> (events: [Event], error: HTTPRequestError?, leftover: Int) {
        run(bytes.indices.map { bytes[$0...$0] }, limits: limits)
    }

    /// Feeds `bytes` in two pieces cut at `index`.
    static func runSplit(_ bytes: [UInt8], at index: Int, limits: HTTPParserLimits = .init()) -> (events: [Event], error: HTTPRequestError?, leftover: Int) {
        run([bytes[..<index], bytes[index...]], limits: limits)
    }
}

extension ParserDriver.Event {
    /// The head, if this is a head event.
    var head: HTTPRequestHead? {
        if case .head(let head) = self { return head }
        return nil
    }
}

/// The UTF-8 bytes of `text` (test inputs are written as Swift strings with `\r\n` escapes).
func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

extension HTTPRequestParser {
    /// Parses the bytes of `buffer` (a test convenience over the raw-buffer API).
    mutating func parseBytes(_ buffer: [UInt8]) throws(HTTPRequestError) -> HTTPParseStep {
        var parser = self
        let result = buffer.withUnsafeBytes { raw in
            Result { () throws(HTTPRequestError) -> HTTPParseStep in try parser.parse(raw) }
        }
        self = parser
        return try result.get()
    }
}
