// `realtime-relay ws-echo-client URL`: our client engine against an Autobahn fuzzing server.
import ArgumentParser
import Logging
import Posix
import Reactor
import Synchronization
import WebSocket
import WebSocketIO

struct WSEchoClientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ws-echo-client",
        abstract: "Run the Autobahn TestSuite client protocol against a fuzzing server (conformance testee).",
        discussion: """
            Asks URL/getCaseCount, then runs every case (URL/runCase?case=N&agent=AGENT) echoing each message \
            back, then asks the server to write its reports (URL/updateReports?agent=AGENT). Start the server \
            with e.g. `kosoku -m fuzzingserver 127.0.0.1:9001`.
            """)

    @Argument(help: "The fuzzing server, e.g. ws://127.0.0.1:9001")
    var url: String

    @Option(help: "Agent name the reports are filed under.")
    var agent = "realtime-relay"

    @Option(help: "Largest message accepted (larger: close 1009).")
    var maxMessageBytes = 16 * 1024 * 1024

    @Flag(help: "Do not offer permessage-deflate.")
    var noDeflate = false

    func run() throws {
        bootstrapLogging(format: .text, level: .info)
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        // Resolve once, up front: the fuzzing server's host does not change between cases.
        let probe = try WebSocketClientHandshake(url: base + "/getCaseCount")
        guard let address = try SocketAddress.resolve(host: probe.url.host, port: probe.url.port, passive: false).first else {
            throw ValidationError("cannot resolve \(probe.url.host)")
        }
        var configuration = WebSocketConnectionConfiguration()
        configuration.codec.maxMessageBytes = maxMessageBytes
        configuration.codec.maxFrameBytes = maxMessageBytes
        // Compress every message, and offer client_no_context_takeover: a promise we keep (RFC 7692
        // §7.1.1.2), which lets the fuzzing server's cases that ask for it accept the offer.
        let deflate = noDeflate ? .disabled : PerMessageDeflateConfiguration(clientNoContextTakeover: true, threshold: 0)
        let settings = AutobahnClientDriver.Settings(base: base, agent: agent, address: address,
                                                     configuration: configuration,
                                                     deflate: deflate)
        let outcome = Mutex<String?>(nil)
        let group = try LoopGroup(count: 1)
        try group.start { context in
            let driver = AutobahnClientDriver(settings: settings, context: context) { failure in
                outcome.withLock { $0 = failure }
                context.loop.execute { $0.stop() }
            }
            context.setAttachment(driver, for: AutobahnClientDriver.self)
            driver.start()
        }
        group.join()
        if let failure = outcome.withLock({ $0 }), !failure.isEmpty {
            throw ValidationError(failure)
        }
    }
}
