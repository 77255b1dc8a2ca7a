// Test helpers: raw frames built byte by byte (independently of the encoder), and queue draining.

#if canImport(Glibc)
import Glibc
#endif
import Buffers
@testable import WebSocket

/// How a test frame encodes its payload length; receivers accept non-minimal forms (RFC 6455 §5.2).
enum LengthForm {
    case minimal, sixteenBit, sixtyFourBit
}

/// The UTF-8 bytes of `text`.
func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

/// `count` bytes of a repeating, recognisable pattern.
func pattern(_ count: Int, seed: Int = 0) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: ($0 &* 31) &+ seed &+ ($0 >> 8)) }
}

/// `count` ASCII letters (valid text of exactly `count` bytes).
func asciiText(_ count: Int) -> [UInt8] {
    (0..<count).map { UInt8(ascii: "a") + UInt8($0 % 26) }
}

/// A frame exactly as given: any opcode nibble and reserved bits, optional mask (applied bytewise
/// here, as the reference), any length form, or an announced length that differs from the payload.
func rawFrame(
    opcode: UInt8, fin: Bool = true, rsv1: Bool = false, rsv2: Bool = false, rsv3: Bool = false,
    payload: [UInt8] = [], maskingKey: UInt32? = nil, length: LengthForm = .minimal, announcedLength: UInt64? = nil
) -> [UInt8] {
    var bytes: [UInt8] = [(fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | (rsv2 ? 0x20 : 0) | (rsv3 ? 0x10 : 0) | opcode]
    let announced = announcedLength ?? UInt64(payload.count)
    let maskBit: UInt8 = maskingKey == nil ? 0 : 0x80
    var form = length
    if form == .minimal { form = announced <= 125 ? .minimal : announced <= 0xFFFF ? .sixteenBit : .sixtyFourBit }
    switch form {
    case .minimal:
        bytes.append(maskBit | UInt8(announced))
    case .sixteenBit:
        bytes.append(maskBit | 126)
        bytes += [UInt8(announced >> 8 & 0xFF), UInt8(announced & 0xFF)]
    case .sixtyFourBit:
        bytes.append(maskBit | 127)
        bytes += (0..<8).reversed().map { UInt8(announced >> (8 * UInt64($0)) & 0xFF) }
    }
    if let maskingKey {
        let key = [UInt8(maskingKey >> 24), UInt8(maskingKey >> 16 & 0xFF), UInt8(maskingKey >> 8 & 0xFF), UInt8(maskingKey & 0xFF)]
        bytes += key
        bytes += payload.enumerated().map { $0.element ^ key[$0.offset % 4] }
    } else {
        bytes += payload
    }
    return bytes
}

/// A frame as a peer in `sender`'s role sends it: masked (with a fixed key) exactly when the sender
/// is a client.
func frame(
    _ opcode: WebSocketOpcode, fin: Bool = true, rsv1: Bool = false, _ payload: [UInt8] = [],
    from sender: WebSocketRole, length: LengthForm = .minimal
) -> [UInt8] {
    rawFrame(opcode: opcode.rawValue, fin: fin, rsv1: rsv1, payload: payload,
             maskingKey: sender == .client ? 0xA1B2_C3D4 : nil, length: length)
}

/// The role that sends to a decoder in `role`.
func peer(of role: WebSocketRole) -> WebSocketRole { role == .server ? .client : .server }

/// Every in-memory byte queued, in order (the queue is emptied).
func drain(_ queue: inout OutboundQueue) -> [UInt8] {
    var bytes: [UInt8] = []
    var vectors = [iovec](repeating: iovec(), count: 64)
    while !queue.isEmpty {
        let filled = vectors.withUnsafeMutableBufferPointer { queue.gather(into: $0) }
        var taken = 0
        for vector in vectors[0..<filled] {
            bytes += UnsafeRawBufferPointer(start: vector.iov_base, count: vector.iov_len)
            taken += vector.iov_len
        }
        queue.consume(taken)
    }
    return bytes
}

/// Decodes `bytes` with a fresh decoder, returning the first step's kind or the error. Wraps the
/// typed-throws call in a `Result` (a compiler crash hits `#expect(throws:)` around it).
func decodeOnce(
    _ bytes: [UInt8], role: WebSocketRole, configuration: WebSocketConfiguration = .init()
) -> Result<DecoderDriver.Event?, WebSocketProtocolError> {
    var decoder = WebSocketFrameDecoder(role: role, configuration: configuration)
    var bytes = bytes
    return bytes.withUnsafeMutableBytes { input in
        Result { () throws(WebSocketProtocolError) in DecoderDriver.event(try decoder.decode(input)).event }
    }
}

extension Result {
    /// The error, if this is a failure.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// Bytes at a stable address for as long as the object lives, as an inflater's or deflater's own
/// output buffer would be.
final class OwnedBytes {
    private let base: UnsafeMutableRawBufferPointer

    init(_ bytes: [UInt8]) {
        base = .allocate(byteCount: max(bytes.count, 1), alignment: 8)
        base.copyBytes(from: bytes)
        count = bytes.count
    }

    let count: Int

    deinit { base.deallocate() }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: base[..<count]) }
}
