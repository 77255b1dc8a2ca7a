// Why a credential gave no token: unavailable (the chain moves on), failed (the chain stops), or misconfigured.

/// The failure of a credential, a chain of credentials, or the configuration that selects them.
///
/// Every message is meant for the person running the relay: it says what was tried and what to change.
/// No case ever carries a secret (client secret, client assertion, token, API key, certificate
/// password); credentials redact them before building a reason.
public enum CredentialError: Error, Sendable, CustomStringConvertible {
    /// The credential could not even try: its configuration or environment is absent (Azure Identity's
    /// `CredentialUnavailableError`). A chain moves on to its next credential.
    case unavailable(credential: String, reason: String)
    /// The credential tried and failed (Azure Identity's `ClientAuthenticationError`). A chain stops here.
    case failed(credential: String, reason: String)
    /// Every credential of the chain was tried; each attempt's reason, in order. A failure (as opposed to
    /// "unavailable") ends the list and reads "authentication failed: …".
    case chainFailed(attempts: [(credential: String, reason: String)])
    /// The configuration is invalid (for example an unknown `AZURE_TOKEN_CREDENTIALS` value); found at
    /// start-up, before any request.
    case configuration(String)

    /// True for `.unavailable`: a chain may try the next credential.
    public var isUnavailable: Bool {
        if case .unavailable = self { return true }
        return false
    }

    /// The credential the error is about, when it is about one.
    public var credentialName: String? {
        switch self {
        case .unavailable(let credential, _), .failed(let credential, _): credential
        case .chainFailed, .configuration: nil
        }
    }

    /// The reason without the credential's name.
    public var reason: String {
        switch self {
        case .unavailable(_, let reason), .failed(_, let reason): reason
        case .chainFailed: description
        case .configuration(let message): message
        }
    }

    public var description: String {
        switch self {
        case .unavailable(let credential, let reason):
            return "\(credential) authentication unavailable. \(reason)"
        case .failed(let credential, let reason):
            return "\(credential) authentication failed: \(reason)"
        case .chainFailed(let attempts):
            var lines = ["DefaultAzureCredential failed to retrieve a token from the included credentials."]
            lines.append("Attempted credentials:")
            for attempt in attempts { lines.append("\t\(attempt.credential): \(attempt.reason)") }
            lines.append("Set AZURE_OPENAI_API_KEY, or fix one of the credentials above "
                + "(run `realtime-relay doctor` to check the configuration). Troubleshooting: "
                + "https://aka.ms/azsdk/python/identity/defaultazurecredential/troubleshoot")
            return lines.joined(separator: "\n")
        case .configuration(let message):
            return message
        }
    }

    /// The same error with every secret in `secrets` (and anything shaped like a JWT) replaced by `***`.
    func redacting(_ secrets: [String]) -> CredentialError {
        switch self {
        case .unavailable(let credential, let reason):
            .unavailable(credential: credential, reason: SecretRedaction.redact(reason, secrets: secrets))
        case .failed(let credential, let reason):
            .failed(credential: credential, reason: SecretRedaction.redact(reason, secrets: secrets))
        case .chainFailed(let attempts):
            .chainFailed(
                attempts: attempts.map { ($0.credential, SecretRedaction.redact($0.reason, secrets: secrets)) })
        case .configuration(let message):
            .configuration(SecretRedaction.redact(message, secrets: secrets))
        }
    }
}
