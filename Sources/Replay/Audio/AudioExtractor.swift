// Rebuilds the session's audio as WAV files: user input from appends, assistant output per response or as tracks.

import Buffers
import FrameLog
import JSON

/// Streams audio out of a log into WAV files (PCM16 mono at the session's rate; G.711 decoded to
/// PCM16 at 8 kHz):
/// - user input: the audio of `input_audio_buffer.append` events the upstream received
///   (`client_to_upstream`, `relay_to_upstream`); one file, `input.wav`;
/// - assistant output: `response.output_audio.delta` (GA) / `response.audio.delta` (preview) from the
///   upstream; one file per response, `response_<n>_<response_id>.wav`, numbered in order of appearance;
/// - with ``AudioExtractionOptions/oneTrack``: `user_track.wav` and `assistant_track.wav`, each chunk
///   placed at its time from the session start with silence between, so the two can be mixed.
///
/// Formats follow the session: `session.update` toward the upstream and `session.created` /
/// `session.updated` from it (GA `audio.input.format` / `audio.output.format`, preview
/// `input_audio_format` / `output_audio_format`); PCM16 24 kHz until one says otherwise. When the
/// format changes mid-session, a new file is started (`input_2.wav`, `assistant_track_2.wav`).
///
/// A file whose audio the log does not hold whole (`audio_omitted_bytes` / `audio_truncated_bytes`,
/// from `--log-audio omit|truncate`) is deleted and reported as unavailable rather than left with holes.
public final class AudioExtractor {
    public let options: AudioExtractionOptions
    private var inputFormat = AudioFormat.sessionDefault
    private var outputFormat = AudioFormat.sessionDefault
    private var zero: Int64?
    private var user: AudioTrackWriter?
    private var userParts = 0
    private var assistantTrack: AudioTrackWriter?
    private var assistantParts = 0
    private var responses: [String: AudioTrackWriter] = [:]
    private var responseNumbers: [String: Int] = [:]
    /// Every writer opened, in order, for the report.
    private var opened: [AudioTrackWriter] = []
    private var report = AudioExtractionReport()

    public init(options: AudioExtractionOptions) throws(OutputFileError) {
        self.options = options
        try OutputFile.makeDirectory(options.directory)
    }

    /// Takes the next record, in log order.
    public func add(_ record: FrameLogRecord) throws(OutputFileError) {
        // Time zero for --one-track: the first timestamp, normally the session_start's.
        if zero == nil { zero = record.epochMicroseconds }
        guard record.kind == .frame, let event = record.payloadObject, let type = event["type"]?.stringValue,
              let direction = record.direction else { return }
        let toUpstream = direction == .clientToUpstream || direction == .relayToUpstream
        let fromUpstream = direction == .upstreamToClient || direction == .upstreamToRelay
        switch type {
        case "session.update" where toUpstream, "session.created" where fromUpstream, "session.updated" where fromUpstream:
            guard let session = event["session"] else { return }
            let formats = AudioFormat.formats(inSession: session)
            if let input = formats.input { inputFormat = input }
            if let output = formats.output { outputFormat = output }
        case "input_audio_buffer.append" where toUpstream:
            try userAudio(record, audio: event["audio"])
        case "response.created" where fromUpstream:
            if let id = event["response"]?["id"]?.stringValue { _ = number(of: id) }
        case "response.output_audio.delta" where fromUpstream, "response.audio.delta" where fromUpstream:
            try assistantAudio(record, audio: event["delta"], responseID: event["response_id"]?.stringValue)
        default:
            break
        }
    }

    /// Closes every file, deletes those with missing audio, and reports.
    public func finish() throws(OutputFileError) -> AudioExtractionReport {
        for writer in opened {
            if writer.elidedChunks > 0 {
                writer.discard()
                let what = writer.speaker == .user ? "the user's input audio" : writer.responseID.map { "the audio of response \($0)" }
                    ?? "the assistant's audio"
                report.unavailable.append("\(what) is not in the log: \(writer.elidedChunks) of \(writer.chunks) audio events "
                    + "were logged without their audio (--log-audio omit or truncate); no file was written for it")
                continue
            }
            try writer.finish()
            report.files.append(AudioFileReport(
                path: writer.path, speaker: writer.speaker, responseID: writer.responseID, format: writer.format,
                sampleRate: writer.format.sampleRate, samples: writer.samples, chunks: writer.chunks,
                startMilliseconds: writer.firstOffsetMicroseconds.map { Double($0) / 1000 }))
        }
        opened = []
        return report
    }

    // MARK: Chunks

    private func userAudio(_ record: FrameLogRecord, audio: JSONValue?) throws(OutputFileError) {
        if user == nil || user!.format != inputFormat {
            userParts += 1
            let name = options.oneTrack ? "user_track" : "input"
            user = try open(name + (userParts > 1 ? "_\(userParts)" : "") + ".wav", .user, nil, inputFormat)
        }
        try append(record, audio: audio, to: user!)
    }

    private func assistantAudio(_ record: FrameLogRecord, audio: JSONValue?, responseID: String?) throws(OutputFileError) {
        let writer: AudioTrackWriter
        if options.oneTrack {
            if assistantTrack == nil || assistantTrack!.format != outputFormat {
                assistantParts += 1
                assistantTrack = try open("assistant_track" + (assistantParts > 1 ? "_\(assistantParts)" : "") + ".wav",
                                          .assistant, nil, outputFormat)
            }
            writer = assistantTrack!
        } else {
            let id = responseID ?? "unknown"
            if let existing = responses[id] {
                writer = existing
            } else {
                let name = "response_\(number(of: id))_\(Self.fileSafe(id)).wav"
                writer = try open(name, .assistant, id, outputFormat)
                responses[id] = writer
            }
        }
        try append(record, audio: audio, to: writer)
    }

    private func append(_ record: FrameLogRecord, audio: JSONValue?, to writer: AudioTrackWriter) throws(OutputFileError) {
        if record.isAudioElided {
            writer.markElided()
            return
        }
        guard let text = audio?.stringValue, let encoded = Base64.decode(text) else {
            report.warnings.append("line \(record.line): the audio is not valid base64; skipped")
            return
        }
        let offset = zero.flatMap { zero in record.epochMicroseconds.map { $0 - zero } }
        let tolerance = options.joinWithinMilliseconds * writer.format.sampleRate / 1000
        try writer.append(encoded: encoded, placeAt: options.oneTrack ? (offset ?? 0) : nil, tolerance: tolerance,
                          atOffset: offset)
    }

    private func open(_ name: String, _ speaker: SessionSummary.Speaker, _ responseID: String?,
                      _ format: AudioFormat) throws(OutputFileError) -> AudioTrackWriter {
        let directory = options.directory.hasSuffix("/") ? options.directory : options.directory + "/"
        let writer = try AudioTrackWriter(path: directory + name, speaker: speaker, responseID: responseID, format: format)
        opened.append(writer)
        return writer
    }

    /// Responses are numbered 1, 2, … in the order they first appear (as in `replay summary`).
    private func number(of id: String) -> Int {
        if let number = responseNumbers[id] { return number }
        let number = responseNumbers.count + 1
        responseNumbers[id] = number
        return number
    }

    /// `id` with anything but letters, digits, `-`, `_` and `.` replaced by `_`.
    static func fileSafe(_ id: String) -> String {
        String(id.unicodeScalars.map { scalar -> Character in
            let allowed = (scalar.value < 128 && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
                || scalar == "-" || scalar == "_" || scalar == "."
            return allowed ? Character(scalar) : "_"
        }).prefix(80).description
    }
}

@available(*, unavailable)
extension AudioExtractor: Sendable {}
