// The credentials' HTTP transport: requests run on a dedicated loop with our own HTTP client and TLS.
import Credentials
import Outbound
import Reactor
import TLS

/// Carries token requests (Entra ID, managed identity) for the `Credentials` module over the
/// relay's own HTTP/1.1 client. They run on one background loop of their own ("token-0"), so a slow
/// token endpoint never shares a thread with relayed sessions.
public final class LoopTokenTransport: TokenHTTPTransport {
    private let group: LoopGroup
    private let tls: TLSConfiguration

    public init(tls: TLSConfiguration) throws {
        self.tls = tls
        group = try LoopGroup(count: 1, threadName: "token")
        try group.start { _ in }
    }

    deinit {
        group.stop()
        group.join()
    }

    public func send(_ request: TokenHTTPRequest) async throws -> TokenHTTPResponse {
        let clientRequest = HTTPClientRequest(method: request.method, url: request.url, headers: request.headers,
                                              body: request.body, timeout: request.timeout)
        let tls = self.tls
        let response: HTTPClientResponse = try await withCheckedThrowingContinuation { continuation in
            group.loops[0].execute { context in
                HTTPClient.send(clientRequest, context: context, tls: tls) { result in
                    continuation.resume(with: result.mapError { $0 as any Error })
                }
            }
        }
        return TokenHTTPResponse(status: response.status, headers: response.headers, body: response.body)
    }
}
