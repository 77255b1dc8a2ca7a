// The input encodings Azure accepts and how to turn their bytes into samples for the VAD.

/// `audio/pcm` (PCM16 LE 24 kHz), `audio/pcmu` (G.711 µ-law 8 kHz), `audio/pcma` (G.711 A-law 8 kHz).
enum InputAudioFormat: Equatable {
    case pcm16
    case mulaw
    case alaw

    init(_ type: String?) {
        switch type {
        case "audio/pcmu": self = .mulaw
        case "audio/pcma": self = .alaw
        default: self = .pcm16
        }
    }

    var sampleRate: Int { self == .pcm16 ? 24000 : 8000 }
    var bytesPerSample: Int { self == .pcm16 ? 2 : 1 }

    /// One encoded sample as linear PCM16 (ITU-T G.711 expansion for the companded formats).
    func sample(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Int16 {
        switch self {
        case .pcm16:
            return Int16(bitPattern: UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8)
        case .mulaw:
            let value = ~bytes[index]
            let exponent = Int((value >> 4) & 0x07)
            let magnitude = ((Int(value & 0x0F) << 3) + 0x84) << exponent
            return Int16(value & 0x80 != 0 ? 0x84 - magnitude : magnitude - 0x84)
        case .alaw:
            let value = bytes[index] ^ 0x55
            let exponent = Int((value >> 4) & 0x07)
            var magnitude = Int(value & 0x0F) << 4
            magnitude = exponent == 0 ? magnitude + 8 : (magnitude + 0x108) << (exponent - 1)
            return Int16(value & 0x80 != 0 ? magnitude : -magnitude)
        }
    }
}
