// G.711 μ-law and A-law to 16-bit linear PCM (ITU-T G.711, as in the reference g711.c decoders).

/// G.711 decoding. Each 8-bit code expands to a 16-bit sample; the tables are built once.
public enum G711 {
    /// μ-law (PCMU, `audio/pcmu`, `g711_ulaw`): 0xFF and 0x7F are 0, 0x00 is -32124, 0x80 is 32124.
    public static func muLaw(_ code: UInt8) -> Int16 { muLawTable[Int(code)] }

    /// A-law (PCMA, `audio/pcma`, `g711_alaw`): 0xD5 is 8, 0x55 is -8, 0xAA is 32256, 0x2A is -32256.
    public static func aLaw(_ code: UInt8) -> Int16 { aLawTable[Int(code)] }

    private static let muLawTable: [Int16] = (0...255).map { code in
        let value = ~UInt8(code)
        let exponent = Int((value >> 4) & 0x07)
        let mantissa = Int(value & 0x0F)
        let magnitude = ((mantissa << 3) + 0x84) << exponent - 0x84
        return Int16(value & 0x80 != 0 ? -magnitude : magnitude)
    }

    private static let aLawTable: [Int16] = (0...255).map { code in
        let value = UInt8(code) ^ 0x55
        let exponent = Int((value >> 4) & 0x07)
        let mantissa = Int(value & 0x0F)
        let magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1)
        return Int16(value & 0x80 != 0 ? magnitude : -magnitude)
    }

    /// Decodes every code into little-endian PCM16 bytes.
    static func pcm16(_ codes: [UInt8], decode: (UInt8) -> Int16) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: codes.count * 2)
        for (index, code) in codes.enumerated() {
            let sample = UInt16(bitPattern: decode(code))
            out[2 * index] = UInt8(sample & 0xFF)
            out[2 * index + 1] = UInt8(sample >> 8)
        }
        return out
    }
}
