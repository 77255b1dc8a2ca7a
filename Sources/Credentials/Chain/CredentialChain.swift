// DefaultAzureCredential's chain: try each credential in order, stop at a real failure, stick to a success.
import Synchronization

/// Tries its credentials in order (entra.md §1.1):
/// - `unavailable` moves on to the next one;
/// - any other failure stops the chain and is reported with everything tried so far;
/// - the first credential that returns a token is used for every later request (Python, Go and .NET
///   stick; JS does not).
public final class CredentialChain: TokenCredential {
    public let credentials: [any TokenCredential]
    private let chainName: String
    /// Known secret values (client secret, certificate password, identity header…), scrubbed from every
    /// error as a second line of defence.
    private let secrets: [String]
    private let successfulIndex = Mutex<Int?>(nil)

    public init(name: String = "DefaultAzureCredential", credentials: [any TokenCredential], secrets: [String] = []) {
        self.chainName = name
        self.credentials = credentials
        self.secrets = secrets
    }

    /// "DefaultAzureCredential", then "DefaultAzureCredential (ManagedIdentityCredential)" once one has
    /// succeeded.
    public var name: String {
        selectedCredentialName.map { "\(chainName) (\($0))" } ?? chainName
    }

    /// The credential that succeeded and is now always used, if any.
    public var selectedCredentialName: String? {
        successfulIndex.withLock { $0 }.map { credentials[$0].name }
    }

    public func getToken(scope: String) async throws(CredentialError) -> AccessToken {
        if let index = successfulIndex.withLock({ $0 }) {
            do {
                return try await credentials[index].getToken(scope: scope)
            } catch {
                throw error.redacting(secrets)
            }
        }
        var attempts: [(credential: String, reason: String)] = []
        for (index, credential) in credentials.enumerated() {
            do {
                let token = try await credential.getToken(scope: scope)
                successfulIndex.withLock { $0 = $0 ?? index }
                return token
            } catch {
                switch error.redacting(secrets) {
                case .unavailable(_, let reason):
                    attempts.append((credential.name, reason))
                case .failed(_, let reason):
                    attempts.append((credential.name, "authentication failed: \(reason)"))
                    throw .chainFailed(attempts: attempts)
                case .chainFailed(let inner):
                    attempts += inner
                case .configuration(let message):
                    attempts.append((credential.name, message))
                    throw .chainFailed(attempts: attempts)
                }
            }
        }
        if attempts.isEmpty { attempts.append((chainName, "no credentials are configured")) }
        throw .chainFailed(attempts: attempts)
    }
}
