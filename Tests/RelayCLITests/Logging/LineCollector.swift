// LineCollector: a thread-safe LogOutput sink that keeps lines for assertions.

@testable import RelayCLI
import Synchronization

/// Collects the lines a handler writes.
final class LineCollector: Sendable {
    private let storage = Mutex<[String]>([])

    var lines: [String] { storage.withLock { $0 } }

    var output: LogOutput {
        LogOutput { line in self.storage.withLock { $0.append(line) } }
    }
}
