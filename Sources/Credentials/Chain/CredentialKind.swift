// The credentials of the Linux DefaultAzureCredential chain, and AZURE_TOKEN_CREDENTIALS (entra.md §1.3).

/// One member of the chain, named as Azure Identity names it.
public enum CredentialKind: String, CaseIterable, Sendable {
    case environment = "EnvironmentCredential"
    case workloadIdentity = "WorkloadIdentityCredential"
    case managedIdentity = "ManagedIdentityCredential"
    case azureCli = "AzureCliCredential"
    case azureDeveloperCli = "AzureDeveloperCliCredential"

    /// `AZURE_TOKEN_CREDENTIALS=prod`: what a deployed service uses.
    public static let production: [CredentialKind] = [.environment, .workloadIdentity, .managedIdentity]
    /// `AZURE_TOKEN_CREDENTIALS=dev`: a developer's own sign-in.
    public static let developer: [CredentialKind] = [.azureCli, .azureDeveloperCli]
}

/// Which credentials the chain holds, from `AZURE_TOKEN_CREDENTIALS`.
struct CredentialSelection: Sendable, Equatable {
    let kinds: [CredentialKind]
    /// The variable's value as given (nil: unset, the whole chain).
    let value: String?

    /// Only managed identity: the operator says it is there, so no IMDS probe (as Python and JS).
    var isManagedIdentityOnly: Bool { kinds == [.managedIdentity] }

    /// `dev`, `prod` or one credential name, trimmed and case-insensitive (Python and JS normalise this
    /// way; Go's `AzureCLICredential` spelling matches too). Unset or empty: the whole chain.
    static func parse(_ value: String?) -> Result<CredentialSelection, CredentialError> {
        guard let value, !value.trimmingASCIIWhitespace().isEmpty else {
            return .success(CredentialSelection(kinds: CredentialKind.allCases, value: nil))
        }
        let normalised = value.trimmingASCIIWhitespace().lowercased()
        switch normalised {
        case "dev": return .success(CredentialSelection(kinds: CredentialKind.developer, value: value))
        case "prod": return .success(CredentialSelection(kinds: CredentialKind.production, value: value))
        default:
            if let kind = CredentialKind.allCases.first(where: { $0.rawValue.lowercased() == normalised }) {
                return .success(CredentialSelection(kinds: [kind], value: value))
            }
            let valid = (["dev", "prod"] + CredentialKind.allCases.map(\.rawValue)).joined(separator: ", ")
            return .failure(.configuration(
                "Invalid value for AZURE_TOKEN_CREDENTIALS: '\(value)'. Valid values are: \(valid) (case-insensitive), "
                    + "or leave it unset to try every credential in that order."))
        }
    }
}
