// swift-tools-version: 6.2
// realtime-relay: a browser <-> Azure OpenAI realtime relay on its own epoll server (no SwiftNIO).
import PackageDescription

// Release builds drop the runtime exclusivity checks: in the forwarding path every access to a
// class's stored property (connection state, output queue, chunk offsets) called swift_beginAccess,
// about 80 calls and a fifth of the relay's user-space instructions per relayed round trip (callgrind,
// docs/benchmarks.md). Debug builds, and so the tests, keep them: a conflicting access still traps there.
let release: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")] + release

let package = Package(
    name: "realtime-relay",
    products: [
        .executable(name: "realtime-relay", targets: ["RelayCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C: Linux headers Glibc's module map lacks, and the two system libraries.
        .target(name: "CLinux"),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Pure building blocks: no I/O.
        .target(name: "Buffers", swiftSettings: strict),
        .target(name: "HTTP", swiftSettings: strict),
        .target(name: "JSON", swiftSettings: strict),
        // RFC 6455 codec, handshake and permessage-deflate: pure, no sockets.
        .target(name: "WebSocket", dependencies: ["Buffers", "HTTP", "CZlib", "COpenSSL"], swiftSettings: strict),

        // I/O: syscalls, then the thread-per-core epoll reactor.
        .target(name: "Posix", dependencies: ["CLinux"], swiftSettings: strict),
        .target(name: "Reactor", dependencies: ["Posix", "Buffers", "CLinux"], swiftSettings: strict),
        // TLS (OpenSSL) as a ByteStream over a TCPConnection: client and server, sans-I/O engine.
        .target(name: "TLS", dependencies: ["Reactor", "Posix", "Buffers", "COpenSSL"], swiftSettings: strict),
        // WebSocket connections on the reactor: both roles, keepalive, close handshake, client connector.
        .target(name: "WebSocketIO", dependencies: ["WebSocket", "Reactor", "HTTP", "Buffers", "Posix"], swiftSettings: strict),

        // Microsoft Entra ID tokens the way DefaultAzureCredential gets them, and the API-key alternative.
        .target(name: "Credentials", dependencies: ["JSON", "COpenSSL", "Posix"], swiftSettings: strict),
        // Outgoing connections: resolver threads, dialing (TCP or TLS), a one-shot HTTP/1.1 client.
        .target(name: "Outbound", dependencies: ["Reactor", "Posix", "HTTP", "TLS", "CLinux"], swiftSettings: strict),
        // The Azure OpenAI upstream: realtime URLs, credentials on the wire, opening sessions.
        .target(
            name: "Upstream",
            dependencies: ["Outbound", "Credentials", "TLS", "JSON", "Reactor", "Posix", "HTTP", "WebSocket", "WebSocketIO",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),

        // The HTTP server: connections, routes, static files, health, metrics.
        .target(
            name: "Server",
            dependencies: ["Reactor", "HTTP", "Buffers", "Posix", "WebSocket", "WebSocketIO",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),

        // The relay: browser/SDK sessions bridged to the upstream, instructions injected and hidden.
        .target(
            name: "Relay",
            dependencies: ["Server", "Upstream", "FrameLog", "JSON", "WebSocket", "WebSocketIO", "Reactor", "HTTP", "Posix",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),

        // The built-in upstream (`serve --simulator`): Azure's GA realtime protocol, in process.
        .target(name: "Simulator", dependencies: ["Server", "WebSocketIO", "WebSocket", "JSON", "Reactor", "Posix", "HTTP", .product(name: "Logging", package: "swift-log")], swiftSettings: strict),

        // The frame log: one JSON Lines file per session, written off the loops by one writer thread.
        .target(name: "FrameLog", dependencies: ["Reactor", "Posix", "JSON", "CZlib", .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        // Reading frame logs back: summary, audio, HAR export (the `replay` subcommands' engines).
        .target(name: "Replay", dependencies: ["FrameLog", "JSON", "CZlib", "Posix"], swiftSettings: strict),

        // The log viewer's HTTP API (`serve --log-viewer`): session logs listed and served behind a Bearer token.
        .target(name: "LogViewer", dependencies: ["FrameLog", "Server", "HTTP", "JSON", "Posix"], swiftSettings: strict),

        // `replay serve` / `serve --upstream-replay`: an upstream that plays a recorded session again.
        .target(name: "ReplayUpstream", dependencies: ["Replay", "FrameLog", "Server", "WebSocketIO", "WebSocket", "Reactor", "HTTP", "Posix",
                                                       .product(name: "Logging", package: "swift-log")], swiftSettings: strict),

        // The `realtime-relay` binary.
        .executableTarget(
            name: "RelayCLI",
            dependencies: [
                "Server", "Reactor", "Posix", "WebSocket", "WebSocketIO", "Upstream", "Outbound", "Credentials", "TLS", "JSON",
                "Relay", "Simulator", "FrameLog", "Replay", "ReplayUpstream", "LogViewer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        // Tests mirror the sources; TestSupport holds socket clients and process helpers.
        .target(name: "TestSupport", dependencies: ["Posix"], path: "Tests/TestSupport", swiftSettings: strict),
        .target(
            name: "NetworkTestSupport",
            dependencies: ["Reactor", "Posix", "HTTP", "TLS", "WebSocket", "WebSocketIO", "TestSupport",
                           .product(name: "Logging", package: "swift-log")],
            path: "Tests/NetworkTestSupport", swiftSettings: strict),
        .testTarget(
            name: "OutboundTests",
            dependencies: ["Outbound", "TLS", "Reactor", "Posix", "HTTP", "TestSupport", "NetworkTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "UpstreamTests",
            dependencies: ["Upstream", "Outbound", "Credentials", "TLS", "JSON", "Reactor", "Posix", "WebSocket", "WebSocketIO",
                           "TestSupport", "NetworkTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .testTarget(
            name: "RelayTests",
            dependencies: ["Relay", "Server", "Upstream", "FrameLog", "TLS", "JSON", "WebSocket", "WebSocketIO", "TestSupport",
                           "NetworkTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .testTarget(name: "SimulatorTests", dependencies: ["Buffers", "Simulator", "JSON", "Posix", "Reactor", "WebSocket", "WebSocketIO", "TestSupport", .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        .testTarget(name: "FrameLogTests", dependencies: ["Buffers", "FrameLog", "JSON", "Reactor", "Posix", "CZlib", "TestSupport", .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        .testTarget(name: "ReplayTests", dependencies: ["Buffers", "Replay", "FrameLog", "JSON", "CZlib", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "ReplayUpstreamTests", dependencies: ["ReplayUpstream", "Replay", "FrameLog", "JSON", "TestSupport",
                                                                .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        .testTarget(
            name: "LogViewerTests",
            dependencies: ["LogViewer", "Server", "HTTP", "JSON", "CZlib", "TestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .testTarget(name: "BuffersTests", dependencies: ["Buffers"], swiftSettings: strict),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP"], swiftSettings: strict),
        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: strict),
        .testTarget(name: "CredentialsTests", dependencies: ["Credentials", "JSON", "COpenSSL"], swiftSettings: strict),
        .testTarget(name: "WebSocketTests", dependencies: ["WebSocket", "Buffers", "HTTP"], swiftSettings: strict),
        .testTarget(
            name: "WebSocketIOTests",
            dependencies: ["WebSocketIO", "WebSocket", "Server", "Reactor", "Posix", "HTTP", "TestSupport",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .testTarget(name: "ReactorTests", dependencies: ["Reactor", "Posix", "Buffers", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "TLSTests", dependencies: ["TLS", "Reactor", "Posix", "Buffers", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "ServerTests",
            dependencies: ["Server", "Reactor", "HTTP", "TestSupport", "COpenSSL", "CZlib",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .testTarget(
            name: "RelayCLITests",
            dependencies: ["RelayCLI", "TestSupport", "NetworkTestSupport", "TLS", "Posix",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
    ]
)
