// The Entra ID authority (AZURE_AUTHORITY_HOST) and the tenant's token endpoint under it.

/// An authority host such as `https://login.microsoftonline.com`, normalised as Azure Identity for
/// Python does: a bare host gets `https://`, trailing `/` are dropped, any other scheme is refused.
struct AuthorityHost: Sendable, Equatable {
    /// Scheme and host (and port), no trailing slash.
    let url: String

    static let publicCloud = AuthorityHost(uncheckedURL: "https://login.microsoftonline.com")

    private init(uncheckedURL: String) { url = uncheckedURL }

    /// The authority from `AZURE_AUTHORITY_HOST`; the public cloud when nil.
    ///
    /// `http://` is accepted only for loopback hosts (`127.0.0.1`, `[::1]`, `localhost`), so tests can
    /// point the relay at a local fake token endpoint; a real authority must be `https://`.
    /// `AZURE_AUTHORITY_HOST` from `environment`, or the configuration error.
    static func from(_ environment: CredentialEnvironment) throws(CredentialError) -> AuthorityHost {
        try parse(environment["AZURE_AUTHORITY_HOST"]).get()
    }

    static func parse(_ raw: String?) -> Result<AuthorityHost, CredentialError> {
        guard var text = raw?.trimmingASCIIWhitespace(), !text.isEmpty else { return .success(.publicCloud) }
        while text.hasSuffix("/") { text.removeLast() }
        if !text.contains("://") { text = "https://" + text }
        let invalid = CredentialError.configuration(
            "AZURE_AUTHORITY_HOST must be an https URL such as https://login.microsoftonline.com "
                + "(got '\(raw ?? "")').")
        let lowered = text.lowercased()
        let rest: Substring
        if lowered.hasPrefix("https://") {
            rest = text.dropFirst("https://".count)
        } else if lowered.hasPrefix("http://") {
            rest = text.dropFirst("http://".count)
            let host = rest.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
            guard Self.isLoopback(host) else { return .failure(invalid) }
        } else {
            return .failure(invalid)
        }
        guard !rest.isEmpty, !rest.hasPrefix("/"), !rest.contains("?"), !rest.contains("#"), !rest.contains("@"),
            rest.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f })
        else { return .failure(invalid) }
        return .success(AuthorityHost(uncheckedURL: text))
    }

    /// `{authority}/{tenant}/oauth2/v2.0/token`; AD FS (tenant `adfs`) has no v2.0 endpoint.
    func tokenURL(tenant: String) -> String {
        Tenant.isADFS(tenant) ? "\(url)/adfs/oauth2/token" : "\(url)/\(tenant)/oauth2/v2.0/token"
    }

    private static func isLoopback(_ hostAndPort: String) -> Bool {
        let host: Substring
        if hostAndPort.hasPrefix("[") {
            host = hostAndPort.split(separator: "]", maxSplits: 1).first.map { $0.dropFirst() } ?? ""
            return host == "::1"
        }
        host = hostAndPort.split(separator: ":", maxSplits: 1).first ?? ""
        return host == "localhost" || host == "127.0.0.1"
    }
}

/// Tenant IDs go into a URL path and a command line, so they are checked first (as Azure Identity's
/// `validate_tenant_id` does).
enum Tenant {
    static func validate(_ tenant: String, variable: String = "AZURE_TENANT_ID") -> CredentialError? {
        let valid = tenant.utf8.allSatisfy {
            $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
        }
        guard !valid else { return nil }
        return .configuration(
            "\(variable) may contain only letters, digits, '-' and '.' (a tenant GUID or domain such as "
                + "contoso.onmicrosoft.com). See https://learn.microsoft.com/partner-center/find-ids-and-domain-names")
    }

    static func isADFS(_ tenant: String) -> Bool { tenant.lowercased() == "adfs" }
}
