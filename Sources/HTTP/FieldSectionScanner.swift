// Reads the field lines of a head's header section, shared by the request and the response head scanners.

/// Takes note of each field line of a header section as it is parsed, e.g. to decide body framing
/// once the section is complete (``MessageFraming`` for requests, ``HTTPResponseFraming`` for responses).
protocol FieldLineObserver {
    /// An observer that has seen no field line yet.
    init()

    /// Takes note of one field line; rejects what is wrong within the line itself.
    mutating func observe(_ p: UnsafeRawBufferPointer, _ field: FieldLine) throws(HTTPRequestError)
}

/// The field-lines phase of a head scanner: reads the header section one complete line at a time,
/// after the start line (request or status line), up to the empty line that ends the head.
///
/// Offsets are relative to the start of the caller's input, which does not move while a head is being
/// read. Each call resumes the line-end scan where the previous one stopped, so bytes already scanned
/// are never rescanned. Field ranges are kept relative to the start of the section, ready to index the
/// copy of the section that ``takeHeaders(_:headEnd:)`` makes.
///
/// Enforces ``HTTPParserLimits/maxHeaderBlockBytes`` (the field lines with their CRLFs plus the final
/// CRLF) and ``HTTPParserLimits/maxHeaderFields``, both with 431; line and field syntax errors are 400
/// (``LineScanner``, ``FieldLine``); whatever `Framing` rejects in a field line is thrown unchanged.
struct FieldSectionScanner<Framing: FieldLineObserver> {
    /// Where the header section starts: just past the start line's CRLF.
    private(set) var sectionStart = 0
    /// Where the current line starts.
    private var lineStart = 0
    /// Where the line-end scan resumes.
    private var scanPosition = 0
    private var fields: [HTTPHeaders.Field] = []
    /// What the field lines read so far say about framing and persistence.
    private(set) var framing = Framing()

    /// Forgets any partial section, keeping the field array's capacity.
    mutating func reset() {
        sectionStart = 0
        lineStart = 0
        scanPosition = 0
        fields.removeAll(keepingCapacity: true)
        framing = Framing()
    }

    /// Starts the section at `start`, the offset just past the start line's CRLF.
    mutating func begin(at start: Int) {
        sectionStart = start
        lineStart = start
        scanPosition = start
    }

    /// Reads as many field lines as `p` holds. Returns the end of the head (the offset just past the
    /// CRLF of the empty line) once that line was read, nil when more bytes are needed.
    ///
    /// On the empty line the scanner's positions are left as they are; the caller builds the head with
    /// ``takeHeaders(_:headEnd:)`` and then resets.
    mutating func scan(
        _ p: UnsafeRawBufferPointer, limits: HTTPParserLimits
    ) throws(HTTPRequestError) -> Int? {
        let crLimit = sectionStart &+ limits.maxHeaderBlockBytes &- 1
        while true {
            switch try LineScanner.findLineEnd(p, from: scanPosition, crLimit: crLimit) {
            case .overLimit:
                throw HTTPRequestError(status: .requestHeaderFieldsTooLarge, reason: "header section too large")
            case .needMore(let resume):
                scanPosition = resume
                return nil
            case .found(let cr) where cr == lineStart:
                return cr &+ 2
            case .found(let cr):
                guard fields.count < limits.maxHeaderFields else {
                    throw HTTPRequestError(status: .requestHeaderFieldsTooLarge, reason: "too many header fields")
                }
                let field = try FieldLine.parse(p, lineStart, cr)
                try framing.observe(p, field)
                fields.append(HTTPHeaders.Field(
                    name: (field.name.lowerBound &- sectionStart)..<(field.name.upperBound &- sectionStart),
                    value: (field.value.lowerBound &- sectionStart)..<(field.value.upperBound &- sectionStart)))
                lineStart = cr &+ 2
                scanPosition = lineStart
            }
        }
    }

    /// The headers of the complete section `p[sectionStart..<headEnd]`, copying its bytes once.
    ///
    /// The headers take over the field array and the scanner starts a new, empty one (rather than
    /// copying the shared one on its next append); ``framing`` is still readable until ``reset()``.
    mutating func takeHeaders(_ p: UnsafeRawBufferPointer, headEnd: Int) -> HTTPHeaders {
        let headers = HTTPHeaders(
            bytes: Array(UnsafeRawBufferPointer(rebasing: p[sectionStart..<headEnd])),
            fields: fields)
        fields = []
        return headers
    }

    /// Reserves room for at least `capacity` fields in the field array, e.g. for the next head after
    /// ``takeHeaders(_:headEnd:)`` left it empty.
    mutating func reserveFieldCapacity(_ capacity: Int) {
        fields.reserveCapacity(capacity)
    }
}

extension FieldSectionScanner: Sendable where Framing: Sendable {}
