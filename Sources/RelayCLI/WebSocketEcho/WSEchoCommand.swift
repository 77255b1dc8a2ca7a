// `realtime-relay ws-echo`: an echo server on our WebSocket engine, the testee for Autobahn's fuzzing client.
import ArgumentParser
import Logging
import Reactor
import Server

struct WSEchoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ws-echo",
        abstract: "Run a WebSocket echo server on this project's engine (conformance testee).",
        discussion: """
            Every path accepts a WebSocket upgrade (permessage-deflate offered) and echoes each message back. \
            Point the Autobahn TestSuite's fuzzing client at it, e.g. `kosoku -m fuzzingclient 127.0.0.1:9001`.
            """)

    @Option(help: "TCP port to listen on.")
    var port = 9001

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Largest message accepted (larger: close 1009).")
    var maxMessageBytes = 16 * 1024 * 1024

    @Flag(help: "Do not offer permessage-deflate.")
    var noDeflate = false

    @Option(help: ArgumentHelp("Log line format.", valueName: "text|json"))
    var logFormat = "text"

    func run() throws {
        bootstrapLogging(format: LogFormat(rawValue: logFormat) ?? .text, level: .info)
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.threads = 1
        configuration.publicDirectory = nil
        configuration.logger = Logger(label: "ws-echo")
        configuration.webSocket.codec.maxMessageBytes = maxMessageBytes
        configuration.webSocket.codec.maxFrameBytes = maxMessageBytes
        configuration.webSocketService = EchoService()
        // Compress every message: conformance suites expect the testee to use what it negotiated.
        configuration.webSocketDeflate.threshold = 0
        if noDeflate { configuration.webSocketDeflate = .disabled }
        SignalWatcher.blockTerminationSignals()
        let server = try HTTPServer(configuration: configuration)
        try server.start(handleSignals: true)
        server.waitUntilStopped()
    }
}
