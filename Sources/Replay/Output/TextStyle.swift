// ANSI colour for terminal output (off when piped or NO_COLOR), and number formatting without Foundation.

import FrameLog

/// Paints text with ANSI SGR codes when enabled; otherwise returns it unchanged.
struct TextStyle: Sendable {
    let colour: Bool

    init(colour: Bool) { self.colour = colour }

    func bold(_ text: String) -> String { paint(text, "1") }
    func dim(_ text: String) -> String { paint(text, "2") }
    func red(_ text: String) -> String { paint(text, "31") }
    func green(_ text: String) -> String { paint(text, "32") }
    func yellow(_ text: String) -> String { paint(text, "33") }
    func blue(_ text: String) -> String { paint(text, "34") }
    func magenta(_ text: String) -> String { paint(text, "35") }
    func cyan(_ text: String) -> String { paint(text, "36") }

    /// A direction in its side's colour: client cyan, upstream magenta, relay-made yellow.
    func direction(_ direction: FrameDirection?, padded width: Int = 0) -> String {
        let text = Format.pad(Format.direction(direction), width)
        switch direction {
        case .clientToUpstream, .clientToRelay: return cyan(text)
        case .upstreamToClient, .upstreamToRelay: return magenta(text)
        case .relayToUpstream, .relayToClient: return yellow(text)
        case nil: return dim(text)
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// Number and size formatting for the text output.
enum Format {
    /// `client → upstream`; `-` for records without a direction.
    static func direction(_ direction: FrameDirection?) -> String {
        switch direction {
        case .clientToUpstream: "client → upstream"
        case .upstreamToClient: "upstream → client"
        case .relayToUpstream: "relay → upstream"
        case .relayToClient: "relay → client"
        case .clientToRelay: "client → relay"
        case .upstreamToRelay: "upstream → relay"
        case nil: "-"
        }
    }

    /// `value` with exactly `decimals` digits after the point.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "?" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let integer = Int64(scaled / scale)
        var text = (value < 0 && scaled != 0 ? "-" : "") + grouped(integer)
        if decimals > 0 {
            let fraction = Int64(scaled) - integer * Int64(scale)
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return text
    }

    /// `1,234,567`.
    static func grouped<T: BinaryInteger>(_ value: T) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// `420 ms` below 10 s, else `12.3 s`.
    static func milliseconds(_ value: Double?) -> String {
        guard let value else { return "-" }
        return abs(value) < 10_000 ? fixed(value, 0) + " ms" : fixed(value / 1000, 1) + " s"
    }

    /// `512 B`, `1.5 KiB`, `3.2 MiB`, `1.1 GiB`.
    static func size(_ bytes: Int) -> String {
        let value = Double(bytes)
        if bytes < 1024 { return "\(bytes) B" }
        if value < 1024 * 1024 { return fixed(value / 1024, 1) + " KiB" }
        if value < 1024 * 1024 * 1024 { return fixed(value / (1024 * 1024), 1) + " MiB" }
        return fixed(value / (1024 * 1024 * 1024), 1) + " GiB"
    }

    /// `text` padded with spaces to `width` characters (longer text is left as it is).
    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
