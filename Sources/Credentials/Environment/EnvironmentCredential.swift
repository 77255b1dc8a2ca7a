// EnvironmentCredential: a service principal described by AZURE_* variables (entra.md §2.1).

/// Authenticates a service principal from the environment:
/// - `AZURE_TENANT_ID`, `AZURE_CLIENT_ID` and `AZURE_CLIENT_SECRET`: client secret; otherwise
/// - `AZURE_TENANT_ID`, `AZURE_CLIENT_ID` and `AZURE_CLIENT_CERTIFICATE_PATH` (PEM or PFX, with
///   `AZURE_CLIENT_CERTIFICATE_PASSWORD` and `AZURE_CLIENT_SEND_CERTIFICATE_CHAIN`): client certificate.
///
/// Unavailable when neither set is complete. Username/password (`AZURE_USERNAME`, `AZURE_PASSWORD`) is
/// deliberately not supported: it is deprecated and cannot do MFA (entra.md §2.5).
public struct EnvironmentCredential: TokenCredential {
    public let name = "EnvironmentCredential"

    private enum Mode: Sendable {
        case secret(ClientSecretCredential)
        case certificate(ClientCertificateCredential)
        case unconfigured(String)
    }

    private let mode: Mode

    /// Reads the configuration from `environment`; `authority` is the validated `AZURE_AUTHORITY_HOST`.
    init(environment: CredentialEnvironment, authority: AuthorityHost, transport: any TokenHTTPTransport,
         clock: any WallClock)
    {
        let tenant = environment["AZURE_TENANT_ID"]
        let clientID = environment["AZURE_CLIENT_ID"]
        let secret = environment["AZURE_CLIENT_SECRET"]
        let certificatePath = environment["AZURE_CLIENT_CERTIFICATE_PATH"]
        guard let tenant, let clientID, secret != nil || certificatePath != nil else {
            mode = .unconfigured(Self.missingMessage(environment))
            return
        }
        let tokenURL = authority.tokenURL(tenant: tenant)
        let client = EntraTokenClient(
            credentialName: "EnvironmentCredential", tokenURL: tokenURL, clientID: clientID, transport: transport,
            clock: clock)
        if let secret {
            mode = .secret(ClientSecretCredential(client: client, secret: secret))
        } else if let certificatePath {
            // Go and JS read "1"/"true"; Python's bool() would also take "false" as true (entra.md §2.1).
            let chainFlag = environment["AZURE_CLIENT_SEND_CERTIFICATE_CHAIN"]?.lowercased()
            mode = .certificate(ClientCertificateCredential(
                client: client, certificatePath: certificatePath,
                password: environment["AZURE_CLIENT_CERTIFICATE_PASSWORD"],
                sendCertificateChain: chainFlag == "1" || chainFlag == "true",
                algorithm: Tenant.isADFS(tenant) ? .rs256 : .ps256, clock: clock))
        } else {
            mode = .unconfigured(Self.missingMessage(environment))
        }
    }

    public init(environment: CredentialEnvironment, transport: any TokenHTTPTransport, clock: any WallClock = .system)
        throws(CredentialError)
    {
        let authority = try AuthorityHost.from(environment)
        self.init(environment: environment, authority: authority, transport: transport, clock: clock)
    }

    /// Whether the variables select a secret or a certificate.
    public var isConfigured: Bool {
        if case .unconfigured = mode { return false }
        return true
    }

    public func getToken(scope: String) async throws(CredentialError) -> AccessToken {
        switch mode {
        case .secret(let credential): return try await credential.getToken(scope: scope)
        case .certificate(let credential): return try await credential.getToken(scope: scope)
        case .unconfigured(let reason): throw .unavailable(credential: name, reason: reason)
        }
    }

    /// Names what is missing, so a half-configured service principal is easy to spot.
    private static func missingMessage(_ environment: CredentialEnvironment) -> String {
        let base = "Environment variables are not fully configured"
        let required = ["AZURE_TENANT_ID", "AZURE_CLIENT_ID"]
        let hasSecretOrCertificate = environment["AZURE_CLIENT_SECRET"] != nil
            || environment["AZURE_CLIENT_CERTIFICATE_PATH"] != nil
        if environment["AZURE_USERNAME"] != nil || environment["AZURE_PASSWORD"] != nil, !hasSecretOrCertificate {
            return "\(base): AZURE_USERNAME/AZURE_PASSWORD (username and password) authentication is deprecated "
                + "and not supported, as it cannot do multifactor authentication; use a client secret or "
                + "certificate (AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH) instead."
        }
        guard required.contains(where: { environment[$0] != nil }) || hasSecretOrCertificate else {
            return "\(base) (set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or "
                + "AZURE_CLIENT_CERTIFICATE_PATH)."
        }
        var missing = required.filter { environment[$0] == nil }
        if !hasSecretOrCertificate { missing.append("AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH") }
        return "\(base): missing \(missing.joined(separator: ", "))."
    }
}
