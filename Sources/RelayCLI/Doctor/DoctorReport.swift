// How `doctor` prints its steps: one line per check, details indented under it, timing at the end.
#if canImport(Glibc)
import Glibc
#endif

/// Prints each check as it finishes, so a slow step shows where it is stuck. Colour only on a terminal.
struct DoctorReport {
    enum Mark { case ok, failed, skipped }

    let colour: Bool
    private(set) var failures = 0
    private(set) var passed = 0

    init(colour: Bool = isatty(STDOUT_FILENO) == 1 && environment("NO_COLOR") == nil) {
        self.colour = colour
    }

    func header(_ text: String) {
        emit(text)
    }

    mutating func record(_ mark: Mark, _ step: String, _ summary: String, details: [String] = [], seconds: Double? = nil) {
        let label: String
        switch mark {
        case .ok:
            passed += 1
            label = paint("  ok ", code: "32")
        case .failed:
            failures += 1
            label = paint(" FAIL", code: "31;1")
        case .skipped:
            label = paint(" skip", code: "2")
        }
        let timing = seconds.map { "  (" + Self.milliseconds($0) + ")" } ?? ""
        emit("[\(label)] " + step.padding(18) + summary + timing)
        for line in details { emit(String(repeating: " ", count: 26) + line) }
    }

    private func paint(_ text: String, code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private func emit(_ line: String) {
        print(line)
        fflush(nil)  // all streams: stdout is a C global Swift 6 will not touch
    }

    static func milliseconds(_ seconds: Double) -> String {
        let ms = (seconds * 1000).rounded()
        return ms < 10_000 ? "\(Int(ms)) ms" : "\(Int((seconds).rounded())) s"
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
