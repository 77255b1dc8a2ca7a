// Which timeline rows `replay summary` shows: type patterns, a row limit, folding of streamed runs.

/// Filters for the timeline (counts, transcripts and figures always cover the whole log).
public struct TimelineOptions: Sendable, Equatable {
    /// At most this many rows; nil for all.
    public var limit: Int?
    /// Type patterns: `*` matches any run of characters (`response.*`, `*.delta`); a pattern starting
    /// with `!` excludes (`!input_audio_buffer.append`). Frames without a type match their opcode in
    /// parentheses (`(ping)`), log events their name (`session_start`). Empty: every row.
    public var types: [String]
    /// Fold consecutive streamed frames going the same way (`*.delta`, `input_audio_buffer.append`)
    /// into one row with counts.
    public var foldStreams: Bool

    public init(limit: Int? = nil, types: [String] = [], foldStreams: Bool = true) {
        self.limit = limit
        self.types = types
        self.foldStreams = foldStreams
    }

    /// Whether a row labelled `label` passes the type patterns.
    func includes(_ label: String) -> Bool {
        let excluded = types.filter { $0.hasPrefix("!") }.map { String($0.dropFirst()) }
        let included = types.filter { !$0.hasPrefix("!") }
        if excluded.contains(where: { Self.matches(label, pattern: $0) }) { return false }
        return included.isEmpty || included.contains { Self.matches(label, pattern: $0) }
    }

    /// Glob match where `*` is the only wildcard.
    static func matches(_ text: String, pattern: String) -> Bool {
        let pieces = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard pieces.count > 1 else { return text == pattern }
        var rest = Substring(text)
        guard rest.hasPrefix(pieces[0]) else { return false }
        rest = rest.dropFirst(pieces[0].count)
        for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
            guard let range = rest.range(of: piece) else { return false }
            rest = rest[range.upperBound...]
        }
        let last = pieces[pieces.count - 1]
        return rest.count >= last.count && rest.hasSuffix(last)
    }

    /// Streamed frames: many per second, worth folding.
    static func isStreamed(_ label: String) -> Bool {
        label.hasSuffix(".delta") || label == "input_audio_buffer.append"
    }
}

extension StringProtocol {
    fileprivate func range(of piece: String) -> Range<Index>? {
        guard !piece.isEmpty, count >= piece.count else { return nil }
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(piece) { return index..<self.index(index, offsetBy: piece.count) }
            index = self.index(after: index)
        }
        return nil
    }
}
