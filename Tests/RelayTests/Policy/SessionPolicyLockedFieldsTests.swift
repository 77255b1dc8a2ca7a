// Locked fields leave a client's session.update, in GA and preview shapes, nested members one by one.
import JSON
@testable import Relay
import Testing

@Suite struct SessionPolicyLockedFieldsTests {
    private func removing(_ locked: [String], from json: String) throws -> (session: String, removed: [String]) {
        let list = locked.map { JSONValue.string($0).serializedString }.joined(separator: ",")
        let policy = try policyFromJSON(#"{"locked":["# + list + "]}")
        var session = try sessionObjectFromJSON(json)
        let removed = policy.removeLockedFields(from: &session)
        return (JSONValue.object(session).serializedString, removed)
    }

    @Test func aNestedGAFieldGoesAndItsSiblingsStay() throws {
        let result = try removing(["audio.output.voice"], from: #"""
            {"type":"realtime","audio":{"output":{"format":{"type":"audio/pcm","rate":24000},"voice":"ash","speed":1.2},"input":{"turn_detection":null}},"instructions":"hi"}
            """#)
        #expect(result.session == #"{"type":"realtime","audio":{"output":{"format":{"type":"audio/pcm","rate":24000},"speed":1.2},"input":{"turn_detection":null}},"instructions":"hi"}"#)
        #expect(result.removed == ["audio.output.voice"])
    }

    @Test func emptyParentsStay() throws {
        let result = try removing(["audio.output.voice"], from: #"{"audio":{"output":{"voice":"ash"}}}"#)
        #expect(result.session == #"{"audio":{"output":{}}}"#)
    }

    @Test func aGALockAlsoRemovesThePreviewName() throws {
        let result = try removing(["audio.output.voice", "tools", "tool_choice", "model"], from: #"""
            {"modalities":["text","audio"],"voice":"ash","tools":[{"type":"function","name":"f"}],"tool_choice":"required","model":"x","temperature":0.7}
            """#)
        #expect(result.session == #"{"modalities":["text","audio"],"temperature":0.7}"#)
        #expect(result.removed == ["voice", "tools", "tool_choice", "model"])
    }

    @Test func aPreviewLockAlsoRemovesTheGAPath() throws {
        let result = try removing(["voice", "turn_detection"], from: #"""
            {"type":"realtime","audio":{"input":{"format":{"type":"audio/pcm"},"turn_detection":{"type":"semantic_vad"}},"output":{"voice":"ash"}}}
            """#)
        #expect(result.session == #"{"type":"realtime","audio":{"input":{"format":{"type":"audio/pcm"}},"output":{}}}"#)
        #expect(result.removed == ["audio.output.voice", "audio.input.turn_detection"])
    }

    @Test func aPathInsideAFieldLocksOnlyThatMember() throws {
        let locked = ["audio.input.turn_detection.threshold"]
        let ga = try removing(locked, from: #"{"audio":{"input":{"turn_detection":{"type":"server_vad","threshold":0.1}}}}"#)
        #expect(ga.session == #"{"audio":{"input":{"turn_detection":{"type":"server_vad"}}}}"#)
        let preview = try removing(locked, from: #"{"turn_detection":{"type":"server_vad","threshold":0.1}}"#)
        #expect(preview.session == #"{"turn_detection":{"type":"server_vad"}}"#)
        #expect(preview.removed == ["turn_detection.threshold"])
    }

    @Test func lockingAContainerLocksEveryPreviewFieldInIt() throws {
        let result = try removing(["audio.input"], from: #"""
            {"audio":{"input":{"format":{"type":"audio/pcm"}},"output":{"voice":"ash"}},"input_audio_format":"pcm16","input_audio_transcription":{"model":"m"},"input_audio_noise_reduction":null,"turn_detection":null,"voice":"ash"}
            """#)
        #expect(result.session == #"{"audio":{"output":{"voice":"ash"}},"voice":"ash"}"#)
        #expect(result.removed == ["audio.input", "input_audio_format", "input_audio_transcription",
                                   "input_audio_noise_reduction", "turn_detection"])
    }

    @Test func aLockedFormatRemovesThePreviewStringWhole() throws {
        let result = try removing(["audio.output.format.rate"], from: #"{"output_audio_format":"g711_ulaw","voice":"ash"}"#)
        #expect(result.session == #"{"voice":"ash"}"#)
        #expect(result.removed == ["output_audio_format"])
    }

    @Test func modalitiesAndTokenLimitsMapBothWays() throws {
        let ga = try removing(["modalities", "max_output_tokens"], from: #"{"output_modalities":["text"],"max_output_tokens":5}"#)
        #expect(ga.session == "{}")
        let preview = try removing(["output_modalities", "max_response_output_tokens"],
                                   from: #"{"modalities":["text"],"max_response_output_tokens":5}"#)
        #expect(preview.session == "{}")
    }

    @Test func nothingMatchesWhenTheFieldIsAbsentOrItsParentIsNotAnObject() throws {
        let result = try removing(["audio.output.voice", "tools"], from: #"{"audio":{"output":"alloy"},"instructions":"x"}"#)
        #expect(result.session == #"{"audio":{"output":"alloy"},"instructions":"x"}"#)
        #expect(result.removed.isEmpty)
        var session = try sessionObjectFromJSON(#"{"voice":"ash"}"#)
        #expect(SessionPolicy.none.removeLockedFields(from: &session).isEmpty)
        #expect(session["voice"] == "ash")
    }

    @Test func aCopyOfTheSessionIsNotChanged() throws {
        let policy = try policyFromJSON(#"{"locked":["audio.output.voice"]}"#)
        let original = try sessionObjectFromJSON(#"{"audio":{"output":{"voice":"ash","speed":1}}}"#)
        var session = original
        #expect(policy.removeLockedFields(from: &session) == ["audio.output.voice"])
        #expect(JSONValue.object(original).serializedString == #"{"audio":{"output":{"voice":"ash","speed":1}}}"#)
        #expect(JSONValue.object(session).serializedString == #"{"audio":{"output":{"speed":1}}}"#)
    }

    @Test func fieldOrderIsKept() throws {
        let result = try removing(["voice"], from: #"{"z":1,"voice":"ash","a":2,"audio":{"output":{"b":1,"voice":"x","a":2}}}"#)
        #expect(result.session == #"{"z":1,"a":2,"audio":{"output":{"b":1,"a":2}}}"#)
    }

    @Test func equivalentsOfEachShape() {
        func equivalents(_ path: String) -> [String] {
            SessionShape.equivalents(of: path.split(separator: ".").map(String.init)).map { $0.joined(separator: ".") }
        }
        #expect(equivalents("audio.output.voice") == ["voice"])
        #expect(equivalents("voice") == ["audio.output.voice"])
        #expect(equivalents("audio.input.transcription.model") == ["input_audio_transcription.model"])
        #expect(equivalents("input_audio_transcription.model") == ["audio.input.transcription.model"])
        #expect(equivalents("input_audio_format") == ["audio.input.format"])
        #expect(equivalents("audio.output") == ["output_audio_format", "voice", "speed"])
        #expect(equivalents("audio").count == 7)
        #expect(equivalents("tools").isEmpty)
        #expect(equivalents("temperature").isEmpty)
    }
}
