// Which client events go upstream: the documented default, custom lists, and the allocation-free lookup.
import JSON
@testable import Relay
import Testing

@Suite struct ClientEventAllowlistTests {
    @Test func theDefaultIsTheDocumentedGAAndPreviewClientEvents() {
        #expect(ClientEventAllowlist.documented.types.sorted() == [
            "conversation.item.create", "conversation.item.delete", "conversation.item.retrieve",
            "conversation.item.truncate", "input_audio_buffer.append", "input_audio_buffer.clear",
            "input_audio_buffer.commit", "output_audio_buffer.clear", "response.cancel", "response.create",
            "session.update", "transcription_session.update",
        ])
        #expect(ClientEventAllowlist.documentedGAEvents.count == 11)
        #expect(!ClientEventAllowlist.documentedGAEvents.contains("transcription_session.update"))
        #expect(ClientEventAllowlist.documentedPreviewEvents.count == 10)
        #expect(!ClientEventAllowlist.documentedPreviewEvents.contains("conversation.item.retrieve"))
        #expect(SessionPolicy.none.allowedClientEvents == .documented)
    }

    @Test(arguments: [
        "session.update", "input_audio_buffer.append", "response.create", "transcription_session.update",
        "output_audio_buffer.clear",
    ])
    func documentedEventsAreAllowedByDefault(type: String) {
        #expect(SessionPolicy.none.allows(clientEvent: type))
        #expect(SessionPolicy.none.allows(clientEvent: Substring("x" + type + "y").dropFirst().dropLast()))
    }

    @Test(arguments: [
        "", "session", "session.updat", "session.updatee", "Session.update", "response.create ", "response.done",
        "session.created", "error", "conversation.item.added", "x",
    ])
    func otherTypesAreRefusedByDefault(type: String) {
        #expect(!SessionPolicy.none.allows(clientEvent: type))
    }

    @Test func aCustomListReplacesTheDefault() throws {
        let policy = try policyFromJSON(#"{"allowed_client_events":["response.create","x.custom","input_audio_buffer.append"]}"#)
        #expect(policy.allows(clientEvent: "x.custom"))
        #expect(policy.allows(clientEvent: "response.create"))
        #expect(!policy.allows(clientEvent: "session.update"))
    }

    /// The byte path and the string path agree for every candidate, in every list.
    @Test func theFastPathAgreesWithTheStringPath() throws {
        var candidates = ClientEventAllowlist.documented.types
        candidates += ["", "a", "session.updatf", "session.updatd", "response.cancel\u{0}", "résponse.create", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
                       "transcription_session.updatf", "output_audio_buffer.clearr", "x.custom"]
        let lists: [ClientEventAllowlist] = [
            .documented, ClientEventAllowlist(["x.custom"]), ClientEventAllowlist([String]()),
            ClientEventAllowlist(candidates.filter { $0.count % 2 == 0 }),
        ]
        for list in lists {
            for candidate in candidates {
                // Surround the type with other bytes, as in a real payload.
                let payload = Array(#"{"type":""#.utf8) + Array(candidate.utf8) + Array(#"","event_id":"e"}"#.utf8)
                let start = 9
                let fast = payload.withUnsafeBytes { list.contains($0, typeRange: start..<(start + candidate.utf8.count)) }
                #expect(fast == list.contains(candidate), "\(candidate)")
                #expect(fast == list.types.contains(candidate), "\(candidate)")
            }
        }
    }

    @Test func peekedPayloadsAreCheckedByTheirTopLevelType() {
        func allows(_ json: String) -> Bool {
            Array(json.utf8).withUnsafeBytes { SessionPolicy.none.allows(clientEventIn: $0) }
        }
        #expect(allows(#"{"type":"response.create"}"#))
        #expect(allows(#"{"event_id":"e1","type":"input_audio_buffer.append","audio":"AAAA"}"#))
        #expect(allows(#"{"type":"response\u002ecreate"}"#))  // escaped: decoded, then checked
        #expect(!allows(#"{"item":{"type":"response.create"},"type":"x"}"#))
        #expect(!allows(#"{"type":"response\u002ecreat"}"#))
        #expect(!allows(#"{"type":7}"#))
        #expect(!allows(#"{"event_id":"e"}"#))
        #expect(!allows("[]"))
        #expect(!allows(""))
    }

    @Test func theFastPathOnThePeekedRange() {
        let payload = Array(#"{"event_id":"e1","type":"conversation.item.retrieve","item_id":"i"}"#.utf8)
        payload.withUnsafeBytes { bytes in
            guard let range = JSONTypePeek.typeRange(in: bytes) else {
                Issue.record("no type")
                return
            }
            #expect(SessionPolicy.none.allows(clientEvent: bytes, typeRange: range))
        }
    }

    @Test func aRefusalIsAnAzureShapedError() throws {
        let refusal = SessionPolicy.none.refusal(ofClientEvent: "response.destroy")
        #expect(JSONValue.object(refusal.errorObject(clientEventID: "evt_1")).serializedString
            == #"{"type":"invalid_request_error","code":"client_event_not_allowed","message":"The relay does not forward 'response.destroy' events: the type is not in its allowed client events.","param":"type","event_id":"evt_1"}"#)
        #expect(refusal.errorObject(clientEventID: nil)["event_id"] == .null)
        #expect(ClientEventRefusal(eventType: nil).message
            == "The event has no string 'type'; the relay forwards only its allowed client events.")
        let long = ClientEventRefusal(eventType: String(repeating: "y", count: 1000)).message
        #expect(long.count < 200)
    }
}
