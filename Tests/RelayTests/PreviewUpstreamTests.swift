// A preview-protocol upstream (OPENAI_API_VERSION set) end to end: the SDK's preview path, the
// preview URL upstream, preview-shaped injection and hiding, preview event names passed through.
import JSON
import NetworkTestSupport
@testable import Relay
import TestSupport
import Testing

@Suite struct PreviewUpstreamTests {
    static let greeting = #"{"type":"session.created","event_id":"ev_1","session":{"id":"sess_p","object":"realtime.session","model":"gpt-4o-realtime-preview","modalities":["text","audio"],"instructions":"Be a pirate.","voice":"alloy","input_audio_format":"pcm16"}}"#

    @Test func aPreviewClientTalksToAPreviewUpstreamThroughTheRelay() throws {
        let upstreamFrames = Recorder<String>()
        let relay = try RelayUnderTest(upstreamReply: .webSocket { connection in
            connection.delegate = RecordingUpstreamSession(received: upstreamFrames, closes: Recorder<Int>())
            connection.send(text: Self.greeting)
            connection.send(text: #"{"type":"response.audio.delta","event_id":"ev_2","response_id":"r1","item_id":"i1","output_index":0,"content_index":0,"delta":"AAAA"}"#)
        }, apiVersion: "2025-04-01-preview") {
            $0.allowedDeployments = ["gpt-realtime"]
            $0.sessionPolicy = try! SessionPolicy.parse(Array(#"{"defaults":{"audio":{"output":{"voice":"verse"}}},"locked":["voice"]}"#.utf8), source: "test")
        }
        let client = try relay.client(path: "/openai/realtime?api-version=2024-10-01-preview&deployment=gpt-realtime",
                                      fields: "api-key: dummy\r\nOpenAI-Beta: realtime=v1\r\n")
        let created = try client.receiveEvent()
        #expect(created["session"]?["instructions"]?.stringValue == RelayConfiguration.hiddenInstructionsPlaceholder)
        #expect(created["session"]?["modalities"] == ["text", "audio"], "preview fields pass")
        let delta = try client.receiveEvent()
        #expect(delta["type"]?.stringValue == "response.audio.delta", "preview event names pass untouched")

        // The upstream request used the preview URL with the relay's version and credential.
        let request = try #require(relay.upstream.server.requests.first)
        #expect(request.path == "/openai/realtime")
        #expect(request.queryItem("api-version") == "2025-04-01-preview")
        #expect(request.queryItem("deployment") == "gpt-realtime")
        #expect(request.header("api-key") == "relay-upstream-key")

        // Injection and client updates in the preview shape: no session.type, preview field names.
        try client.send(text: #"{"type":"session.update","session":{"instructions":"Mine.","voice":"echo","turn_detection":null}}"#)
        #expect(eventually { upstreamFrames.values.count >= 2 })
        let injected = try JSONValue.parse(upstreamFrames.values[0])
        #expect(injected["type"]?.stringValue == "session.update")
        #expect(injected["session"]?["type"] == nil, "preview sessions have no type")
        #expect(injected["session"]?["instructions"]?.stringValue == "Be a pirate.")
        #expect(injected["session"]?["voice"]?.stringValue == "verse", "GA-shaped defaults mapped to preview names")
        let update = try JSONValue.parse(upstreamFrames.values[1])
        #expect(update["session"]?["instructions"]?.stringValue == "Be a pirate.")
        #expect(update["session"]?["voice"] == nil, "the locked voice is removed")
        #expect(update["session"]?["turn_detection"] == .null, "other fields pass")
    }
}
