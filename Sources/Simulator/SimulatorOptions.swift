// Internal knobs of the simulator: pacing speed and session lifetime, so tests run in seconds.

struct SimulatorOptions: Sendable {
    /// Pacing factor: 1 sends audio at real-time pace (a 300 ms head start, then 100 ms per 100 ms);
    /// tests use 10–40 to play a reply in a fraction of its duration. The audio itself is unchanged.
    var speed = 1.0
    /// Azure closes a realtime session after 30 minutes.
    var sessionLifetime = 1800.0
    /// "Thinking" time between `response.created` and the first delta, at speed 1.
    var responseLatency = 0.25
    /// Audio per `response.output_audio.delta`; Azure recommends ~100 ms chunks.
    var chunkMilliseconds = 100
    /// Chunks sent at once when audio starts, so a client's playback never starves on jitter.
    var leadChunks = 3
    /// Time between text deltas for text-only responses, at speed 1.
    var textDeltaInterval = 0.06

    init() {}

    /// Seconds of real time for `seconds` of simulated time.
    func paced(_ seconds: Double) -> Double { seconds / max(speed, 0.001) }
}
