// WorkloadIdentityCredential: AKS workload identity, a Kubernetes token exchanged for an Entra token (entra.md §3).

/// Exchanges the pod's projected service-account token (`AZURE_FEDERATED_TOKEN_FILE`) for an access
/// token of the app `AZURE_CLIENT_ID` in `AZURE_TENANT_ID`: the client-credentials grant with the file's
/// contents as `client_assertion`. The workload identity webhook sets all three variables.
public struct WorkloadIdentityCredential: TokenCredential {
    public let name = "WorkloadIdentityCredential"

    private let configuration: Result<(client: EntraTokenClient, file: FederatedTokenFile), CredentialError>
    private let clock: any WallClock

    init(environment: CredentialEnvironment, authority: AuthorityHost, transport: any TokenHTTPTransport,
         clock: any WallClock, credentialName: String = "WorkloadIdentityCredential")
    {
        self.clock = clock
        let variables = ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_FEDERATED_TOKEN_FILE"]
        let missing = variables.filter { environment[$0] == nil }
        guard let tenant = environment["AZURE_TENANT_ID"], let clientID = environment["AZURE_CLIENT_ID"],
            let path = environment["AZURE_FEDERATED_TOKEN_FILE"]
        else {
            configuration = .failure(.unavailable(
                credential: credentialName,
                reason: "The workload options are not fully configured: missing \(missing.joined(separator: ", ")). "
                    + "On AKS, label the pod azure.workload.identity/use: \"true\" and give it a service account "
                    + "annotated with the app's client ID."))
            return
        }
        let client = EntraTokenClient(
            credentialName: credentialName, tokenURL: authority.tokenURL(tenant: tenant), clientID: clientID,
            transport: transport, clock: clock)
        configuration = .success((client, FederatedTokenFile(path: path)))
    }

    public init(environment: CredentialEnvironment, transport: any TokenHTTPTransport, clock: any WallClock = .system)
        throws(CredentialError)
    {
        let authority = try AuthorityHost.from(environment)
        self.init(environment: environment, authority: authority, transport: transport, clock: clock)
    }

    /// Whether the three variables are set.
    public var isConfigured: Bool {
        if case .success = configuration { return true }
        return false
    }

    public func getToken(scope: String) async throws(CredentialError) -> AccessToken {
        let (client, file): (EntraTokenClient, FederatedTokenFile)
        switch configuration {
        case .success(let configured): (client, file) = configured
        case .failure(let error): throw error
        }
        let assertion: String
        switch file.assertion(now: clock.now()) {
        case .success(let contents): assertion = contents
        case .failure(let error):
            throw .failed(
                credential: client.credentialName,
                reason: "AZURE_FEDERATED_TOKEN_FILE: \(error). Check that the service account token is projected "
                    + "into the pod (the workload identity webhook mounts it at "
                    + "/var/run/secrets/azure/tokens/azure-identity-token).")
        }
        return try await client.requestToken(
            scope: scope,
            credentialFields: [("client_assertion_type", EntraTokenClient.jwtBearerAssertionType),
                               ("client_assertion", assertion)],
            secrets: [assertion])
    }
}
