// ManagedIdentityCredential: picks the managed identity source the host provides (entra.md §4.1).

/// Gets a token for the host's managed identity. The source follows Azure Identity's order:
/// 1. `IDENTITY_ENDPOINT` + `IDENTITY_HEADER`: App Service, Functions, Container Apps (api-version 2019-08-01);
/// 2. `AZURE_TENANT_ID` + `AZURE_CLIENT_ID` + `AZURE_FEDERATED_TOKEN_FILE`: AKS workload identity token
///    exchange (as Azure Identity for JS's `tokenExchangeMsi`);
/// 3. otherwise IMDS at `http://169.254.169.254` (or `AZURE_POD_IDENTITY_AUTHORITY_HOST`): VMs, VM scale
///    sets, AKS nodes, Container Instances.
///
/// `AZURE_CLIENT_ID` selects a user-assigned identity by client ID. Service Fabric, Azure Arc, Cloud Shell
/// and Azure ML sources are recognised and reported as not supported.
public struct ManagedIdentityCredential: TokenCredential {
    public let name = "ManagedIdentityCredential"

    enum Source: Sendable {
        case appService(AppServiceManagedIdentity)
        case workloadIdentity(WorkloadIdentityCredential)
        case imds(IMDSManagedIdentity)
        case unsupported(String)
    }

    let source: Source

    /// - Parameter probeIMDS: send IMDS a one-second probe before the first real request, as
    ///   DefaultAzureCredential does, so hosts without IMDS fail over to the next credential quickly.
    init(environment: CredentialEnvironment, authority: AuthorityHost, transport: any TokenHTTPTransport,
         clock: any WallClock, probeIMDS: Bool)
    {
        let clientID = environment["AZURE_CLIENT_ID"]
        if let endpoint = environment["IDENTITY_ENDPOINT"], let header = environment["IDENTITY_HEADER"] {
            if environment["IDENTITY_SERVER_THUMBPRINT"] != nil {
                source = .unsupported(
                    "Service Fabric managed identity (IDENTITY_SERVER_THUMBPRINT is set) is not supported.")
            } else {
                source = .appService(AppServiceManagedIdentity(
                    endpoint: endpoint, secretHeader: header, clientID: clientID, transport: transport, clock: clock))
            }
        } else if environment["IDENTITY_ENDPOINT"] != nil, environment["IMDS_ENDPOINT"] != nil {
            source = .unsupported(
                "Azure Arc managed identity (IDENTITY_ENDPOINT and IMDS_ENDPOINT are set) is not supported.")
        } else if environment["MSI_ENDPOINT"] != nil {
            source = .unsupported(
                "the legacy MSI_ENDPOINT managed identity (Cloud Shell, Azure ML) is not supported; in Cloud Shell "
                    + "the Azure CLI credential works.")
        } else if environment["AZURE_FEDERATED_TOKEN_FILE"] != nil, environment["AZURE_TENANT_ID"] != nil,
            clientID != nil
        {
            source = .workloadIdentity(WorkloadIdentityCredential(
                environment: environment, authority: authority, transport: transport, clock: clock,
                credentialName: "ManagedIdentityCredential"))
        } else {
            let host = environment["AZURE_POD_IDENTITY_AUTHORITY_HOST"]
            source = .imds(IMDSManagedIdentity(
                host: host ?? IMDSManagedIdentity.defaultHost, clientID: clientID, transport: transport, clock: clock,
                // An explicit IMDS host means the operator knows it is there: no probe (as Python and JS).
                probe: probeIMDS && host == nil))
        }
    }

    public init(environment: CredentialEnvironment, transport: any TokenHTTPTransport, clock: any WallClock = .system)
        throws(CredentialError)
    {
        let authority = try AuthorityHost.from(environment)
        self.init(environment: environment, authority: authority, transport: transport, clock: clock, probeIMDS: false)
    }

    /// Which source the environment selected, for diagnostics ("App Service", "IMDS", …).
    public var sourceName: String {
        switch source {
        case .appService: "App Service"
        case .workloadIdentity: "workload identity"
        case .imds: "IMDS"
        case .unsupported: "unsupported"
        }
    }

    public func getToken(scope: String) async throws(CredentialError) -> AccessToken {
        let resource = try Self.resource(forScope: scope)
        switch source {
        case .appService(let appService): return try await appService.getToken(resource: resource)
        case .imds(let imds): return try await imds.getToken(resource: resource)
        case .workloadIdentity(let workload): return try await workload.getToken(scope: scope)
        case .unsupported(let reason): throw .unavailable(credential: name, reason: reason)
        }
    }

    /// Managed identity endpoints take a v1 resource: the scope without `/.default`.
    static func resource(forScope scope: String) throws(CredentialError) -> String {
        guard !scope.contains(" ") else {
            throw .failed(
                credential: "ManagedIdentityCredential",
                reason: "This credential requires exactly one scope per token request.")
        }
        return scope.hasSuffix("/.default") ? String(scope.dropLast("/.default".count)) : scope
    }
}
