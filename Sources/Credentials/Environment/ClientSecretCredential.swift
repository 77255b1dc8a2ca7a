// Service principal with a client secret: the form in entra.md §2.3.

struct ClientSecretCredential: Sendable {
    let client: EntraTokenClient
    let secret: String

    func getToken(scope: String) async throws(CredentialError) -> AccessToken {
        try await client.requestToken(scope: scope, credentialFields: [("client_secret", secret)], secrets: [secret])
    }
}
