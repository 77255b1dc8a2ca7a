// Managed identity through the Instance Metadata Service: probe once, then retry within a budget (entra.md §4.3).
import Synchronization

/// `GET {host}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=…[&client_id=…]` with
/// `Metadata: true`.
///
/// In the default chain the first request is preceded by a probe (no `Metadata` header, 1 s timeout, no
/// retry): any HTTP answer means IMDS is there, no answer means this is not an Azure host and the chain
/// moves on at once instead of waiting through retries.
final class IMDSManagedIdentity: Sendable {
    static let defaultHost = "http://169.254.169.254"
    static let path = "/metadata/identity/oauth2/token"
    static let apiVersion = "2018-02-01"

    let endpoint: String
    let clientID: String?
    let transport: any TokenHTTPTransport
    let clock: any WallClock
    let probeTimeout: Double = 1
    let requestTimeout: Double = 5
    private let needsProbe: Mutex<Bool>

    init(host: String, clientID: String?, transport: any TokenHTTPTransport, clock: any WallClock, probe: Bool) {
        var base = host.trimmingASCIIWhitespace()
        while base.hasSuffix("/") { base.removeLast() }
        if !base.contains("://") { base = "http://" + base }
        endpoint = base + Self.path
        self.clientID = clientID
        self.transport = transport
        self.clock = clock
        needsProbe = Mutex(probe)
    }

    private var credentialName: String { "ManagedIdentityCredential" }

    func request(resource: String) -> TokenHTTPRequest {
        var query = [("api-version", Self.apiVersion), ("resource", resource)]
        if let clientID { query.append(("client_id", clientID)) }
        return TokenHTTPRequest(
            method: "GET", url: endpoint + "?" + FormEncoding.encode(query), headers: [("Metadata", "true")],
            timeout: requestTimeout)
    }

    func getToken(resource: String) async throws(CredentialError) -> AccessToken {
        if needsProbe.withLock({ $0 }) {
            try await probe()
            needsProbe.withLock { $0 = false }
        }
        let requestedAt = clock.now()
        let sender = RetryingSender(transport: transport, clock: clock, policy: .imds)
        let outcome = await sender.send(request(resource: resource))
        switch outcome {
        case .transportFailure(let reason):
            throw .failed(credential: credentialName, reason: "IMDS at \(endpoint) did not answer: \(reason)")
        case .response(let response) where response.status == 200:
            switch TokenResponse.parse(response.body, requestedAt: requestedAt) {
            case .success(let token): return token
            case .failure(let problem):
                // Something answers at the IMDS address, but it is not IMDS.
                throw .unavailable(
                    credential: credentialName, reason: "unexpected response from IMDS at \(endpoint): \(problem).")
            }
        case .response(let response):
            let detail = ErrorResponseMessage.from(response.body).map { " '\($0)'" } ?? ""
            let reason = "IMDS answered HTTP \(response.status)\(detail)."
            if response.status == 400 {
                throw .unavailable(credential: credentialName, reason: reason + identityHint)
            }
            if response.status == 403, Self.isNetworkUnreachable(response) {
                throw .unavailable(credential: credentialName, reason: "Network unreachable: \(reason)")
            }
            throw .failed(credential: credentialName, reason: reason)
        }
    }

    /// A bare GET without `Metadata`: IMDS answers 400, which proves it is there.
    private func probe() async throws(CredentialError) {
        let request = TokenHTTPRequest(method: "GET", url: endpoint, headers: [], timeout: probeTimeout)
        let response: TokenHTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            throw .unavailable(
                credential: credentialName,
                reason: "No response from the IMDS endpoint \(endpoint) (\(error)): this host is not an Azure VM "
                    + "or container with a managed identity.")
        }
        if response.status == 403, Self.isNetworkUnreachable(response) {
            throw .unavailable(
                credential: credentialName,
                reason: "Network unreachable: the IMDS endpoint \(endpoint) cannot be reached from here "
                    + "(Docker Desktop answers this way).")
        }
    }

    /// Docker Desktop answers IMDS requests with 403 "A socket operation was attempted to an unreachable
    /// network/host"; every Azure Identity SDK treats that as "no managed identity here".
    private static func isNetworkUnreachable(_ response: TokenHTTPResponse) -> Bool {
        String(decoding: response.body.prefix(4096), as: UTF8.self).lowercased().contains("unreachable")
    }

    private var identityHint: String {
        if let clientID {
            return " AZURE_CLIENT_ID (\(clientID)) selects a user-assigned identity that is not assigned to this "
                + "resource; assign it, or unset AZURE_CLIENT_ID to use the system-assigned identity."
        }
        return " No managed identity is assigned to this resource; enable a system-assigned identity or set "
            + "AZURE_CLIENT_ID to a user-assigned one."
    }
}
