// The upstream as configured by the environment the Azure quickstarts use: endpoint, deployment, credential.
import Credentials
import TLS

/// Everything needed to open upstream realtime sessions: where (endpoint, deployment, GA or
/// preview), as whom (API key or Entra ID token) and with which trust (TLS). Built once at
/// start-up, shared by every loop.
public struct UpstreamConfiguration: Sendable {
    public var endpoint: AzureRealtimeEndpoint
    /// The deployment used when a client does not pick one (`AZURE_OPENAI_DEPLOYMENT_NAME`).
    public var deployment: String
    public var credential: UpstreamCredential
    /// The TLS client for `wss://` (and token endpoints): system trust, SSL_CERT_FILE/SSL_CERT_DIR honoured.
    public var tls: TLSConfiguration
    /// Seconds for a whole upstream open: credential, DNS, TCP, TLS and the WebSocket handshake.
    public var connectTimeout = 15.0
    /// The product token sent as User-Agent (Azure logs it; it helps support requests).
    public var userAgent = "realtime-relay/1"

    public init(endpoint: AzureRealtimeEndpoint, deployment: String, credential: UpstreamCredential, tls: TLSConfiguration) {
        self.endpoint = endpoint
        self.deployment = deployment
        self.credential = credential
        self.tls = tls
    }

    public static let defaultDeployment = "gpt-realtime"

    /// Reads `AZURE_OPENAI_ENDPOINT`, `AZURE_OPENAI_DEPLOYMENT_NAME`, `OPENAI_API_VERSION`,
    /// `AZURE_OPENAI_API_KEY` and the Entra ID variables. Token fetches go through `transport`.
    public static func fromEnvironment(
        _ environment: CredentialEnvironment, tls: TLSConfiguration, transport: any TokenHTTPTransport
    ) throws(UpstreamConfigurationError) -> UpstreamConfiguration {
        guard let endpointText = environment["AZURE_OPENAI_ENDPOINT"] else {
            throw .missing("AZURE_OPENAI_ENDPOINT",
                           hint: "set it to your resource URL (https://NAME.openai.azure.com), or pass --simulator to try the relay without Azure")
        }
        let endpoint = try AzureRealtimeEndpoint(endpoint: endpointText, apiVersion: environment["OPENAI_API_VERSION"])
        let deployment = environment["AZURE_OPENAI_DEPLOYMENT_NAME"]?.trimmingASCIIWhitespace() ?? defaultDeployment
        guard !deployment.isEmpty, deployment.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .invalid("AZURE_OPENAI_DEPLOYMENT_NAME", value: deployment,
                           reason: "a deployment name is visible ASCII without spaces (see the Azure AI Foundry portal)")
        }
        let credential: UpstreamCredential
        do {
            credential = try CredentialResolver.resolve(environment: environment, transport: transport)
        } catch {
            throw .credential(error)
        }
        return UpstreamConfiguration(endpoint: endpoint, deployment: deployment, credential: credential, tls: tls)
    }

    /// The realtime URL for `deployment` (the configured one by default).
    public func realtimeURL(deployment: String? = nil) -> String {
        endpoint.realtimeURL(deployment: deployment ?? self.deployment)
    }
}
