// The upstream URL from AZURE_OPENAI_ENDPOINT and OPENAI_API_VERSION: GA and preview paths, ws and wss.
import Testing
import Upstream

@Suite struct AzureRealtimeEndpointTests {
    @Test(arguments: [
        ("https://contoso.openai.azure.com", nil, "wss://contoso.openai.azure.com/openai/v1/realtime?model=gpt-realtime"),
        ("https://contoso.openai.azure.com/", nil, "wss://contoso.openai.azure.com/openai/v1/realtime?model=gpt-realtime"),
        ("  https://contoso.openai.azure.com//\n", nil, "wss://contoso.openai.azure.com/openai/v1/realtime?model=gpt-realtime"),
        ("https://contoso.openai.azure.com/openai/v1/", nil, "wss://contoso.openai.azure.com/openai/v1/realtime?model=gpt-realtime"),
        ("https://contoso.openai.azure.com/openai", nil, "wss://contoso.openai.azure.com/openai/v1/realtime?model=gpt-realtime"),
        ("HTTPS://contoso.cognitiveservices.azure.com:443", nil,
         "wss://contoso.cognitiveservices.azure.com/openai/v1/realtime?model=gpt-realtime"),
        ("https://gateway.example.com/team-a/", nil, "wss://gateway.example.com/team-a/openai/v1/realtime?model=gpt-realtime"),
        ("https://contoso.openai.azure.com", "2025-04-01-preview",
         "wss://contoso.openai.azure.com/openai/realtime?api-version=2025-04-01-preview&deployment=gpt-realtime"),
        ("http://127.0.0.1:8081", nil, "ws://127.0.0.1:8081/openai/v1/realtime?model=gpt-realtime"),
        ("https://127.0.0.1:9443/", "2024-10-01-preview",
         "wss://127.0.0.1:9443/openai/realtime?api-version=2024-10-01-preview&deployment=gpt-realtime"),
        ("https://[::1]:9443", nil, "wss://[::1]:9443/openai/v1/realtime?model=gpt-realtime"),
        ("https://contoso.openai.azure.com", "", "wss://contoso.openai.azure.com/openai/v1/realtime?model=gpt-realtime"),
    ] as [(String, String?, String)])
    func realtimeURL(endpoint: String, apiVersion: String?, expected: String) throws {
        let parsed = try AzureRealtimeEndpoint(endpoint: endpoint, apiVersion: apiVersion)
        #expect(parsed.realtimeURL(deployment: "gpt-realtime") == expected)
        #expect(parsed.isGA == (apiVersion ?? "").isEmpty)
    }

    @Test func deploymentNamesAreQueryEncoded() throws {
        let parsed = try AzureRealtimeEndpoint(endpoint: "https://contoso.openai.azure.com", apiVersion: nil)
        #expect(parsed.realtimeURL(deployment: "my deploy&x=1") ==
            "wss://contoso.openai.azure.com/openai/v1/realtime?model=my%20deploy%26x%3D1")
    }

    @Test(arguments: [
        ("contoso.openai.azure.com", "expected https:// or http://"),
        ("wss://contoso.openai.azure.com", "unsupported scheme \"wss\""),
        ("https://key@contoso.openai.azure.com", "userinfo"),
        ("https://contoso.openai.azure.com/?api-version=1", "must not have a query"),
        ("https://", "missing host"),
    ])
    func invalidEndpointsSayWhatIsExpected(endpoint: String, reason: String) {
        do {
            _ = try AzureRealtimeEndpoint(endpoint: endpoint, apiVersion: nil)
            Issue.record("\(endpoint) was accepted")
        } catch {
            let message = "\(error)"
            #expect(message.hasPrefix("AZURE_OPENAI_ENDPOINT="))
            #expect(message.contains(reason), "\(message)")
            #expect(!message.contains("key@"), "userinfo must not be echoed: \(message)")
        }
    }
}
