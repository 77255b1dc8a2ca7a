// `realtime-relay doctor`: configuration, credential, DNS, TCP/TLS, upgrade and first event, step by step.
#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Credentials
import Outbound
import Posix
import Reactor
import TLS
import Upstream
import WebSocket

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the upstream configuration, the credential and the Azure handshake, step by step.",
        discussion: """
            Reads the same environment as `serve` (AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_DEPLOYMENT_NAME, \
            OPENAI_API_VERSION, AZURE_OPENAI_API_KEY or the Microsoft Entra ID variables, SSL_CERT_FILE, \
            SSL_CERT_DIR), then: gets a credential, resolves the host, connects with TLS, performs the \
            realtime WebSocket handshake and waits for Azure's session.created. Each step prints what it \
            found and how long it took; the first failure says what to do. Exits 0 only when every step \
            passed. Never prints a key or a token.
            """)

    @Option(help: "Deployment to check. [default: $AZURE_OPENAI_DEPLOYMENT_NAME, else gpt-realtime]")
    var deployment: String?

    @Option(help: "Seconds each network step may take.")
    var timeout = 10.0

    func validate() throws {
        if timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    /// The command stays synchronous (so `serve` can block termination signals before any thread
    /// exists); the checks run as a task while this thread waits for them.
    func run() throws {
        let outcome = BlockingWait.run { () async throws -> Void in try await self.check() }
        try outcome.get()
    }

    private func check() async throws {
        var report = DoctorReport()
        report.header("realtime-relay doctor: checking the upstream step by step")
        let steps = ["credential", "DNS", "connect", "WebSocket upgrade", "first event"]

        // 1. Configuration.
        let upstream: UpstreamConfiguration
        do {
            let tls = try TLSConfiguration.client()
            let transport = try LoopTokenTransport(tls: tls)
            upstream = try UpstreamConfiguration.fromEnvironment(.process(), tls: tls, transport: transport)
        } catch {
            report.record(.failed, "configuration", "\(error)")
            return try finish(report, skipping: steps)
        }
        let deployment = self.deployment ?? upstream.deployment
        let url = upstream.realtimeURL(deployment: deployment)
        report.record(.ok, "configuration", "endpoint \(upstream.endpoint), deployment \(deployment)", details: [
            upstream.endpoint.isGA ? "GA protocol (OPENAI_API_VERSION is unset)"
                : "preview protocol, api-version \(upstream.endpoint.apiVersion ?? "")",
            "upstream \(url)",
            "credential: \(upstream.credential)",
        ])

        // 2. Credential.
        let credentialStart = MonotonicClock.now()
        let field: (name: String, value: String)
        do {
            field = try await upstream.credential.headerField()
            var summary = "\(upstream.credential)"
            if case .entra(let provider) = upstream.credential, let token = provider.currentToken() {
                let minutes = (token.expiresOn - Int64(time(nil))) / 60
                summary = "token from \(provider.credentialName), expires in \(minutes) min"
            }
            report.record(.ok, "credential", summary, seconds: elapsed(since: credentialStart))
        } catch {
            report.record(.failed, "credential", "\(error)", seconds: elapsed(since: credentialStart))
            return try finish(report, skipping: Array(steps.dropFirst()))
        }

        // 3. DNS.
        let handshake: WebSocketClientHandshake
        do {
            handshake = try upstream.handshake(deployment: deployment, credentialField: field, sessionID: "doctor")
        } catch {
            report.record(.failed, "DNS", "cannot build the request: \(error)")
            return try finish(report, skipping: Array(steps.dropFirst(2)))
        }
        // 3-6 run on a loop of our own, with the relay's resolver, dialer and connector.
        let group = try LoopGroup(count: 1, threadName: "doctor")
        try group.start { _ in }
        defer {
            group.loops[0].execute { DoctorProbe.of($0).close() }
            group.stop()
            group.join()
        }
        let loop = group.loops[0]
        let host = handshake.url.host
        let port = handshake.url.port
        let timeout = self.timeout
        let dnsStart = MonotonicClock.now()
        let resolved: DoctorLookup = await loop.run { context, done in
            context.resolve(host: host, port: port, timeout: timeout) { result in
                switch result {
                case .success(let addresses): done(.found(addresses))
                case .failure(let error): done(.failed("\(error)"))
                }
            }
        }
        switch resolved {
        case .found(let addresses):
            report.record(.ok, "DNS", "\(host) -> " + addresses.map { "\($0)" }.joined(separator: ", "),
                          seconds: elapsed(since: dnsStart))
        case .failed(let message):
            report.record(.failed, "DNS", message, details: ["check AZURE_OPENAI_ENDPOINT and this machine's DNS"],
                          seconds: elapsed(since: dnsStart))
            return try finish(report, skipping: Array(steps.dropFirst(3)))
        }

        let target = DialTarget(host: host, port: port, tls: handshake.url.isSecure ? upstream.tls : nil)
        let connected = await loop.run { context, done in
            DoctorProbe.of(context).connect(target, context: context, timeout: timeout, done: done)
        }
        report.record(connected.ok ? .ok : .failed, "connect", connected.summary, details: connected.details,
                      seconds: connected.seconds)
        guard connected.ok else { return try finish(report, skipping: Array(steps.dropFirst(4))) }

        let upgraded = await loop.run { context, done in
            DoctorProbe.of(context).upgrade(handshake, timeout: timeout, context: context, done: done)
        }
        report.record(upgraded.ok ? .ok : .failed, "WebSocket upgrade", upgraded.summary, details: upgraded.details,
                      seconds: upgraded.seconds)
        guard upgraded.ok else { return try finish(report, skipping: ["first event"]) }

        let first = await loop.run { context, done in
            DoctorProbe.of(context).awaitFirstEvent(timeout: timeout, context: context, done: done)
        }
        report.record(first.ok ? .ok : .failed, "first event", first.summary, details: first.details, seconds: first.seconds)
        try finish(report, skipping: [])
    }

    private func finish(_ report: DoctorReport, skipping skipped: [String]) throws {
        var report = report
        for step in skipped { report.record(.skipped, step, "skipped") }
        if report.failures == 0 {
            report.header("All \(report.passed) checks passed: the relay can open realtime sessions.")
        } else {
            report.header("A check failed; fix it (see above) and run `realtime-relay doctor` again.")
            throw ExitCode(1)
        }
    }

    private func elapsed(since start: UInt64) -> Double { Double(MonotonicClock.now() &- start) / 1e9 }
}

/// The DNS step's answer, carried from the loop to the command.
enum DoctorLookup: Sendable {
    case found([SocketAddress])
    case failed(String)
}
