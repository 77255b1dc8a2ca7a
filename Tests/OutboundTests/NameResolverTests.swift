// Name resolution off the loop: numeric hosts, real lookups, a stuck DNS that times out, the cache.
#if canImport(Glibc)
import Glibc
#endif
import Outbound
import Posix
import Reactor
import Synchronization
import Testing

@Suite struct NameResolverTests {
    @Test func numericHostsNeedNoThread() async throws {
        let loop = try OutboundTestLoop()
        let calls = Mutex(0)
        let resolver = NameResolver(threads: 1) { _, _ in
            calls.withLock { $0 += 1 }
            return []
        }
        for host in ["127.0.0.1", "::1"] {
            let found = try await loop.run { context, done in
                context.resolve(host: host, port: 443, timeout: 1, resolver: resolver) { done(Outcome($0.map { $0.map(\.description) })) }
            }
            #expect(found == .success([host.contains(":") ? "[\(host)]:443" : "\(host):443"]))
        }
        #expect(calls.withLock { $0 } == 0)
    }

    @Test func localhostResolvesToLoopback() async throws {
        let loop = try OutboundTestLoop()
        let found = try await loop.run { context, done in
            context.resolve(host: "localhost", port: 80, timeout: 5) { done(Outcome($0.map { $0.map(\.description) })) }
        }
        guard case .success(let addresses) = found else { Issue.record("localhost: \(found)"); return }
        #expect(!addresses.isEmpty)
        #expect(addresses.allSatisfy { $0 == "127.0.0.1:80" || $0 == "[::1]:80" })
    }

    @Test func aStuckLookupTimesOutWithoutBlockingTheLoop() async throws {
        let loop = try OutboundTestLoop()
        let resolver = NameResolver(threads: 1) { _, _ in
            usleep(1_500_000)
            return []
        }
        // While the lookup hangs the loop keeps running: a timer on it still fires on time. Times are
        // taken on the loop (the test's own thread may wait for a busy concurrency pool).
        let (result, timerFired, elapsed) = try await loop.run { context, done in
            var fired = false
            let ticked = LoopTimer(context: context) { fired = true }
            ticked.schedule(after: Nanoseconds.milliseconds(50))
            let start = MonotonicClock.now()
            context.resolve(host: "slow.example", port: 443, timeout: 0.2, resolver: resolver) { result in
                done((Outcome(result.map { $0.count }), fired, Double(MonotonicClock.now() - start) / 1e9))
            }
        } as (Outcome<Int>, Bool, Double)
        #expect(timerFired)
        #expect(elapsed < 1.0)
        #expect(result.failureMessage == "cannot resolve host slow.example: no answer from DNS within 0.2 s")
    }

    @Test func lookupErrorsComeBackOnTheLoop() async throws {
        let loop = try OutboundTestLoop()
        let resolver = NameResolver(threads: 1) { host, _ in
            throw AddressResolutionError(host: host, message: "Name or service not known")
        }
        let result = try await loop.run { context, done in
            context.resolve(host: "nowhere.invalid", port: 443, timeout: 2, resolver: resolver) { result in
                done(Outcome(result.map { $0.count }))
            }
        } as Outcome<Int>
        #expect(result == .failure("cannot resolve host nowhere.invalid: Name or service not known"))
    }

    @Test func answersAreCachedPerNameAndReusedForOtherPorts() async throws {
        let loop = try OutboundTestLoop()
        let calls = Mutex(0)
        let resolver = NameResolver(threads: 1, cacheSeconds: 3600) { _, port in
            calls.withLock { $0 += 1 }
            return [SocketAddress.numeric(host: "127.0.0.1", port: port)!]
        }
        for port in [443, 8443] {
            let found = try await loop.run { context, done in
                context.resolve(host: "Cached.Example", port: port, timeout: 2, resolver: resolver) {
                    done(Outcome($0.map { $0.map(\.description) }))
                }
            } as Outcome<[String]>
            #expect(found == .success(["127.0.0.1:\(port)"]))
        }
        #expect(calls.withLock { $0 } == 1)
    }
}
