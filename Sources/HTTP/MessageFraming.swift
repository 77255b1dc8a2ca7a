// Collects the fields that decide framing and persistence (Host, Content-Length, Transfer-Encoding, Connection).

/// What the framing-relevant fields of one request head say, gathered line by line as they are parsed
/// and resolved into an ``HTTPBodyFraming`` once the head is complete.
struct MessageFraming: FieldLineObserver {
    private var hostCount = 0
    private var contentLength: Int?
    private var transferEncodingSeen = false
    private var codingCount = 0
    private var chunkedCount = 0
    private var lastCodingIsChunked = false
    private var unsupportedCoding = false
    private(set) var connectionClose = false
    private(set) var connectionKeepAlive = false

    /// Takes note of one field line; rejects what is wrong within the line itself (400).
    mutating func observe(_ p: UnsafeRawBufferPointer, _ field: FieldLine) throws(HTTPRequestError) {
        let name = field.name
        switch name.count {
        case 4 where ASCII.equalsIgnoringCase(p, name, "host"):
            try observeHost(p, field.value)
        case 10 where ASCII.equalsIgnoringCase(p, name, "connection"):
            observeConnection(p, field.value)
        case 14 where ASCII.equalsIgnoringCase(p, name, "content-length"):
            try observeContentLength(p, field.value)
        case 17 where ASCII.equalsIgnoringCase(p, name, "transfer-encoding"):
            try observeTransferEncoding(p, field.value)
        default:
            break
        }
    }

    /// RFC 9112 §3.2: more than one Host field line, or an invalid Host value, is a 400.
    private mutating func observeHost(_ p: UnsafeRawBufferPointer, _ value: Range<Int>) throws(HTTPRequestError) {
        hostCount &+= 1
        guard hostCount == 1 else { throw .badRequest("more than one Host field") }
        guard Authority.isValid(p, value, requireHost: false, requirePort: false) else {
            throw .badRequest("invalid Host field")
        }
    }

    /// RFC 9112 §9.3, §9.6: the "close" and "keep-alive" connection options.
    private mutating func observeConnection(_ p: UnsafeRawBufferPointer, _ value: Range<Int>) {
        for element in ListElements(p, value) {
            if ASCII.equalsIgnoringCase(p, element, "close") {
                connectionClose = true
            } else if ASCII.equalsIgnoringCase(p, element, "keep-alive") {
                connectionKeepAlive = true
            }
        }
    }

    /// RFC 9110 §8.6: Content-Length = 1*DIGIT. A list of identical values, or repeated identical field
    /// lines, stand for that value; differing values, empty elements, signs, spaces inside, hex and
    /// values not representable as Int are a 400.
    private mutating func observeContentLength(_ p: UnsafeRawBufferPointer, _ value: Range<Int>) throws(HTTPRequestError) {
        for element in ListElements(p, value) {
            guard !element.isEmpty else { throw .badRequest("invalid Content-Length") }
            var n = 0
            for i in element {
                let b = p[i]
                guard ASCII.isDigit(b) else { throw .badRequest("invalid Content-Length") }
                let (times10, o1) = n.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(Int(b &- 0x30))
                guard !o1 && !o2 else { throw .badRequest("Content-Length is too large to represent") }
                n = sum
            }
            if let previous = contentLength, previous != n {
                throw .badRequest("conflicting Content-Length values")
            }
            contentLength = n
        }
    }

    /// RFC 9112 §6.1, §7: the transfer codings, in order, across all Transfer-Encoding field lines.
    /// A coding must be a token, optionally with parameters; chunked takes no parameters (RFC 9112 §7.1).
    private mutating func observeTransferEncoding(_ p: UnsafeRawBufferPointer, _ value: Range<Int>) throws(HTTPRequestError) {
        transferEncodingSeen = true
        for element in ListElements(p, value) where !element.isEmpty {
            var nameEnd = element.lowerBound
            while nameEnd < element.upperBound && ASCII.isTchar(p[nameEnd]) { nameEnd &+= 1 }
            guard nameEnd > element.lowerBound else { throw .badRequest("invalid Transfer-Encoding") }
            var rest = nameEnd
            while rest < element.upperBound && ASCII.isWhitespace(p[rest]) { rest &+= 1 }
            let hasParameters = rest < element.upperBound
            guard !hasParameters || p[rest] == ASCII.semicolon else { throw .badRequest("invalid Transfer-Encoding") }
            let isChunked = ASCII.equalsIgnoringCase(p, element.lowerBound..<nameEnd, "chunked")
            if isChunked {
                guard !hasParameters else { throw .badRequest("chunked transfer coding takes no parameters") }
                chunkedCount &+= 1
                guard chunkedCount == 1 else { throw .badRequest("chunked applied more than once") }
            } else {
                unsupportedCoding = true
            }
            codingCount &+= 1
            lastCodingIsChunked = isChunked
        }
    }

    /// Decides the body framing once every field line was observed (RFC 9112 §6.3).
    ///
    /// 400: an HTTP/1.1 request without Host (RFC 9112 §3.2); Transfer-Encoding in an HTTP/1.0 request
    /// (RFC 9112 §6.1); Transfer-Encoding with Content-Length (RFC 9112 §6.1, §6.3 rule 3); an empty
    /// Transfer-Encoding; chunked not being the final coding (RFC 9112 §6.3 rule 4, a MUST).
    /// 501: a coding other than chunked (RFC 9112 §6.1). 413: Content-Length above `maxBodyBytes`.
    func resolve(version: HTTPVersion, maxBodyBytes: Int) throws(HTTPRequestError) -> HTTPBodyFraming {
        if version == .http1_1 && hostCount == 0 { throw .badRequest("HTTP/1.1 request without Host") }
        if transferEncodingSeen {
            guard version != .http1_0 else { throw .badRequest("Transfer-Encoding in an HTTP/1.0 request") }
            guard contentLength == nil else { throw .badRequest("both Transfer-Encoding and Content-Length") }
            guard codingCount > 0 else { throw .badRequest("empty Transfer-Encoding") }
            guard lastCodingIsChunked else { throw .badRequest("chunked is not the final transfer coding") }
            guard !unsupportedCoding else {
                throw HTTPRequestError(status: .notImplemented, reason: "unsupported transfer coding")
            }
            return .chunked
        }
        if let length = contentLength {
            guard length <= maxBodyBytes else {
                throw HTTPRequestError(status: .payloadTooLarge, reason: "Content-Length exceeds the body limit")
            }
            return .contentLength(length)
        }
        return .none
    }

    /// Whether the connection persists after this request (RFC 9112 §9.3).
    func keepAlive(version: HTTPVersion) -> Bool {
        if connectionClose { return false }
        return version == .http1_1 || connectionKeepAlive
    }
}
