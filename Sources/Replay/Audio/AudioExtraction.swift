// What `replay audio` wrote (files, durations) and what it could not write, and its options.

/// Options for ``AudioExtractor``.
public struct AudioExtractionOptions: Sendable, Equatable {
    /// Where the WAV files go (created when missing).
    public var directory: String
    /// One track per side placed on the session's timeline, instead of one file per response.
    public var oneTrack: Bool
    /// One-track mode: a chunk arriving within this many milliseconds of the track's end is joined
    /// to it rather than preceded by silence (absorbs network jitter and faster-than-real-time bursts).
    public var joinWithinMilliseconds: Int

    public init(directory: String, oneTrack: Bool = false, joinWithinMilliseconds: Int = 200) {
        self.directory = directory
        self.oneTrack = oneTrack
        self.joinWithinMilliseconds = joinWithinMilliseconds
    }
}

/// One WAV file written.
public struct AudioFileReport: Sendable, Equatable {
    public var path: String
    public var speaker: SessionSummary.Speaker
    /// The response whose audio this is (per-response files only).
    public var responseID: String?
    /// The format the audio had in the session (the file itself is always PCM16).
    public var format: AudioFormat
    public var sampleRate: Int
    public var samples: Int
    /// Audio events that went into the file.
    public var chunks: Int
    /// Milliseconds from the session start of the first chunk.
    public var startMilliseconds: Double?
    public var durationSeconds: Double { sampleRate > 0 ? Double(samples) / Double(sampleRate) : 0 }
}

/// The outcome of an extraction.
public struct AudioExtractionReport: Sendable, Equatable {
    public var files: [AudioFileReport] = []
    /// Audio that exists in the session but not in the log, one sentence each.
    public var unavailable: [String] = []
    /// Chunks that could not be used (bad base64), with their line.
    public var warnings: [String] = []
}
