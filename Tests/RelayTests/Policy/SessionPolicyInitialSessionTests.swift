// The relay's first session.update: defaults in GA shape, renamed for preview, with the operator's instructions.
import JSON
@testable import Relay
import Testing

@Suite struct SessionPolicyInitialSessionTests {
    private let full = #"""
        {"defaults":{
          "output_modalities":["audio"],
          "audio":{"input":{"format":{"type":"audio/pcm","rate":24000},"transcription":{"model":"my-transcribe"},
                            "noise_reduction":{"type":"near_field"},
                            "turn_detection":{"type":"server_vad","threshold":0.5,"silence_duration_ms":500}},
                   "output":{"format":{"type":"audio/pcm","rate":24000},"voice":"alloy","speed":1.1}},
          "max_output_tokens":"inf",
          "tools":[],"tool_choice":"auto"}}
        """#

    @Test func nothingToSendWithoutDefaultsOrInstructions() {
        #expect(SessionPolicy.none.initialSession(instructions: nil, isGA: true) == nil)
        #expect(SessionPolicy.none.initialSession(instructions: nil, isGA: false) == nil)
    }

    @Test func instructionsAloneAreWhatTheRelaySentBefore() {
        #expect(JSONValue.object(SessionPolicy.none.initialSession(instructions: "Be a pirate.", isGA: true)!).serializedString
            == #"{"type":"realtime","instructions":"Be a pirate."}"#)
        #expect(JSONValue.object(SessionPolicy.none.initialSession(instructions: "Be a pirate.", isGA: false)!).serializedString
            == #"{"instructions":"Be a pirate."}"#)
    }

    @Test func gaSessionIsTheDefaultsAsWrittenAfterTypeAndInstructions() throws {
        let policy = try policyFromJSON(full)
        let session = try #require(policy.initialSession(instructions: "Be brief.", isGA: true))
        #expect(JSONValue.object(session).serializedString == #"{"type":"realtime","instructions":"Be brief.","output_modalities":["audio"],"audio":{"input":{"format":{"type":"audio/pcm","rate":24000},"transcription":{"model":"my-transcribe"},"noise_reduction":{"type":"near_field"},"turn_detection":{"type":"server_vad","threshold":0.5,"silence_duration_ms":500}},"output":{"format":{"type":"audio/pcm","rate":24000},"voice":"alloy","speed":1.1}},"max_output_tokens":"inf","tools":[],"tool_choice":"auto"}"#)
    }

    @Test func previewSessionRenamesEveryField() throws {
        let policy = try policyFromJSON(full)
        let session = try #require(policy.initialSession(instructions: "Be brief.", isGA: false))
        #expect(JSONValue.object(session).serializedString == #"{"instructions":"Be brief.","modalities":["text","audio"],"input_audio_format":"pcm16","input_audio_transcription":{"model":"my-transcribe"},"input_audio_noise_reduction":{"type":"near_field"},"turn_detection":{"type":"server_vad","threshold":0.5,"silence_duration_ms":500},"output_audio_format":"pcm16","voice":"alloy","speed":1.1,"max_response_output_tokens":"inf","tools":[],"tool_choice":"auto"}"#)
        #expect(session["type"] == nil)
        #expect(session["audio"] == nil)
    }

    @Test func defaultsWithoutInstructions() throws {
        let policy = try policyFromJSON(#"{"defaults":{"audio":{"output":{"voice":"marin"}}}}"#)
        #expect(JSONValue.object(try #require(policy.initialSession(instructions: nil, isGA: true))).serializedString
            == #"{"type":"realtime","audio":{"output":{"voice":"marin"}}}"#)
        #expect(JSONValue.object(try #require(policy.initialSession(instructions: nil, isGA: false))).serializedString
            == #"{"voice":"marin"}"#)
    }

    @Test(arguments: [
        (#"{"type":"audio/pcm","rate":24000}"#, "pcm16"),
        (#"{"type":"audio/pcm"}"#, "pcm16"),
        (#"{"type":"audio/pcmu"}"#, "g711_ulaw"),
        (#"{"type":"audio/pcma"}"#, "g711_alaw"),
    ])
    func formatsBecomePreviewStrings(format: String, preview: String) throws {
        let policy = try policyFromJSON(#"{"defaults":{"audio":{"input":{"format":"# + format + #"},"output":{"format":"#
                                       + format + "}}}}")
        let session = try #require(policy.initialSession(instructions: nil, isGA: false))
        #expect(session["input_audio_format"] == .string(preview))
        #expect(session["output_audio_format"] == .string(preview))
    }

    @Test func textOnlyStaysTextOnlyOnPreview() throws {
        let policy = try policyFromJSON(#"{"defaults":{"output_modalities":["text"]}}"#)
        #expect(policy.initialSession(instructions: nil, isGA: false)?["modalities"] == ["text"])
        #expect(policy.initialSession(instructions: nil, isGA: true)?["output_modalities"] == ["text"])
    }

    @Test func nullTurnDetectionIsKeptAsNull() throws {
        let policy = try policyFromJSON(#"{"defaults":{"audio":{"input":{"turn_detection":null}}}}"#)
        #expect(policy.initialSession(instructions: nil, isGA: false)?["turn_detection"] == .null)
        #expect(policy.initialSession(instructions: nil, isGA: true)?["audio"]?["input"]?["turn_detection"] == .null)
    }

    @Test func emptyDefaultsCountAsNone() throws {
        #expect(try policyFromJSON(#"{"defaults":{}}"#).initialSession(instructions: nil, isGA: true) == nil)
        let emptyAudio = try policyFromJSON(#"{"defaults":{"audio":{}}}"#)
        #expect(emptyAudio.initialSession(instructions: nil, isGA: false) == nil)
        #expect(emptyAudio.initialSession(instructions: nil, isGA: true) == ["type": "realtime", "audio": [:]])
    }
}
