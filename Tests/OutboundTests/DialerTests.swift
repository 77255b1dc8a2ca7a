// Dialing over real loopback sockets: success, refusal, falling back to the next address, timeouts.
#if canImport(Glibc)
import Glibc
#endif
import NetworkTestSupport
import Outbound
import Posix
import Reactor
import Testing

/// A port on 127.0.0.1 where nothing listens (bound, then closed).
func closedPort() throws -> Int {
    let fd = try Socket.listen(on: SocketAddress.numeric(host: "127.0.0.1", port: 0)!, reusePort: false)
    let port = try Socket.localAddress(of: fd).port
    close(fd)
    return port
}

@Suite struct DialerTests {
    @Test func plainTCPConnects() async throws {
        let server = try ScriptedServer { _ in .close }
        let loop = try OutboundTestLoop()
        let outcome = try await loop.run { context, done in
            Dialer.dial(DialTarget(host: "127.0.0.1", port: server.port, tls: nil), context: context, timeout: 2) { result in
                done(Outcome(result.map { stream in
                    defer { stream.close(error: nil) }
                    return stream.isOpen
                }))
            }
        } as Outcome<Bool>
        #expect(outcome == .success(true))
    }

    @Test func aRefusedConnectionNamesTheTarget() async throws {
        let port = try closedPort()
        let loop = try OutboundTestLoop()
        let outcome = try await loop.run { context, done in
            Dialer.dial(DialTarget(host: "127.0.0.1", port: port, tls: nil), context: context, timeout: 2) { result in
                done(Outcome(result.map { _ in true }))
            }
        } as Outcome<Bool>
        let message = try #require(outcome.failureMessage)
        #expect(message.hasPrefix("cannot connect to 127.0.0.1:\(port): "))
        #expect(message.contains("refused"))
    }

    @Test func theNextAddressIsTriedWhenOneRefuses() async throws {
        let server = try ScriptedServer { _ in .close }
        let dead = try closedPort()
        let live = server.port
        let resolver = NameResolver(threads: 1) { _, _ in
            [SocketAddress.numeric(host: "127.0.0.1", port: dead)!, SocketAddress.numeric(host: "127.0.0.1", port: live)!]
        }
        let loop = try OutboundTestLoop()
        let outcome = try await loop.run { context, done in
            Dialer.dial(DialTarget(host: "upstream.test", port: 443, tls: nil), context: context, timeout: 2,
                        resolver: resolver) { result in
                done(Outcome(result.map { stream in
                    defer { stream.close(error: nil) }
                    return (stream as? TCPConnection)?.peer.port ?? 0
                }))
            }
        } as Outcome<Int>
        #expect(outcome == .success(live))
    }

    @Test func everyAddressRefusingReportsTheLastError() async throws {
        let first = try closedPort()
        let second = try closedPort()
        let resolver = NameResolver(threads: 1) { _, _ in
            [SocketAddress.numeric(host: "127.0.0.1", port: first)!, SocketAddress.numeric(host: "127.0.0.1", port: second)!]
        }
        let loop = try OutboundTestLoop()
        let outcome = try await loop.run { context, done in
            Dialer.dial(DialTarget(host: "upstream.test", port: 443, tls: nil), context: context, timeout: 2,
                        resolver: resolver) { done(Outcome($0.map { _ in true })) }
        } as Outcome<Bool>
        let message = try #require(outcome.failureMessage)
        #expect(message.hasPrefix("cannot connect to upstream.test:443 (127.0.0.1:\(second)): "))
    }

    @Test func aNameThatDoesNotResolveSaysSo() async throws {
        let resolver = NameResolver(threads: 1) { host, _ in
            throw AddressResolutionError(host: host, message: "Name or service not known")
        }
        let loop = try OutboundTestLoop()
        let outcome = try await loop.run { context, done in
            Dialer.dial(DialTarget(host: "nowhere.invalid", port: 443, tls: nil), context: context, timeout: 2,
                        resolver: resolver) { done(Outcome($0.map { _ in true })) }
        } as Outcome<Bool>
        #expect(outcome == .failure("cannot resolve host nowhere.invalid: Name or service not known"))
    }

    @Test func theDialDeadlineCoversAStuckResolver() async throws {
        let resolver = NameResolver(threads: 1) { _, _ in
            usleep(1_000_000)
            return []
        }
        let loop = try OutboundTestLoop()
        let (outcome, elapsed) = try await loop.run { context, done in
            let start = MonotonicClock.now()
            Dialer.dial(DialTarget(host: "slow.test", port: 443, tls: nil), context: context, timeout: 0.2,
                        resolver: resolver) { done((Outcome($0.map { _ in true }), Double(MonotonicClock.now() - start) / 1e9)) }
        } as (Outcome<Bool>, Double)
        #expect(elapsed < 0.9)
        let message = try #require(outcome.failureMessage)
        #expect(message.contains("0.2 s"))
    }

    @Test func ipv6LoopbackWhenAvailable() async throws {
        guard let server = try? ScriptedServer(host: "::1", handler: { _ in .close }) else { return }  // no IPv6 here
        let loop = try OutboundTestLoop()
        let outcome = try await loop.run { context, done in
            Dialer.dial(DialTarget(host: "::1", port: server.port, tls: nil), context: context, timeout: 2) { result in
                done(Outcome(result.map { stream in
                    defer { stream.close(error: nil) }
                    return (stream as? TCPConnection)?.peer.description ?? ""
                }))
            }
        } as Outcome<String>
        #expect(outcome == .success("[::1]:\(server.port)"))
    }
}
