// Service principal with a certificate: a freshly signed JWT assertion per token request (entra.md §2.4).

struct ClientCertificateCredential: Sendable {
    let client: EntraTokenClient
    let certificatePath: String
    let password: String?
    let sendCertificateChain: Bool
    let algorithm: ClientAssertionAlgorithm
    let clock: any WallClock

    /// PEM and PFX files are a few kilobytes; anything past this is not a certificate.
    static let maximumFileSize = 1 << 20

    func getToken(scope: String) async throws(CredentialError) -> AccessToken {
        let assertion = try makeAssertion()
        return try await client.requestToken(
            scope: scope,
            credentialFields: [("client_assertion_type", EntraTokenClient.jwtBearerAssertionType),
                               ("client_assertion", assertion)],
            secrets: [assertion] + (password.map { [$0] } ?? []))
    }

    /// Reads the file and signs a new assertion; the certificate is not kept (see ClientCertificate).
    func makeAssertion() throws(CredentialError) -> String {
        let contents: [UInt8]
        switch FileContents.read(certificatePath, limit: Self.maximumFileSize) {
        case .success(let bytes): contents = bytes
        case .failure(let error): throw failure("AZURE_CLIENT_CERTIFICATE_PATH: \(error)")
        }
        let certificate: ClientCertificate
        switch ClientCertificate.load(contents, password: password) {
        case .success(let loaded): certificate = loaded
        case .failure(let error): throw failure("AZURE_CLIENT_CERTIFICATE_PATH '\(certificatePath)': \(error)")
        }
        switch ClientAssertion.make(
            certificate: certificate, clientID: client.clientID, audience: client.tokenURL, now: clock.now(),
            algorithm: algorithm, includeChain: sendCertificateChain)
        {
        case .success(let assertion): return assertion
        case .failure(let error): throw failure(error.message)
        }
    }

    private func failure(_ reason: String) -> CredentialError {
        CredentialError.failed(credential: client.credentialName, reason: reason).redacting(password.map { [$0] } ?? [])
    }
}
