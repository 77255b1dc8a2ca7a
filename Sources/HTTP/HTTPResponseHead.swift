// A response status line and header fields, serialised into an output buffer (RFC 9112 §4, §5).

/// The head of a response: status and header fields, written as `HTTP/1.1 200 OK\r\n`, one
/// `name: value\r\n` line per field, and the empty line `\r\n` (RFC 9112 §2.1, §4, §5).
public struct HTTPResponseHead: Sendable {
    /// The status line's code and reason phrase.
    public var status: HTTPStatus
    /// The header fields, in the order they are written. Names should be tokens (RFC 9110 §5.1).
    public var headers: [(name: String, value: String)]

    /// Creates a response head.
    public init(status: HTTPStatus, headers: [(name: String, value: String)] = []) {
        self.status = status
        self.headers = headers
    }

    /// Appends the serialised head to `buffer`.
    ///
    /// So that no value can split the response or inject a field (RFC 9110 §5.5: CR, LF and NUL are
    /// never valid in a field value), every control byte other than HTAB in a name, value or reason
    /// phrase - CR, LF, NUL, DEL included - is written as a space.
    public func write(into buffer: inout [UInt8]) {
        buffer.append(contentsOf: "HTTP/1.1 ".utf8)
        let code = status.code
        buffer.append(UInt8(truncatingIfNeeded: 0x30 &+ code / 100 % 10))
        buffer.append(UInt8(truncatingIfNeeded: 0x30 &+ code / 10 % 10))
        buffer.append(UInt8(truncatingIfNeeded: 0x30 &+ code % 10))
        buffer.append(ASCII.sp)
        HTTPResponseHead.appendSanitised(status.reasonPhrase, to: &buffer)
        buffer.append(ASCII.cr)
        buffer.append(ASCII.lf)
        for (name, value) in headers {
            HTTPResponseHead.appendSanitised(name, to: &buffer)
            buffer.append(ASCII.colon)
            buffer.append(ASCII.sp)
            HTTPResponseHead.appendSanitised(value, to: &buffer)
            buffer.append(ASCII.cr)
            buffer.append(ASCII.lf)
        }
        buffer.append(ASCII.cr)
        buffer.append(ASCII.lf)
    }

    /// Appends the UTF-8 of `text`, with control bytes other than HTAB replaced by SP.
    private static func appendSanitised(_ text: String, to buffer: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            if bytes.allSatisfy(ASCII.isFieldValueByte) {
                buffer.append(contentsOf: bytes)
            } else {
                for b in bytes { buffer.append(ASCII.isFieldValueByte(b) ? b : ASCII.sp) }
            }
        }
    }
}
