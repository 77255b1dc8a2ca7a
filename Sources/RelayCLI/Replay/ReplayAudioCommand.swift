// `realtime-relay replay audio LOG --out DIR`: the user's input and the assistant's output as WAV files.
import ArgumentParser
import Replay

struct ReplayAudioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio",
        abstract: "Write the session's audio as WAV files: the user's input and each response's output.",
        discussion: """
            Files are 16-bit mono PCM at the session's rate (24 kHz by default); G.711 μ-law/A-law audio is \
            decoded to 8 kHz PCM. By default: input.wav (everything the client appended) and \
            response_<n>_<response_id>.wav per response. With --one-track: user_track.wav and \
            assistant_track.wav, each placed on the session's timeline with silence between, so they line up \
            when mixed. Audio logged with --log-audio omit or truncate cannot be rebuilt and is reported instead.
            """)

    @Argument(help: ArgumentHelp("The frame log (.jsonl or .jsonl.gz).", valueName: "LOG"))
    var log: String

    @Option(help: ArgumentHelp("Directory for the WAV files (created when missing).", valueName: "DIR"))
    var out: String

    @Flag(help: "One track per side on the session's timeline instead of one file per response.")
    var oneTrack = false

    func run() throws {
        let reader = try ReplayTerminal.open(log)
        let report: AudioExtractionReport
        do {
            let extractor = try AudioExtractor(options: AudioExtractionOptions(directory: out, oneTrack: oneTrack))
            for record in reader { try extractor.add(record) }
            report = try extractor.finish()
        } catch {
            throw ReplayError(description: "\(error); check --out")
        }
        ReplayTerminal.endProgress(reader)
        ReplayTerminal.warn(about: reader)
        for warning in report.warnings { ReplayTerminal.writeStandardError("warning: \(warning)\n") }
        var lines: [String] = []
        for file in report.files {
            var line = "\(file.path)  \(seconds(file.durationSeconds)) s, \(file.format)"
            line += file.speaker == .user ? ", user input" : ", assistant"
            line += ", \(file.chunks) chunk\(file.chunks == 1 ? "" : "s")"
            lines.append(line)
        }
        for missing in report.unavailable { lines.append("unavailable: \(missing)") }
        if report.files.isEmpty && report.unavailable.isEmpty {
            lines.append("no audio in \(log): no input_audio_buffer.append or response audio events were logged")
        }
        ReplayTerminal.printLines(lines)
    }

    private func seconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
