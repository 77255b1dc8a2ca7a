// AzureDeveloperCliCredential: the token of whoever ran `azd auth login` (entra.md §5.2).
import JSON

/// Runs `azd auth token --output json --no-prompt --scope SCOPE [--tenant-id TENANT]` and reads `token`
/// and the UTC RFC 3339 `expiresOn`.
public struct AzureDeveloperCliCredential: TokenCredential {
    public let name = "AzureDeveloperCliCredential"
    public static let defaultTimeout = 10.0

    private let cli: DeveloperCLI
    private let tenantID: String?

    public init(environment: CredentialEnvironment, processRunner: any ProcessRunner = PosixProcessRunner(),
                tenantID: String? = nil, timeout: Double = AzureDeveloperCliCredential.defaultTimeout)
    {
        cli = DeveloperCLI(
            credentialName: "AzureDeveloperCliCredential", program: "azd", displayName: "Azure Developer CLI",
            environment: environment, runner: processRunner, timeout: timeout, extraEnvironment: ["NO_COLOR": "true"])
        self.tenantID = tenantID
    }

    public func getToken(scope: String) async throws(CredentialError) -> AccessToken {
        guard CommandLineArgument.isValidScope(scope) else { throw cli.failed("Invalid scope \"\(scope)\".") }
        // azd takes v2 scopes, /.default included.
        var arguments = ["auth", "token", "--output", "json", "--no-prompt", "--scope", scope]
        if let tenantID {
            if let invalid = Tenant.validate(tenantID) { throw cli.failed(invalid.reason) }
            arguments += ["--tenant-id", tenantID]
        }
        let output = try await cli.run(arguments, recognise: Self.recognise)
        guard let json = try? JSONValue.parse(output), json.objectValue != nil else {
            throw cli.failed("Unexpected output from the Azure Developer CLI: not a JSON object.")
        }
        let token: String
        switch TokenResponse.bearerToken(json["token"], field: "token") {
        case .success(let value): token = value
        case .failure(let problem): throw cli.failed("Unexpected output from the Azure Developer CLI: \(problem).")
        }
        guard let text = json["expiresOn"]?.stringValue, let expiresOn = CLITimestamps.rfc3339(text) else {
            throw cli.failed("Unexpected output from the Azure Developer CLI: no valid \"expiresOn\".")
        }
        return AccessToken(token: token, expiresOn: expiresOn)
    }

    /// "not logged in, run `azd auth login` to login" (older versions: `azd login`).
    private static func recognise(_ text: String) -> String? {
        if text.contains("azd auth login") || text.contains("azd login") {
            return "Please run 'azd auth login' from a command prompt to authenticate before using this credential."
        }
        return messageFromJSONLines(text)
    }

    /// azd 1.24+ writes `{"error":…,"message":…}` to stderr; older versions write
    /// `{"type":"consoleMessage","data":{"message":"ERROR: …"}}` lines.
    private static func messageFromJSONLines(_ text: String) -> String? {
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            guard let json = try? JSONValue.parse(String(line)) else { continue }
            if let message = json["message"]?.stringValue ?? json["data"]?["message"]?.stringValue {
                let line = ErrorResponseMessage.singleLine(message)
                return "Azure Developer CLI failed: \(DeveloperCLI.withoutErrorPrefix(line))"
            }
        }
        return nil
    }
}
