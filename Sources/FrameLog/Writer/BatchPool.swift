// Emptied batches going back from the writer to the loops: one lock per batch, none per frame.
import Synchronization

/// Reusable batches of one writer thread, shared by its loops (who take) and the thread (who gives back).
final class BatchPool: Sendable {
    private let batches = Mutex<[StagedBatch]>([])
    /// Enough for every loop to have one filling and one in flight; beyond, batches are freed.
    private let limit: Int

    init(limit: Int = 16) { self.limit = limit }

    func take() -> StagedBatch {
        batches.withLock { $0.popLast() } ?? StagedBatch()
    }

    func give(_ batch: StagedBatch) {
        batch.reset()
        batches.withLock { if $0.count < limit { $0.append(batch) } }
    }
}
