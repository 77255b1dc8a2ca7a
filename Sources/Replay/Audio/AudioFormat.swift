// The session's audio formats (GA `audio.input.format` objects, preview `input_audio_format` names).

import JSON

/// An audio format the realtime API speaks: PCM16 little-endian mono (24 kHz unless the session says
/// otherwise) or G.711 μ-law / A-law at 8 kHz.
public enum AudioFormat: Sendable, Equatable, CustomStringConvertible {
    case pcm16(rate: Int)
    case g711MuLaw
    case g711ALaw

    /// What a session uses until it says otherwise.
    public static let sessionDefault = AudioFormat.pcm16(rate: 24_000)

    public var sampleRate: Int {
        switch self {
        case .pcm16(let rate): rate
        case .g711MuLaw, .g711ALaw: 8000
        }
    }

    public var description: String {
        switch self {
        case .pcm16(let rate): "PCM16 \(rate / 1000 * 1000 == rate ? "\(rate / 1000) kHz" : "\(rate) Hz")"
        case .g711MuLaw: "G.711 μ-law 8 kHz"
        case .g711ALaw: "G.711 A-law 8 kHz"
        }
    }

    /// A GA format object: `{"type":"audio/pcm","rate":24000}`, `{"type":"audio/pcmu"}`, `{"type":"audio/pcma"}`;
    /// or a preview name: `pcm16`, `g711_ulaw`, `g711_alaw`. Nil for anything else.
    public init?(_ value: JSONValue) {
        if let name = value.stringValue {
            switch name {
            case "pcm16": self = .pcm16(rate: 24_000)
            case "g711_ulaw": self = .g711MuLaw
            case "g711_alaw": self = .g711ALaw
            default: return nil
            }
            return
        }
        switch value["type"]?.stringValue {
        case "audio/pcm":
            let rate = value["rate"]?.intValue ?? 24_000
            guard rate > 0 && rate <= 384_000 else { return nil }
            self = .pcm16(rate: rate)
        case "audio/pcmu": self = .g711MuLaw
        case "audio/pcma": self = .g711ALaw
        default: return nil
        }
    }

    /// The formats a `session` object sets (either shape); nil for each it does not mention.
    static func formats(inSession session: JSONValue) -> (input: AudioFormat?, output: AudioFormat?) {
        let input = session["audio"]?["input"]?["format"] ?? session["input_audio_format"]
        let output = session["audio"]?["output"]?["format"] ?? session["output_audio_format"]
        return (input.flatMap(AudioFormat.init), output.flatMap(AudioFormat.init))
    }

    /// Bytes per sample in this encoding.
    var bytesPerSample: Int {
        switch self {
        case .pcm16: 2
        case .g711MuLaw, .g711ALaw: 1
        }
    }

    /// `encoded` as PCM16 little-endian samples.
    func pcm16(_ encoded: [UInt8]) -> [UInt8] {
        switch self {
        case .pcm16:
            return encoded
        case .g711MuLaw:
            return G711.pcm16(encoded, decode: G711.muLaw)
        case .g711ALaw:
            return G711.pcm16(encoded, decode: G711.aLaw)
        }
    }
}
