// When a replayed server frame may go: after the client frames it followed, and after its recorded gap.

/// How a replay is paced.
public struct ReplayPacing: Sendable {
    /// 1 plays the recorded timing; 2 twice as fast; 0 sends each frame as soon as it may.
    public var speed: Double
    /// Whether a server frame waits for the live client to have sent as many frames as the recorded
    /// client had sent before it (so an answer comes after the question, whatever the client's pace).
    public var waitsForClient: Bool

    public init(speed: Double = 1, waitsForClient: Bool = true) {
        self.speed = speed
        self.waitsForClient = waitsForClient
    }

    /// The delay before a frame recorded `gap` seconds after what released it.
    func delay(forGap gap: Double) -> Double {
        speed > 0 ? max(0, gap) / speed : 0
    }
}
