// Collects the response fields that decide framing and persistence (Content-Length, Transfer-Encoding, Connection).

/// What the framing-relevant fields of one response head say, gathered line by line and resolved into
/// an ``HTTPResponseBodyFraming`` once the head is complete (RFC 9112 §6.3).
struct HTTPResponseFraming: FieldLineObserver {
    private var contentLength: Int?
    private var transferEncodingSeen = false
    private var codings = 0
    private var chunkedSeen = false
    private var connectionClose = false
    private var connectionKeepAlive = false

    /// Takes note of one field line; rejects what is wrong within the line itself.
    mutating func observe(_ p: UnsafeRawBufferPointer, _ field: FieldLine) throws(HTTPRequestError) {
        let name = field.name
        switch name.count {
        case 10 where ASCII.equalsIgnoringCase(p, name, "connection"):
            for element in ListElements(p, field.value) {
                if ASCII.equalsIgnoringCase(p, element, "close") { connectionClose = true }
                if ASCII.equalsIgnoringCase(p, element, "keep-alive") { connectionKeepAlive = true }
            }
        case 14 where ASCII.equalsIgnoringCase(p, name, "content-length"):
            try observeContentLength(p, field.value)
        case 17 where ASCII.equalsIgnoringCase(p, name, "transfer-encoding"):
            transferEncodingSeen = true
            for element in ListElements(p, field.value) where !element.isEmpty {
                codings &+= 1
                if ASCII.equalsIgnoringCase(p, element, "chunked") { chunkedSeen = true }
            }
        default:
            break
        }
    }

    /// RFC 9110 §8.6: Content-Length = 1*DIGIT; identical repeated values stand for one value
    /// (RFC 9112 §6.3 rule 5), anything else is invalid.
    private mutating func observeContentLength(_ p: UnsafeRawBufferPointer, _ value: Range<Int>) throws(HTTPRequestError) {
        for element in ListElements(p, value) {
            guard !element.isEmpty else { throw .badRequest("invalid Content-Length") }
            var n = 0
            for i in element {
                guard ASCII.isDigit(p[i]) else { throw .badRequest("invalid Content-Length") }
                let (times10, o1) = n.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(Int(p[i] &- 0x30))
                guard !o1 && !o2 else { throw .badRequest("Content-Length is too large to represent") }
                n = sum
            }
            if let previous = contentLength, previous != n { throw .badRequest("conflicting Content-Length values") }
            contentLength = n
        }
    }

    /// Decides the framing once every field line was observed, following RFC 9112 §6.3 in order:
    /// HEAD, 1xx, 204, 304 have no body (rule 1; 101 switches protocols); a 2xx to CONNECT is a tunnel
    /// (rule 2); Transfer-Encoding with Content-Length is refused as a smuggling sign (rule 3);
    /// Transfer-Encoding must be exactly `chunked` (rule 4; other codings: unsupported); then
    /// Content-Length (rule 6); otherwise the body lasts until close (rule 8).
    func resolve(code: Int, requestMethod: HTTPMethod) throws(HTTPRequestError) -> HTTPResponseBodyFraming {
        if code == 101 { return .switchedProtocols }
        if requestMethod == .connect && (200...299).contains(code) { return .switchedProtocols }
        if requestMethod == .head || code < 200 || code == 204 || code == 304 { return .none }
        if transferEncodingSeen {
            guard contentLength == nil else { throw .badRequest("both Transfer-Encoding and Content-Length") }
            guard codings == 1 && chunkedSeen else {
                throw HTTPRequestError(status: .notImplemented, reason: "transfer coding other than chunked")
            }
            return .chunked
        }
        if let length = contentLength { return .contentLength(length) }
        return .untilClose
    }

    /// Whether the connection persists after a response with this framing (RFC 9112 §9.3).
    func keepAlive(version: HTTPVersion, framing: HTTPResponseBodyFraming) -> Bool {
        if connectionClose { return false }
        switch framing {
        case .untilClose, .switchedProtocols: return false
        case .none, .contentLength, .chunked: return version != .http1_0 || connectionKeepAlive
        }
    }
}
