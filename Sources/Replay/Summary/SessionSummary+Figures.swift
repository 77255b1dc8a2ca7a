// Aggregates over turns and responses (min, median, max), shared by the text and JSON renderings.

extension SessionSummary {
    /// Minimum, median and maximum of some milliseconds.
    public struct Spread: Sendable, Equatable {
        public var count: Int
        public var minimum: Double
        public var median: Double
        public var maximum: Double

        init?(_ values: [Double]) {
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            count = sorted.count
            minimum = sorted[0]
            maximum = sorted[sorted.count - 1]
            let middle = sorted.count / 2
            median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
    }

    /// speech_stopped → first audio delta of the reply, over the turns that had one.
    public var firstAudioLatency: Spread? { Spread(turns.compactMap(\.toFirstAudioMilliseconds)) }
    /// response.created → response.done, over the responses that finished.
    public var responseDuration: Spread? { Spread(responses.compactMap(\.durationMilliseconds)) }
    /// Responses whose `response.done` carried usage.
    public var responsesWithUsage: Int { responses.filter { $0.usage != nil }.count }
}
