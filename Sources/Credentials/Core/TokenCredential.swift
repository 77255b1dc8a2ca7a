// The one thing every credential does: get an access token for a scope.

/// A source of Entra ID access tokens (Azure Identity's `TokenCredential`).
///
/// Implementations do not cache: ``TokenProvider`` caches, refreshes and single-flights for them.
public protocol TokenCredential: Sendable {
    /// Azure Identity's name for the credential (`EnvironmentCredential`, `ManagedIdentityCredential`, …),
    /// used in messages and in `AZURE_TOKEN_CREDENTIALS`.
    var name: String { get }

    /// Requests a new token for `scope` (for example `https://cognitiveservices.azure.com/.default`).
    func getToken(scope: String) async throws(CredentialError) -> AccessToken
}
