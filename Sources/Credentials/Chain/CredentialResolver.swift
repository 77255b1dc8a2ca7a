// Start-up: an API key when one is set, otherwise the (possibly pinned) DefaultAzureCredential chain.

/// Builds the upstream credential from the environment, validating everything that can be validated
/// before the first request.
public enum CredentialResolver {
    /// Knobs tests and hosts may turn.
    public struct Options: Sendable {
        /// The clock token lifetimes, retries and refreshes run on.
        public var clock: any WallClock
        /// Seconds before `az` / `azd` is killed (Azure Identity: 10).
        public var cliTimeout: Double

        public init(clock: any WallClock = .system, cliTimeout: Double = AzureCliCredential.defaultTimeout) {
            self.clock = clock
            self.cliTimeout = cliTimeout
        }
    }

    /// `AZURE_OPENAI_API_KEY` when set; otherwise a ``TokenProvider`` over the chain that
    /// `AZURE_TOKEN_CREDENTIALS` selects. Throws `.configuration` for invalid settings.
    public static func resolve(
        environment: CredentialEnvironment, transport: any TokenHTTPTransport,
        processRunner: any ProcessRunner = PosixProcessRunner()
    ) throws(CredentialError) -> UpstreamCredential {
        try resolve(environment: environment, transport: transport, processRunner: processRunner, options: Options())
    }

    public static func resolve(
        environment: CredentialEnvironment, transport: any TokenHTTPTransport, processRunner: any ProcessRunner,
        options: Options
    ) throws(CredentialError) -> UpstreamCredential {
        if let raw = environment["AZURE_OPENAI_API_KEY"] {
            let key = raw.trimmingASCIIWhitespace()
            // The key goes into a header line as it is.
            guard !key.isEmpty, key.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) else {
                throw .configuration(
                    "AZURE_OPENAI_API_KEY contains a line break or another control character; set it to the key alone.")
            }
            return .apiKey(key)
        }
        let chain = try makeChain(
            environment: environment, transport: transport, processRunner: processRunner, options: options)
        return .entra(TokenProvider(credential: chain, clock: options.clock))
    }

    /// The chain alone, for diagnostics (`realtime-relay doctor`) and hosts that cache differently.
    public static func makeChain(
        environment: CredentialEnvironment, transport: any TokenHTTPTransport,
        processRunner: any ProcessRunner = PosixProcessRunner(), options: Options = Options()
    ) throws(CredentialError) -> CredentialChain {
        let selection: CredentialSelection
        switch CredentialSelection.parse(environment["AZURE_TOKEN_CREDENTIALS"]) {
        case .success(let parsed): selection = parsed
        case .failure(let error): throw error
        }
        let authority = try AuthorityHost.from(environment)
        let tenant = environment["AZURE_TENANT_ID"]
        if let tenant, let invalid = Tenant.validate(tenant) { throw invalid }

        let credentials: [any TokenCredential] = selection.kinds.map { kind -> any TokenCredential in
            switch kind {
            case .environment:
                EnvironmentCredential(
                    environment: environment, authority: authority, transport: transport, clock: options.clock)
            case .workloadIdentity:
                WorkloadIdentityCredential(
                    environment: environment, authority: authority, transport: transport, clock: options.clock)
            case .managedIdentity:
                ManagedIdentityCredential(
                    environment: environment, authority: authority, transport: transport, clock: options.clock,
                    probeIMDS: !selection.isManagedIdentityOnly)
            case .azureCli:
                AzureCliCredential(
                    environment: environment, processRunner: processRunner, tenantID: tenant,
                    timeout: options.cliTimeout)
            case .azureDeveloperCli:
                AzureDeveloperCliCredential(
                    environment: environment, processRunner: processRunner, tenantID: tenant,
                    timeout: options.cliTimeout)
            }
        }
        let secretVariables = [
            "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "IDENTITY_HEADER", "MSI_SECRET",
            "AZURE_OPENAI_API_KEY", "AZURE_PASSWORD",
        ]
        return CredentialChain(credentials: credentials, secrets: secretVariables.compactMap { environment[$0] })
    }
}
