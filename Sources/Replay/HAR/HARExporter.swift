// Writes a session as a HAR 1.2 file with Chrome's `_webSocketMessages`, streamed message by message.

import FrameLog
import JSON

/// Exports one session as HAR 1.2: one page and one entry, the WebSocket (`GET` upgrade answered
/// `101`), with `_resourceType: "websocket"` and `_webSocketMessages` as Chrome writes them
/// (`{"type":"send"|"receive","time":<epoch seconds>,"opcode":1|2,"data":"…"}`), so Chrome's
/// developer tools and HAR viewers open it.
///
/// Text payloads come out as logged; open the reader with `preservesPayloadBytes` so JSON payloads
/// keep the sender's exact text.
///
/// Messages are written as they are read: the export of a 1 GB log needs no more memory than one
/// message. Members whose values are only known at the end (`time`, `timings`) come after the
/// messages; JSON member order carries no meaning.
public final class HARExporter {
    public let side: HARSide
    private let file: OutputFile
    private var report: HARExportReport
    private var started = false
    private var firstMessage = true
    private var zero: Int64?
    private var lastMicros: Int64?
    private var end: JSONObject?
    private var session: String?

    public init(path: String, side: HARSide = .client) throws(OutputFileError) {
        self.side = side
        file = try OutputFile(path: path)
        report = HARExportReport(path: path)
    }

    /// Takes the next record, in log order. The first record opens the entry (its request comes from
    /// a `session_start`).
    public func add(_ record: FrameLogRecord) throws(OutputFileError) {
        if !started { try begin(with: record) }
        if let micros = record.epochMicroseconds { lastMicros = micros }
        switch record.kind {
        case .sessionEnd:
            end = record.fields
        case .frame:
            try message(record)
        default:
            break
        }
    }

    /// Closes the entry and the document.
    public func finish() throws(OutputFileError) -> HARExportReport {
        if !started { try begin(with: nil) }
        var duration = end?["duration_ms"]?.doubleValue ?? 0
        if end?["duration_ms"] == nil, let zero, let lastMicros { duration = Double(lastMicros - zero) / 1000 }
        let time = JSONValue(max(0, duration)) ?? 0
        var comment = "realtime-relay session \(session ?? "?"), \(side.rawValue) side: \(report.sent) sent, \(report.received) received"
        if report.controlFrames > 0 { comment += ", \(report.controlFrames) ping/pong/close frames not listed" }
        if report.otherSide > 0 { comment += ", \(report.otherSide) frame\(report.otherSide == 1 ? "" : "s") of the other side not listed" }
        if report.elidedAudio > 0 { comment += ", \(report.elidedAudio) frames without their audio (logged with --log-audio omit/truncate)" }
        if let close = end?["client_close"] ?? end?["upstream_close"], close.objectValue != nil {
            comment += "; " + SessionSummarizer.closeText(code: close["code"]?.intValue, reason: close["reason"]?.stringValue)
        }
        let tail: JSONObject = [
            "time": time,
            "timings": ["blocked": -1, "dns": -1, "connect": -1, "ssl": -1, "send": 0, "wait": time, "receive": 0],
            "comment": .string(comment),
        ]
        var text = "]"
        for (key, value) in tail { text += "," + JSONValue.string(key).serializedString + ":" + value.serializedString }
        text += "}]}}\n"
        try file.write(text)
        try file.close()
        return report
    }

    // MARK: Writing

    private func begin(with record: FrameLogRecord?) throws(OutputFileError) {
        started = true
        let start = record?.kind == .sessionStart ? record?.fields : nil
        zero = record?.epochMicroseconds
        session = record?.session ?? start?["session"]?.stringValue
        let startedDateTime = JSONValue.string(FrameLogTimestamp.string(epochMicroseconds: zero ?? 0))
        let url = start?["upstream_url"]?.stringValue ?? start?["path"]?.stringValue ?? "wss://relay.invalid/realtime"
        var headers: [JSONValue] = [
            ["name": "Upgrade", "value": "websocket"], ["name": "Connection", "value": "Upgrade"],
        ]
        if let agent = start?["user_agent"]?.stringValue { headers.append(["name": "User-Agent", "value": .string(agent)]) }
        let page: JSONValue = [
            "startedDateTime": startedDateTime, "id": "page_1",
            "title": .string("realtime-relay session \(session ?? "?")"),
            "pageTimings": ["onContentLoad": -1, "onLoad": -1],
        ]
        let request: JSONValue = [
            "method": "GET", "url": .string(url), "httpVersion": "HTTP/1.1", "cookies": [], "headers": .array(headers),
            "queryString": .array(Self.queryString(of: url)), "headersSize": -1, "bodySize": 0,
        ]
        let response: JSONValue = [
            "status": 101, "statusText": "Switching Protocols", "httpVersion": "HTTP/1.1", "cookies": [],
            "headers": [["name": "Upgrade", "value": "websocket"], ["name": "Connection", "value": "Upgrade"]],
            "content": ["size": 0, "mimeType": "x-unknown"], "redirectURL": "", "headersSize": -1, "bodySize": 0,
        ]
        let log: JSONValue = [
            "version": "1.2",
            "creator": ["name": "realtime-relay", "version": "replay export"],
        ]
        var head = "{\"log\":" + String(log.serializedString.dropLast())
        head += ",\"pages\":[" + page.serializedString + "],\"entries\":[{"
        head += "\"pageref\":\"page_1\",\"startedDateTime\":" + startedDateTime.serializedString
        head += ",\"request\":" + request.serializedString + ",\"response\":" + response.serializedString
        head += ",\"cache\":{},\"_resourceType\":\"websocket\",\"_webSocketMessages\":[\n"
        try file.write(head)
    }

    private func message(_ record: FrameLogRecord) throws(OutputFileError) {
        guard let direction = record.direction else { return }
        guard let opcode = record.opcode, opcode == .text || opcode == .binary else {
            report.controlFrames += 1
            return
        }
        guard let type = side.messageType(for: direction) else {
            report.otherSide += 1
            return
        }
        // The client side shows what the browser sent, which is the original of a rewritten frame. Binary
        // data stays base64, as Chrome writes it.
        let original = side == .client ? record.originalPayloadText() ?? record.original?.stringValue : nil
        let data = original ?? record.payloadText() ?? record.data?.stringValue ?? ""
        if record.isAudioElided { report.elidedAudio += 1 }
        if type == "send" { report.sent += 1 } else { report.received += 1 }
        let time = record.epochMicroseconds.map { Double($0) / 1_000_000 } ?? 0
        let message: JSONValue = [
            "type": .string(type), "time": JSONValue(time) ?? 0, "opcode": opcode == .text ? 1 : 2, "data": .string(data),
        ]
        try file.write((firstMessage ? "" : ",\n") + message.serializedString)
        firstMessage = false
    }

    /// HAR's `queryString` list for `url`.
    static func queryString(of url: String) -> [JSONValue] {
        guard let question = url.firstIndex(of: "?") else { return [] }
        let query = url[url.index(after: question)...].prefix { $0 != "#" }
        return query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return ["name": .string(String(parts[0])), "value": .string(parts.count > 1 ? String(parts[1]) : "")]
        }
    }
}

@available(*, unavailable)
extension HARExporter: Sendable {}
