// Builds the timeline rows and the per-type counts as records stream past.

import FrameLog

/// Keeps the rows that pass the filters, folding streamed runs, up to the limit; counts every frame.
struct TimelineBuilder {
    private let options: TimelineOptions
    private(set) var rows: [SessionSummary.TimelineEntry] = []
    private(set) var omitted = 0
    private var open: SessionSummary.TimelineEntry?
    /// The types folded into `open`, in order, with counts.
    private var openTypes: [(label: String, count: Int)] = []
    private var countIndex: [String: Int] = [:]
    private(set) var counts: [SessionSummary.TypeCount] = []

    init(options: TimelineOptions) { self.options = options }

    mutating func add(_ entry: SessionSummary.TimelineEntry, isFrame: Bool) {
        if isFrame { count(entry) }
        guard options.includes(entry.label) else { return }
        if options.foldStreams, entry.note == nil, TimelineOptions.isStreamed(entry.label), var run = open,
           run.direction == entry.direction, run.note == nil, openTypes.allSatisfy({ TimelineOptions.isStreamed($0.label) }) {
            run.count += entry.count
            run.bytes += entry.bytes
            run.lastOffsetMilliseconds = entry.offsetMilliseconds
            if let index = openTypes.firstIndex(where: { $0.label == entry.label }) {
                openTypes[index].count += 1
            } else {
                openTypes.append((entry.label, 1))
            }
            open = run
            return
        }
        flush()
        open = entry
        openTypes = [(entry.label, 1)]
    }

    /// Closes the open row; call before reading ``rows`` at the end.
    mutating func flush() {
        guard var row = open else { return }
        open = nil
        if openTypes.count > 1 || row.count > 1 {
            row.label = openTypes.map { $0.count > 1 ? "\($0.label) ×\($0.count)" : $0.label }.joined(separator: ", ")
        }
        if let limit = options.limit, rows.count >= limit {
            omitted += 1
        } else {
            rows.append(row)
        }
    }

    private mutating func count(_ entry: SessionSummary.TimelineEntry) {
        let key = (entry.direction?.name ?? "-") + " " + entry.label
        if let index = countIndex[key] {
            counts[index].count += 1
            counts[index].bytes += entry.bytes
        } else {
            countIndex[key] = counts.count
            counts.append(SessionSummary.TypeCount(label: entry.label, direction: entry.direction, count: 1, bytes: entry.bytes))
        }
    }

    /// Counts, most frequent first (ties: first seen first).
    var sortedCounts: [SessionSummary.TypeCount] {
        counts.enumerated().sorted { $0.element.count != $1.element.count ? $0.element.count > $1.element.count : $0.offset < $1.offset }
            .map(\.element)
    }
}
