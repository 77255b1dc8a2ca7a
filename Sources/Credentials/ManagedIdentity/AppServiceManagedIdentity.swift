// Managed identity on App Service, Functions and Container Apps: the local identity endpoint (entra.md §4.2).

/// `GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=…[&client_id=…]` with `X-IDENTITY-HEADER`.
/// The response carries `expires_on` as a string of Unix seconds.
struct AppServiceManagedIdentity: Sendable {
    static let apiVersion = "2019-08-01"

    let endpoint: String
    /// `IDENTITY_HEADER`: a per-instance secret that proves the request comes from inside the app.
    let secretHeader: String
    let clientID: String?
    let transport: any TokenHTTPTransport
    let clock: any WallClock
    var timeout: Double = 10

    private var credentialName: String { "ManagedIdentityCredential" }

    func request(resource: String) -> TokenHTTPRequest {
        var query = [("api-version", Self.apiVersion), ("resource", resource)]
        if let clientID { query.append(("client_id", clientID)) }
        let separator = endpoint.contains("?") ? "&" : "?"
        return TokenHTTPRequest(
            method: "GET", url: endpoint + separator + FormEncoding.encode(query),
            // MSAL sends Metadata too: "unnecessary yet harmless for App Service".
            headers: [("X-IDENTITY-HEADER", secretHeader), ("Metadata", "true")], timeout: timeout)
    }

    func getToken(resource: String) async throws(CredentialError) -> AccessToken {
        let requestedAt = clock.now()
        let outcome = await RetryingSender(transport: transport, clock: clock, policy: .appService)
            .send(request(resource: resource))
        let secrets = [secretHeader]
        switch outcome {
        case .transportFailure(let reason):
            throw CredentialError.failed(
                credential: credentialName,
                reason: "App Service managed identity endpoint \(endpoint) did not answer: \(reason)"
            ).redacting(secrets)
        case .response(let response) where response.status == 200:
            switch TokenResponse.parse(response.body, requestedAt: requestedAt) {
            case .success(let token): return token
            case .failure(let problem):
                throw CredentialError.failed(
                    credential: credentialName,
                    reason: "unexpected response from the App Service managed identity endpoint: \(problem)")
            }
        case .response(let response):
            let detail = ErrorResponseMessage.from(response.body).map { " '\($0)'" } ?? ""
            let reason = "App Service managed identity endpoint answered HTTP \(response.status)\(detail)."
            // A 400 means no such identity here (Azure Identity treats it as unavailable in the chain).
            if response.status == 400 {
                throw CredentialError.unavailable(credential: credentialName, reason: reason + identityHint)
                    .redacting(secrets)
            }
            throw CredentialError.failed(credential: credentialName, reason: reason).redacting(secrets)
        }
    }

    private var identityHint: String {
        if let clientID {
            return " AZURE_CLIENT_ID (\(clientID)) selects a user-assigned identity; check it is assigned to the app, "
                + "or unset AZURE_CLIENT_ID to use the system-assigned identity."
        }
        return " Check that the app has a system-assigned identity, or set AZURE_CLIENT_ID to a user-assigned one."
    }
}
