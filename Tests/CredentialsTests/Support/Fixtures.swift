// Shared constants for the credential tests.
import Credentials
import Testing

let cognitiveServicesScope = "https://cognitiveservices.azure.com/.default"
/// A JWT-shaped fake token (the module redacts anything that looks like a JWT from messages).
let sampleToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJjb2duaXRpdmUifQ.c2lnbmF0dXJl"

func environment(_ variables: [String: String]) -> CredentialEnvironment {
    CredentialEnvironment(variables)
}

/// The error `body` throws, or nil (recording an issue) when it returns a token.
func credentialError(
    _ body: () async throws(CredentialError) -> AccessToken, sourceLocation: SourceLocation = #_sourceLocation
) async -> CredentialError? {
    do {
        _ = try await body()
        Issue.record("expected a CredentialError", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// The error `credential.getToken(scope:)` throws, or nil (recording an issue) when it returns a token.
func tokenError(
    _ credential: any TokenCredential, scope: String = cognitiveServicesScope,
    sourceLocation: SourceLocation = #_sourceLocation
) async -> CredentialError? {
    await credentialError(
        { () async throws(CredentialError) in try await credential.getToken(scope: scope) },
        sourceLocation: sourceLocation)
}
