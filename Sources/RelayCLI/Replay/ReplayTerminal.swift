// Terminal facts for the replay commands: colour on a TTY without NO_COLOR, progress on stderr, warnings.
#if canImport(Glibc)
import Glibc
#endif
import Replay

/// Output decisions shared by the replay subcommands.
enum ReplayTerminal {
    /// ANSI colour on stdout: only on a terminal, and never when NO_COLOR is set (no-color.org).
    static var colourOnStandardOutput: Bool {
        isatty(STDOUT_FILENO) == 1 && environment("NO_COLOR") == nil
    }

    /// Opens `path` as a frame log, showing progress on stderr every 100,000 lines when stderr is a
    /// terminal (nothing when it is piped or redirected).
    static func open(_ path: String, preservesPayloadBytes: Bool = false) throws -> FrameLogReader {
        let reader: FrameLogReader
        do {
            reader = try FrameLogReader(path: path, preservesPayloadBytes: preservesPayloadBytes)
        } catch {
            throw ReplayError(description: "\(error)")
        }
        if isatty(STDERR_FILENO) == 1 {
            reader.onProgress = { progress in
                var line = "\r\u{1B}[Kreading \(path): \(grouped(progress.lines)) lines"
                if let fraction = progress.fraction { line += " (\(Int(fraction * 100))%)" }
                writeStandardError(line)
            }
        }
        return reader
    }

    /// Clears the progress line, if one was shown.
    static func endProgress(_ reader: FrameLogReader) {
        if reader.onProgress != nil && reader.linesRead >= reader.progressInterval { writeStandardError("\r\u{1B}[K") }
    }

    /// Prints the reader's diagnostics on stderr as `warning: line 57: …`.
    static func warn(about reader: FrameLogReader) {
        for diagnostic in reader.diagnostics { writeStandardError("warning: \(diagnostic)\n") }
        if reader.diagnosticsDropped > 0 {
            writeStandardError("warning: \(grouped(reader.diagnosticsDropped)) more problems not listed\n")
        }
    }

    /// Writes `lines` to stdout, one per line.
    static func printLines(_ lines: [String]) {
        var text = lines.joined(separator: "\n")
        text += "\n"
        write(text, to: STDOUT_FILENO)
    }

    static func writeStandardError(_ text: String) { write(text, to: STDERR_FILENO) }

    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return out
    }
}

/// A replay command that cannot do its job, printed as one line saying what to do.
struct ReplayError: Error, CustomStringConvertible {
    let description: String
}
