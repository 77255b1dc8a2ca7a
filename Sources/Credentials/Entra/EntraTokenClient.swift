// The client-credentials grant against Entra ID's token endpoint (entra.md §2.3, §2.4, §3).

/// POSTs `grant_type=client_credentials` forms to one tenant's token endpoint.
///
/// No instance discovery: like Azure Identity's own `AadClient`, it posts straight to
/// `{authority}/{tenant}/oauth2/v2.0/token`.
struct EntraTokenClient: Sendable {
    /// The credential named in errors (`EnvironmentCredential`, `WorkloadIdentityCredential`).
    let credentialName: String
    let tokenURL: String
    let clientID: String
    let transport: any TokenHTTPTransport
    let clock: any WallClock
    var retryPolicy: RetryPolicy = .entra
    /// Per attempt.
    var timeout: Double = 15

    /// `urn:ietf:params:oauth:client-assertion-type:jwt-bearer` (RFC 7523), the assertion type for
    /// certificate and federated credentials.
    static let jwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    /// Requests a token with the secret form fields `credentialFields` (`client_secret`, or
    /// `client_assertion_type` + `client_assertion`). `secrets` are scrubbed from every error.
    func requestToken(scope: String, credentialFields: [(String, String)], secrets: [String])
        async throws(CredentialError) -> AccessToken
    {
        let fields = [("client_id", clientID)] + credentialFields
            + [("grant_type", "client_credentials"), ("scope", scope)]
        let request = TokenHTTPRequest(
            method: "POST", url: tokenURL,
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
            body: Array(FormEncoding.encode(fields).utf8), timeout: timeout)
        let requestedAt = clock.now()
        let outcome = await RetryingSender(transport: transport, clock: clock, policy: retryPolicy).send(request)
        switch outcome {
        case .transportFailure(let reason):
            throw failure("could not reach the token endpoint \(tokenURL): \(reason)", secrets)
        case .response(let response) where response.status == 200:
            switch TokenResponse.parse(response.body, requestedAt: requestedAt) {
            case .success(let token): return token
            case .failure(let problem):
                throw failure("unexpected response from Microsoft Entra ID: \(problem)", secrets)
            }
        case .response(let response):
            if let message = ErrorResponseMessage.from(response.body) {
                let status = response.status
                throw failure("Microsoft Entra ID error '\(message)' (HTTP \(status))\(hint(for: message))", secrets)
            }
            throw failure(
                "unexpected response from Microsoft Entra ID (HTTP \(response.status)) from \(tokenURL)", secrets)
        }
    }

    private func failure(_ reason: String, _ secrets: [String]) -> CredentialError {
        CredentialError.failed(credential: credentialName, reason: reason).redacting(secrets)
    }

    /// What to check for the Entra errors people hit most (AADSTS codes from the error description).
    private func hint(for message: String) -> String {
        if message.contains("AADSTS7000215") || message.contains("AADSTS7000222") {
            return ". Check the client secret (AZURE_CLIENT_SECRET): it is wrong or expired"
        }
        if message.contains("AADSTS700016") {
            return ". Check AZURE_CLIENT_ID and AZURE_TENANT_ID: the application was not found in the tenant"
        }
        if message.contains("AADSTS90002") {
            return ". Check AZURE_TENANT_ID: the tenant was not found"
        }
        if message.contains("AADSTS700027") || message.contains("AADSTS700024") {
            return ". Check the certificate: it is not registered on the application, or the clock is off"
        }
        if message.contains("AADSTS70021") || message.contains("AADSTS700213") {
            return ". Check the federated credential on the application (issuer and subject must match the "
                + "service account)"
        }
        return ""
    }
}
