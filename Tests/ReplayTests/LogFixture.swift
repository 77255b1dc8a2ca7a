// Builds frame logs for the tests the way the relay's writer lays them out, plain or gzip (whole or cut off).
#if canImport(Glibc)
import Buffers
import Glibc
#endif
import CZlib
import FrameLog
import JSON
@testable import Replay
import TestSupport

/// Lines of a frame log, written in the writer's field order: ts, session, seq, dir, opcode, type,
/// bytes, [code, reason], data, [encoding], [original], [audio_*_bytes].
struct LogFixture {
    /// 2026-11-21T10:00:00Z.
    static let startMicroseconds: Int64 = 1_795_255_200_000_000
    static let upstreamURL = "wss://myres.openai.azure.com/openai/v1/realtime?model=gpt-realtime"
    var lines: [String] = []
    private var seq = 0

    /// The timestamp `milliseconds` after the start, as the writer writes it.
    static func ts(_ milliseconds: Double) -> String {
        FrameLogTimestamp.string(epochMicroseconds: startMicroseconds + Int64((milliseconds * 1000).rounded()), fractionDigits: 6)
    }

    mutating func start(api: String = "ga") {
        seq += 1
        let record: JSONValue = [
            "event": "session_start", "ts": .string(Self.ts(0)), "session": "rs_0123456789abcdef", "seq": JSONValue(seq),
            "client": "127.0.0.1:50000", "user_agent": "TestAgent/1.0", "deployment": "gpt-realtime",
            "credential": "api-key", "upstream_url": .string(Self.upstreamURL), "api": .string(api),
        ]
        lines.append(record.serializedString)
    }

    /// A JSON text frame carrying `event`.
    mutating func frame(_ milliseconds: Double, _ direction: FrameDirection, _ event: JSONValue,
                        original: JSONValue? = nil, extra: JSONObject = [:]) {
        var record = head(milliseconds, direction, "text")
        if let type = event["type"]?.stringValue { record["type"] = .string(type) }
        record["bytes"] = JSONValue(event.serialized().count)
        record["data"] = event
        if let original { record["original"] = original }
        for (key, value) in extra { record[key] = value }
        lines.append(JSONValue.object(record).serializedString)
    }

    /// A frame whose payload is written as given (`dataText` must be valid JSON or a JSON string).
    mutating func frame(_ milliseconds: Double, _ direction: FrameDirection, opcode: String = "text", type: String? = nil,
                        bytes: Int, dataText: String, base64: Bool = false) {
        var record = head(milliseconds, direction, opcode)
        if let type { record["type"] = .string(type) }
        record["bytes"] = JSONValue(bytes)
        var text = String(JSONValue.object(record).serializedString.dropLast())
        text += ",\"data\":" + dataText + (base64 ? ",\"encoding\":\"base64\"" : "") + "}"
        lines.append(text)
    }

    /// A ping, pong or binary frame (payload as base64).
    mutating func binary(_ milliseconds: Double, _ direction: FrameDirection, opcode: String, payload: [UInt8]) {
        var record = head(milliseconds, direction, opcode)
        record["bytes"] = JSONValue(payload.count)
        record["data"] = .string(Base64.encode(payload))
        record["encoding"] = "base64"
        lines.append(JSONValue.object(record).serializedString)
    }

    mutating func close(_ milliseconds: Double, _ direction: FrameDirection, code: Int?, reason: String = "") {
        var record = head(milliseconds, direction, "close")
        record["bytes"] = JSONValue(code == nil ? 0 : 2 + reason.utf8.count)
        if let code { record["code"] = JSONValue(code) }
        record["reason"] = .string(reason)
        lines.append(JSONValue.object(record).serializedString)
    }

    mutating func framesMissing(_ milliseconds: Double, count: Int, reason: String) {
        let record: JSONValue = [
            "event": "frames_missing", "ts": .string(Self.ts(milliseconds)), "session": "rs_0123456789abcdef",
            "seq_from": JSONValue(seq + 1), "seq_to": JSONValue(seq + count), "count": JSONValue(count), "reason": .string(reason),
        ]
        seq += count
        lines.append(record.serializedString)
    }

    mutating func end(_ milliseconds: Double, _ fields: JSONObject = [:]) {
        seq += 1
        var record: JSONObject = [
            "event": "session_end", "ts": .string(Self.ts(milliseconds)), "session": "rs_0123456789abcdef", "seq": JSONValue(seq),
            "duration_ms": JSONValue(Int(milliseconds)),
        ]
        for (key, value) in fields { record[key] = value }
        lines.append(JSONValue.object(record).serializedString)
    }

    /// A line exactly as given (corrupt lines).
    mutating func raw(_ line: String) { lines.append(line) }

    var text: String { lines.map { $0 + "\n" }.joined() }
    var bytes: [UInt8] { Array(text.utf8) }

    private mutating func head(_ milliseconds: Double, _ direction: FrameDirection, _ opcode: String) -> JSONObject {
        seq += 1
        return ["ts": .string(Self.ts(milliseconds)), "session": "rs_0123456789abcdef", "seq": JSONValue(seq),
                "dir": .string(direction.name), "opcode": .string(opcode)]
    }
}

// MARK: Files and gzip

/// Writes `bytes` to `name` in `directory`; returns the path.
@discardableResult
func writeFile(_ directory: TemporaryDirectory, _ name: String, _ bytes: [UInt8]) -> String {
    let path = "\(directory.path)/\(name)"
    let file = fopen(path, "wb")!
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
    return path
}

func readFile(_ path: String) -> [UInt8] {
    guard let file = fopen(path, "rb") else { return [] }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if count == 0 { return bytes }
        bytes += chunk[0..<count]
    }
}

func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

/// gzip of `bytes`: a whole member (`finish`), or only sync-flushed, with no end block and no CRC
/// trailer, as a relay that crashed leaves it.
func gzip(_ bytes: [UInt8], finish: Bool = true) -> [UInt8] {
    var stream = z_stream()
    precondition(CZlib_deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK)
    defer { deflateEnd(&stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    var input = bytes
    input.withUnsafeMutableBufferPointer { source in
        stream.next_in = source.baseAddress
        stream.avail_in = uInt(source.count)
        while true {
            let (status, produced) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                let status = deflate(&stream, finish ? Z_FINISH : Z_SYNC_FLUSH)
                return (status, out.count - Int(stream.avail_out))
            }
            output += chunk[0..<produced]
            if status == Z_STREAM_END || (!finish && stream.avail_in == 0 && stream.avail_out != 0) { break }
            precondition(status == Z_OK || status == Z_BUF_ERROR, "deflate failed: \(status)")
        }
    }
    return output
}

/// Every record of the log at `path`, and the reader (for its diagnostics).
func readAll(_ path: String, preservesPayloadBytes: Bool = false) throws -> (records: [FrameLogRecord], reader: FrameLogReader) {
    let reader = try FrameLogReader(path: path, preservesPayloadBytes: preservesPayloadBytes)
    return (Array(reader), reader)
}

/// Little-endian PCM16 bytes of `samples`.
func pcm16(_ samples: [Int16]) -> [UInt8] {
    samples.flatMap { sample -> [UInt8] in
        let bits = UInt16(bitPattern: sample)
        return [UInt8(bits & 0xFF), UInt8(bits >> 8)]
    }
}

/// The samples of a PCM16 WAV file's data (after the 44-byte header).
func wavSamples(_ bytes: [UInt8]) -> [Int16] {
    guard bytes.count >= 44 else { return [] }
    return stride(from: 44, to: bytes.count - 1, by: 2).map { Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8) }
}

/// A little-endian integer field of a WAV header.
func le32(_ bytes: [UInt8], _ offset: Int) -> Int {
    Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
}
