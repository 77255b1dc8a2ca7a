// The session policy file: what parses, and what each refusal says.
import JSON
@testable import Relay
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct SessionPolicyFileTests {
    @Test func anEmptyObjectIsTheNonePolicy() throws {
        #expect(try policyFromJSON("{}") == .none)
        #expect(try policyFromJSON(" {\n} \n") == .none)
        #expect(SessionPolicy.none.defaults.isEmpty)
        #expect(!SessionPolicy.none.hasLockedFields)
        #expect(SessionPolicy.none.allowedClientEvents == .documented)
    }

    @Test func aFullFileParses() throws {
        let policy = try policyFromJSON(#"""
            {
              "defaults": { "audio": { "output": { "voice": "alloy" },
                                       "input": { "turn_detection": { "type": "server_vad", "threshold": 0.5 } } },
                            "output_modalities": ["audio"], "tools": [], "tool_choice": "auto" },
              "locked": ["audio.output.voice", "tools", "tool_choice", "model", "tools"],
              "allowed_client_events": ["session.update", "response.create", "response.create"]
            }
            """#)
        #expect(policy.defaults.keys == ["audio", "output_modalities", "tools", "tool_choice"])
        #expect(policy.defaults["audio"]?["output"]?["voice"] == "alloy")
        #expect(policy.defaults["audio"]?["input"]?["turn_detection"]?["threshold"] == .number("0.5"))
        #expect(policy.lockedPaths == ["audio.output.voice", "tools", "tool_choice", "model"])
        #expect(policy.hasLockedFields)
        #expect(policy.allowedClientEvents.types == ["response.create", "session.update"])
    }

    @Test func allowedClientEventsDefaultToTheDocumentedOnes() throws {
        #expect(try policyFromJSON(#"{"locked":["voice"]}"#).allowedClientEvents == .documented)
    }

    @Test func unknownKeysOtherThanAudioPassThroughInDefaults() throws {
        let policy = try policyFromJSON(#"{"defaults":{"tracing":"auto","truncation":{"type":"retention_ratio"}}}"#)
        #expect(policy.defaults["tracing"] == "auto")
        #expect(policy.defaults["truncation"]?["type"] == "retention_ratio")
    }

    @Test func everyAudioFieldWithAPreviewNameIsAccepted() throws {
        let policy = try policyFromJSON(#"""
            {"defaults":{"audio":{
              "input":{"format":{"type":"audio/pcm","rate":24000},"transcription":{"model":"my-whisper"},
                       "noise_reduction":null,"turn_detection":null},
              "output":{"format":{"type":"audio/pcmu"},"voice":"marin","speed":1.25}},
             "max_output_tokens":"inf"}}
            """#)
        #expect(policy.defaults["audio"]?["output"]?["speed"] == .number("1.25"))
        #expect(try policyFromJSON(#"{"defaults":{"max_output_tokens":4096}}"#).hasDefaults)
        #expect(try policyFromJSON(#"{"defaults":{"output_modalities":["text"]}}"#).hasDefaults)
    }

    // MARK: Refusals, each with its message

    @Test(arguments: [
        ("", "the file is empty; it must hold a JSON object"),
        ("  \n", "the file is empty; it must hold a JSON object"),
        (#"{"locked":["voice"],}"#, "invalid JSON at byte 20: trailing comma in object"),
        (#"{"locked" ["voice"]}"#, "invalid JSON at byte 10: expected ':' after object key"),
        ("[]", "the file must hold a JSON object, not an array"),
        ("\"defaults\"", "the file must hold a JSON object, not a string"),
        (#"{"defualts":{},"lock":[]}"#,
         #"unknown top-level keys "defualts", "lock" (valid keys: "defaults", "locked", "allowed_client_events")"#),
        (#"{"allowed_events":[]}"#,
         #"unknown top-level key "allowed_events" (valid keys: "defaults", "locked", "allowed_client_events")"#),
    ])
    func malformedFilesAreRefused(json: String, problem: String) {
        #expect(policyErrorFromJSON(json)?.problem == problem)
    }

    @Test func invalidJSONCarriesItsByteOffset() {
        let error = policyErrorFromJSON(#"{"locked":["voice"],}"#)
        #expect(error?.byteOffset == 20)
        #expect(policyErrorFromJSON(#"{"locked":7}"#)?.byteOffset == nil)
    }

    @Test(arguments: [
        (#"{"locked":"voice"}"#,
         #""locked" must be an array of dotted paths such as ["audio.output.voice", "tools"], not a string"#),
        (#"{"locked":["tools",3]}"#,
         #""locked"[1] must be a string (a dotted path such as "audio.output.voice"), not a number"#),
        (#"{"locked":[""]}"#,
         #""locked"[0] is ""; it must be a non-empty dotted path of field names (letters, digits, '_', '-') such as "audio.output.voice" or "tools""#),
        (#"{"locked":["audio..voice"]}"#,
         #""locked"[0] is "audio..voice"; it must be a non-empty dotted path of field names (letters, digits, '_', '-') such as "audio.output.voice" or "tools""#),
        (#"{"locked":["tools", ".voice"]}"#,
         #""locked"[1] is ".voice"; it must be a non-empty dotted path of field names (letters, digits, '_', '-') such as "audio.output.voice" or "tools""#),
        (#"{"locked":["voice."]}"#,
         #""locked"[0] is "voice."; it must be a non-empty dotted path of field names (letters, digits, '_', '-') such as "audio.output.voice" or "tools""#),
        (#"{"locked":["tool choice"]}"#,
         #""locked"[0] is "tool choice"; it must be a non-empty dotted path of field names (letters, digits, '_', '-') such as "audio.output.voice" or "tools""#),
    ])
    func badLockedEntriesAreRefused(json: String, problem: String) {
        #expect(policyErrorFromJSON(json)?.problem == problem)
    }

    @Test(arguments: [
        (#"{"allowed_client_events":"response.create"}"#,
         #""allowed_client_events" must be an array of event types such as ["session.update", "response.create"], not a string"#),
        (#"{"allowed_client_events":[]}"#,
         #""allowed_client_events" is empty, so every client event would be refused; list the allowed types, or leave the key out for the documented GA and preview client events"#),
        (#"{"allowed_client_events":["session.update",null]}"#,
         #""allowed_client_events"[1] must be a string (an event type such as "response.create"), not null"#),
        (#"{"allowed_client_events":[""]}"#,
         #""allowed_client_events"[0] is ""; it must be a non-empty event type without spaces, such as "response.create""#),
        (#"{"allowed_client_events":["response.create "]}"#,
         #""allowed_client_events"[0] is "response.create "; it must be a non-empty event type without spaces, such as "response.create""#),
    ])
    func badAllowedClientEventsAreRefused(json: String, problem: String) {
        #expect(policyErrorFromJSON(json)?.problem == problem)
    }

    @Test(arguments: [
        (#"{"defaults":[]}"#,
         #""defaults" must be an object of GA session fields such as {"audio":{"output":{"voice":"alloy"}}}, not an array"#),
        (#"{"defaults":{"type":"realtime"}}"#,
         #""defaults.type" is set by the relay ("realtime" for GA endpoints, left out for preview ones); remove it"#),
        (#"{"defaults":{"instructions":"Be brief."}}"#,
         #""defaults.instructions" is not read from the policy file; give the operator's instructions with --instructions or --instructions-file (they are hidden from clients)"#),
        (#"{"defaults":{"voice":"alloy"}}"#,
         #""defaults.voice" is the preview name; write it in GA shape as "defaults.audio.output.voice" (the relay renames it for preview endpoints)"#),
        (#"{"defaults":{"modalities":["text"]}}"#,
         #""defaults.modalities" is the preview name; write it in GA shape as "defaults.output_modalities" (the relay renames it for preview endpoints)"#),
        (#"{"defaults":{"input_audio_format":"pcm16"}}"#,
         #""defaults.input_audio_format" is the preview name; write it in GA shape as "defaults.audio.input.format" (the relay renames it for preview endpoints)"#),
        (#"{"defaults":{"output_modalities":["audio","text"]}}"#,
         #""defaults.output_modalities" must be ["audio"] (audio with its transcript) or ["text"]"#),
        (#"{"defaults":{"max_output_tokens":0}}"#, #""defaults.max_output_tokens" must be a positive integer or "inf""#),
        (#"{"defaults":{"audio":"alloy"}}"#,
         #""defaults.audio" must be an object with "input" and/or "output", not a string"#),
        (#"{"defaults":{"audio":{"outptu":{}}}}"#,
         #"unknown key "outptu" in "defaults.audio" (valid keys: "input", "output")"#),
        (#"{"defaults":{"audio":{"input":[]}}}"#, #""defaults.audio.input" must be an object, not an array"#),
        (#"{"defaults":{"audio":{"output":{"voice":"alloy","vioce":"x","sped":1}}}}"#,
         #"unknown keys "vioce", "sped" in "defaults.audio.output" (valid keys: "format", "voice", "speed")"#),
        (#"{"defaults":{"audio":{"input":{"turn_detecton":{}}}}}"#,
         #"unknown key "turn_detecton" in "defaults.audio.input" (valid keys: "format", "transcription", "noise_reduction", "turn_detection")"#),
        (#"{"defaults":{"audio":{"output":{"voice":7}}}}"#,
         #""defaults.audio.output.voice" must be a voice name such as "alloy", not a number"#),
        (#"{"defaults":{"audio":{"output":{"speed":"fast"}}}}"#,
         #""defaults.audio.output.speed" must be a number such as 1.0, not a string"#),
        (#"{"defaults":{"audio":{"input":{"turn_detection":"server_vad"}}}}"#,
         #""defaults.audio.input.turn_detection" must be an object or null, not a string"#),
        (#"{"defaults":{"audio":{"input":{"format":"pcm16"}}}}"#,
         #""defaults.audio.input.format" must be {"type":"audio/pcm","rate":24000}, {"type":"audio/pcmu"} or {"type":"audio/pcma"}"#),
        (#"{"defaults":{"audio":{"output":{"format":{"type":"audio/pcm","rate":16000}}}}}"#,
         #""defaults.audio.output.format" must be {"type":"audio/pcm","rate":24000}, {"type":"audio/pcmu"} or {"type":"audio/pcma"}"#),
        (#"{"defaults":{"audio":{"output":{"format":{"type":"audio/pcmu","rate":24000}}}}}"#,
         #""defaults.audio.output.format" must be {"type":"audio/pcm","rate":24000}, {"type":"audio/pcmu"} or {"type":"audio/pcma"}"#),
    ])
    func badDefaultsAreRefused(json: String, problem: String) {
        #expect(policyErrorFromJSON(json)?.problem == problem)
    }

    @Test func theDescriptionNamesTheFileTheProblemAndAValidExample() throws {
        let error = try #require(policyErrorFromJSON(#"{"defualts":{}}"#))
        #expect(error.source == "policy.json")
        #expect(error.description == #"session policy policy.json: unknown top-level key "defualts" (valid keys: "defaults", "locked", "allowed_client_events"). A valid file (every key optional): {"defaults":{"audio":{"output":{"voice":"alloy"}}},"locked":["audio.output.voice","tools"],"allowed_client_events":["session.update","response.create"]} (see docs/session-policy.md)"#)
        // The example in every message is itself a valid policy.
        #expect(try policyFromJSON(SessionPolicyError.validExample).lockedPaths == ["audio.output.voice", "tools"])
    }

    @Test func longOrHostileValuesAreQuotedAndShortened() throws {
        let long = String(repeating: "x", count: 100) + "\"\n"
        let error = try #require(policyErrorFromJSON(#"{"locked":[""# + long.replacingJSONEscapes() + #""]}"#))
        #expect(error.problem.hasPrefix(#""locked"[0] is ""# + String(repeating: "x", count: 60) + "…\";"))
    }

    // MARK: Files

    @Test func loadReadsAFile() throws {
        let path = try temporaryFile(#"{"locked":["voice"]}"#)
        defer { unlink(path) }
        #expect(try SessionPolicy.load(path: path).lockedPaths == ["voice"])
    }

    @Test func loadNamesTheFileInItsErrors() throws {
        let path = try temporaryFile(#"{"locked":["voice"],"extra":1}"#)
        defer { unlink(path) }
        do {
            _ = try SessionPolicy.load(path: path)
            Issue.record("parsed")
        } catch {
            #expect(error.source == path)
            #expect(error.description.hasPrefix("session policy \(path): unknown top-level key \"extra\""))
        }
    }

    @Test func aMissingFileIsRefusedWithTheSystemsReason() {
        do {
            _ = try SessionPolicy.load(path: "/nonexistent/policy.json")
            Issue.record("loaded")
        } catch {
            #expect(error.problem == "cannot read the file: No such file or directory")
            #expect(error.description.hasPrefix("session policy /nonexistent/policy.json: cannot read the file"))
        }
    }

    @Test func aDirectoryIsRefused() {
        #expect(throws: SessionPolicyError.self) { try SessionPolicy.load(path: "/tmp") }
    }

    /// The example shipped in deploy/ parses, locks the voice and keeps the default allowlist.
    @Test func theDeployExampleParses() throws {
        let policy = try SessionPolicy.load(path: repositoryRoot() + "/deploy/session-policy.example.json")
        #expect(policy.lockedPaths.contains("audio.output.voice"))
        #expect(policy.defaults["audio"]?["output"]?["voice"] != nil)
        #expect(policy.initialSession(instructions: nil, isGA: false)?["voice"] != nil)
    }

    /// The checkout this file is in: `Tests/RelayTests/Policy/<file>` is four levels below it (symbolic
    /// links resolved, so a scratch package that links the directory in finds the same checkout).
    private func repositoryRoot(file: String = #filePath) -> String {
        let resolved = realpath(file, nil).map { pointer in
            defer { free(pointer) }
            return String(cString: pointer)
        } ?? file
        var components = resolved.split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(4)
        return components.joined(separator: "/")
    }

    private func temporaryFile(_ contents: String) throws -> String {
        var template = Array("/tmp/session-policy-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        try #require(written == bytes.count)
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

private extension String {
    /// This text as the inside of a JSON string literal.
    func replacingJSONEscapes() -> String {
        String(JSONValue.string(self).serializedString.dropFirst().dropLast())
    }
}
