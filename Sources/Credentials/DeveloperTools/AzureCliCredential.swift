// AzureCliCredential: the token of whoever ran `az login` (entra.md §5.1).
import JSON

/// Runs `az account get-access-token --output json --resource RESOURCE [--tenant TENANT]` and reads
/// `accessToken` with `expires_on` (Azure CLI 2.54+) or the local-time `expiresOn`.
public struct AzureCliCredential: TokenCredential {
    public let name = "AzureCliCredential"
    /// Azure Identity's default process timeout.
    public static let defaultTimeout = 10.0

    private let cli: DeveloperCLI
    private let tenantID: String?

    /// - Parameters:
    ///   - environment: supplies PATH and the child's environment.
    ///   - tenantID: passed as `--tenant` (the relay passes `AZURE_TENANT_ID` when set).
    ///   - timeout: seconds before az is killed.
    public init(environment: CredentialEnvironment, processRunner: any ProcessRunner = PosixProcessRunner(),
                tenantID: String? = nil, timeout: Double = AzureCliCredential.defaultTimeout)
    {
        cli = DeveloperCLI(
            credentialName: "AzureCliCredential", program: "az", displayName: "Azure CLI", environment: environment,
            runner: processRunner, timeout: timeout, extraEnvironment: ["AZURE_CORE_NO_COLOR": "true"])
        self.tenantID = tenantID
    }

    public func getToken(scope: String) async throws(CredentialError) -> AccessToken {
        guard CommandLineArgument.isValidScope(scope) else { throw cli.failed("Invalid scope \"\(scope)\".") }
        let resource = scope.hasSuffix("/.default") ? String(scope.dropLast("/.default".count)) : scope
        var arguments = ["account", "get-access-token", "--output", "json", "--resource", resource]
        if let tenantID {
            if let invalid = Tenant.validate(tenantID) { throw cli.failed(invalid.reason) }
            arguments += ["--tenant", tenantID]
        }
        let output = try await cli.run(arguments, recognise: Self.recognise)
        return try parse(output)
    }

    /// "Please run 'az login'" (not an AADSTS error, which is a real failure worth showing in full).
    private static func recognise(_ text: String) -> String? {
        if (text.contains("az login") || text.contains("az account set")) && !text.contains("AADSTS") {
            return "Please run 'az login' to set up an account."
        }
        return nil
    }

    private func parse(_ output: [UInt8]) throws(CredentialError) -> AccessToken {
        // Never quote the output: it holds the token.
        guard let json = try? JSONValue.parse(output), json.objectValue != nil else {
            throw cli.failed("Unexpected output from the Azure CLI: not a JSON object.")
        }
        let token: String
        switch TokenResponse.bearerToken(json["accessToken"], field: "accessToken") {
        case .success(let value): token = value
        case .failure(let problem): throw cli.failed("Unexpected output from the Azure CLI: \(problem).")
        }
        if let expiresOn = json["expires_on"]?.lenientInt64, expiresOn > 0 {
            return AccessToken(token: token, expiresOn: expiresOn)
        }
        if let text = json["expiresOn"]?.stringValue, let expiresOn = CLITimestamps.localTime(text) {
            return AccessToken(token: token, expiresOn: expiresOn)
        }
        throw cli.failed("Unexpected output from the Azure CLI: no valid \"expires_on\" or \"expiresOn\".")
    }
}
