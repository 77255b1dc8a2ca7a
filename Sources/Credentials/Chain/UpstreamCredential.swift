// What the relay authenticates upstream with: an API key, or Entra ID tokens from a TokenProvider.

/// The upstream's credential. Descriptions never show the key or a token.
public enum UpstreamCredential: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `AZURE_OPENAI_API_KEY`: sent as `api-key: KEY`.
    case apiKey(String)
    /// Entra ID: sent as `Authorization: Bearer TOKEN`.
    case entra(TokenProvider)

    /// "API key" or "Entra ID (DefaultAzureCredential (ManagedIdentityCredential))".
    public var description: String {
        switch self {
        case .apiKey: "API key"
        case .entra(let provider): "Entra ID (\(provider.credentialName))"
        }
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror { Mirror(self, children: ["kind": description]) }

    /// The header field for an upstream request, fetching a token if none is cached.
    public func headerField() async throws(CredentialError) -> (name: String, value: String) {
        switch self {
        case .apiKey(let key): return ("api-key", key)
        case .entra(let provider): return ("Authorization", "Bearer " + (try await provider.token()).token)
        }
    }

    /// The header field without waiting: always for an API key; for Entra ID when a token outside its
    /// five-minute expiry window is cached (asking starts a refresh when one is due).
    public func cachedHeaderField() -> (name: String, value: String)? {
        switch self {
        case .apiKey(let key): return ("api-key", key)
        case .entra(let provider): return provider.currentToken().map { ("Authorization", "Bearer " + $0.token) }
        }
    }

    /// Whether a request could be authenticated right now (for `/readyz`).
    public var isReady: Bool {
        switch self {
        case .apiKey: true
        case .entra(let provider): provider.isReady
        }
    }

    /// Starts keeping a token fresh in the background (no-op for an API key).
    public func startBackgroundRefresh() {
        if case .entra(let provider) = self { provider.startBackgroundRefresh() }
    }

    /// Stops the background refresh (no-op for an API key).
    public func stop() {
        if case .entra(let provider) = self { provider.stop() }
    }
}
