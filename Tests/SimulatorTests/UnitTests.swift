// The pure parts without sockets: base64, the VAD, the synthesizer, the session merge.
import Buffers
import JSON
@testable import Simulator
import Testing

@Suite struct UnitTests {
    @Test func base64RoundTrips() {
        for length in 0..<10 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 11) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("Man".utf8)) == "TWFu")
        #expect(Base64.encode(Array("Ma".utf8)) == "TWE=")
        #expect(Base64.decode("TWE") == Array("Ma".utf8))
        #expect(Base64.decode("T") == nil)
        #expect(Base64.decode("TW*=") == nil)
    }

    @Test func detectorFindsOneTurn() {
        var detector = VoiceActivityDetector(settings: TurnDetectionSettings(), sampleRate: 24000)
        let audio = TestAudio.silence(milliseconds: 500) + TestAudio.voice(milliseconds: 1000) + TestAudio.silence(milliseconds: 700)
        let detections = detector.process(audio, startingAt: 0)
        #expect(detections == [.speechStarted(sample: 500 * 24), .speechStopped(sample: 2000 * 24)])
    }

    @Test func detectorIgnoresQuietAudioAndClicks() {
        var detector = VoiceActivityDetector(settings: TurnDetectionSettings(), sampleRate: 24000)
        var audio = TestAudio.voice(milliseconds: 1000, amplitude: 0.005)   // about -56 dBFS: room noise
        audio += TestAudio.voice(milliseconds: 20, amplitude: 0.5)          // one 20 ms click
        audio += TestAudio.silence(milliseconds: 500)
        #expect(detector.process(audio, startingAt: 0).isEmpty)
        var strict = TurnDetectionSettings()
        strict.threshold = 0.95  // -22 dBFS: the test voice at -14 dBFS still passes, a softer one does not
        var picky = VoiceActivityDetector(settings: strict, sampleRate: 24000)
        #expect(picky.process(TestAudio.voice(milliseconds: 300, amplitude: 0.05), startingAt: 0).isEmpty)
        #expect(picky.process(TestAudio.voice(milliseconds: 300), startingAt: 7200).count == 1)
    }

    @Test func synthesizedSpeechIsVoiceLike() {
        let plan = SpeechPlan(text: "Hello there, this is the simulator speaking.")
        var synthesizer = VoiceSynthesizer(plan: plan, voice: "alloy")
        var pcm: [Int16] = []
        while !synthesizer.isFinished { pcm += TestAudio.samples(synthesizer.render(count: 2400)) }
        #expect(pcm.count == plan.totalSamples)
        let seconds = Double(pcm.count) / 24000
        #expect(seconds > 2 && seconds < 5, "\(seconds) s")
        #expect(TestAudio.rms(pcm) > 1500 && TestAudio.rms(pcm) < 16000, "RMS \(TestAudio.rms(pcm))")
        #expect(pcm.map { abs(Int($0)) }.max()! < 32767, "no hard clipping")
        // Pitch in the voice range: count rising zero crossings of a voiced stretch (the first syllable).
        let voiced = Array(pcm[(plan.wordStarts[0] + 2400)..<(plan.wordStarts[0] + 4800)])
        let crossings = zip(voiced, voiced.dropFirst()).filter { $0 < 0 && $1 >= 0 }.count
        #expect(crossings > 10, "\(crossings) crossings in 100 ms")
        #expect(plan.words.joined() == "Hello there, this is the simulator speaking.")
    }

    @Test func mergeReplacesScalarsAndMergesObjects() {
        let base: JSONObject = ["a": ["b": 1, "c": 2], "d": "x"]
        let merged = SessionConfiguration.merge(base, ["a": ["c": 3], "d": nil, "e": true])
        #expect(JSONValue.object(merged) == ["a": ["b": 1, "c": 3], "d": nil, "e": true])
    }
}
