// Building the upstream from the environment for `serve`: credential warm-up and readiness.
import Credentials
import Logging
import TLS
import Upstream

/// A configuration problem that stops `serve` before it listens, printed as one line.
struct StartupError: Error, CustomStringConvertible {
    let description: String
}

enum UpstreamSetup {
    /// The upstream for `serve` from the environment. Entra ID tokens start being fetched (and kept
    /// fresh) now, so the first session does not wait and /readyz turns 200 once one is cached.
    static func fromEnvironment(logger: Logger) throws -> UpstreamConfiguration {
        do {
            let tls = try TLSConfiguration.client()
            let transport = try LoopTokenTransport(tls: tls)
            let upstream = try UpstreamConfiguration.fromEnvironment(.process(), tls: tls, transport: transport)
            if case .entra(let provider) = upstream.credential { provider.startBackgroundRefresh() }
            logger.info("upstream configured", metadata: [
                "url": "\(upstream.realtimeURL())",
                "protocol": "\(upstream.endpoint.isGA ? "GA" : "preview \(upstream.endpoint.apiVersion ?? "")")",
                "credential": "\(upstream.credential)",
            ])
            return upstream
        } catch let error as UpstreamConfigurationError {
            throw StartupError(description: "\(error)")
        } catch {
            throw StartupError(description: "cannot set up the upstream: \(error)")
        }
    }
}

extension UpstreamSetup {
    /// The upstream for `--simulator`: the in-process simulator's loopback endpoint, a placeholder key;
    /// `OPENAI_API_VERSION` selects the preview protocol there as it does for Azure.
    static func simulated(endpoint: String) throws -> UpstreamConfiguration {
        let deployment = environment("AZURE_OPENAI_DEPLOYMENT_NAME") ?? UpstreamConfiguration.defaultDeployment
        let apiVersion = environment("OPENAI_API_VERSION").flatMap { $0.isEmpty ? nil : $0 }
        return UpstreamConfiguration(endpoint: try AzureRealtimeEndpoint(endpoint: endpoint, apiVersion: apiVersion),
                                     deployment: deployment, credential: .apiKey("simulator"),
                                     tls: try TLSConfiguration.client())
    }
}

extension UpstreamConfiguration {
    /// Why no session can open right now, for /readyz: nil with an API key, or once an Entra ID
    /// token is cached. Cheap and non-blocking (reads the provider's cached state).
    var readinessProblem: String? {
        guard case .entra(let provider) = credential, !provider.isReady else { return nil }
        if let error = provider.lastError { return "no Entra ID token: \(error)" }
        return "waiting for the first Entra ID token"
    }
}
