// Process-wide serving state shared by all loops: draining or not (what /readyz reports).
import Synchronization

/// Shared, lock-free flags read by every loop. Sendable by construction (atomics only).
package final class ServerLifecycle: Sendable {
    private let drainingFlag = Atomic<Bool>(false)

    package init() {}

    package var isDraining: Bool { drainingFlag.load(ordering: .relaxed) }

    /// Marks the server as draining; returns false if it already was.
    package func beginDraining() -> Bool {
        drainingFlag.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged
    }
}
