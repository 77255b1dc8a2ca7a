// Who the client is behind a reverse proxy: addresses, CIDR blocks, Forwarded and X-Forwarded-For.
import HTTP
@testable import Relay
import Testing

@Suite struct ForwardedClientTests {
    private func head(_ fields: [(String, String)]) -> HTTPRequestHead {
        HTTPRequestHead(method: .get, target: "/realtime", path: "/realtime", query: nil, version: .http1_1,
                        headers: HTTPHeaders(fields.map { (name: $0.0, value: $0.1) }), bodyFraming: .none, keepAlive: true)
    }

    private let proxies = try! TrustedProxies.parse("10.0.0.0/8, 127.0.0.1, fd00::/8")

    @Test func blocksContainWhatTheySay() throws {
        let block = try #require(CIDRBlock("10.1.0.0/16"))
        #expect(block.contains(IPAddress("10.1.200.3")!))
        #expect(!block.contains(IPAddress("10.2.0.1")!))
        #expect(!block.contains(IPAddress("::1")!), "families never match")
        #expect(CIDRBlock("192.168.1.7/33") == nil)
        #expect(CIDRBlock("example.com") == nil)
        #expect(CIDRBlock("0.0.0.0/0")!.contains(IPAddress("203.0.113.9")!))
        #expect(CIDRBlock("2001:db8::/32")!.contains(IPAddress("2001:db8:ffff::1")!))
        #expect(CIDRBlock("::ffff:10.0.0.0/104")!.contains(IPAddress("10.9.9.9")!), "IPv4-mapped blocks are IPv4")
        #expect(IPAddress("::ffff:127.0.0.1")!.description == "127.0.0.1", "dual-stack peers count as IPv4")
        #expect(CIDRBlock("10.0.0.0/7")!.contains(IPAddress("11.255.0.1")!), "prefix inside a byte")
        #expect(!CIDRBlock("10.0.0.0/7")!.contains(IPAddress("12.0.0.1")!))
    }

    @Test func aBadListNamesTheItem() {
        #expect(throws: TrustedProxiesError.self) { try TrustedProxies.parse("10.0.0.0/8, proxy.internal") }
        do {
            _ = try TrustedProxies.parse("10.0.0.0/8,proxy.internal")
        } catch {
            #expect(error.description.contains("\"proxy.internal\""))
        }
    }

    @Test func forwardingFieldsFromAnUntrustedPeerAreIgnored() {
        let client = ForwardedClient.resolve(peer: IPAddress("198.51.100.7"), peerText: "198.51.100.7",
                                             head: head([("X-Forwarded-For", "1.2.3.4"), ("X-Forwarded-Proto", "https")]),
                                             trusted: proxies)
        #expect(client == ForwardedClient(address: "198.51.100.7", scheme: nil, viaProxy: false))
        let noList = ForwardedClient.resolve(peer: IPAddress("10.0.0.2"), peerText: "10.0.0.2",
                                             head: head([("X-Forwarded-For", "1.2.3.4")]), trusted: TrustedProxies())
        #expect(noList.address == "10.0.0.2", "without --trusted-proxies nobody is believed")
    }

    @Test func xForwardedForIsWalkedFromTheRightPastTrustedHops() {
        // The client forged the first entry; the trusted proxies appended the rest.
        let client = ForwardedClient.resolve(peer: IPAddress("10.0.0.2"), peerText: "10.0.0.2",
                                             head: head([("X-Forwarded-For", "6.6.6.6, 203.0.113.5"),
                                                         ("X-Forwarded-For", "10.0.0.9"),
                                                         ("X-Forwarded-Proto", "https")]),
                                             trusted: proxies)
        #expect(client == ForwardedClient(address: "203.0.113.5", scheme: "https", viaProxy: true))
    }

    @Test func forwardedCountsWithoutXForwardedForAndPortsAndQuotesAreStripped() {
        let client = ForwardedClient.resolve(peer: IPAddress("127.0.0.1"), peerText: "127.0.0.1",
                                             head: head([("Forwarded", #"for="[2001:db8:cafe::17]:4711";proto=https;by=10.0.0.1"#)]),
                                             trusted: proxies)
        #expect(client == ForwardedClient(address: "2001:db8:cafe::17", scheme: "https", viaProxy: true))
        let v4 = ForwardedClient.resolve(peer: IPAddress("127.0.0.1"), peerText: "127.0.0.1",
                                         head: head([("Forwarded", "for=192.0.2.60:5000;proto=http")]), trusted: proxies)
        #expect(v4 == ForwardedClient(address: "192.0.2.60", scheme: "http", viaProxy: true))
    }

    /// nginx appends to X-Forwarded-For and passes a client's own `Forwarded` through untouched: the
    /// field the proxy maintains wins, so a forged `Forwarded` is not believed.
    @Test func aClientsOwnForwardedDoesNotBeatTheProxysXForwardedFor() {
        let client = ForwardedClient.resolve(peer: IPAddress("127.0.0.1"), peerText: "127.0.0.1",
                                             head: head([("Forwarded", "for=6.6.6.6;proto=https"),
                                                         ("X-Forwarded-For", "198.51.100.4"), ("X-Forwarded-Proto", "http")]),
                                             trusted: proxies)
        #expect(client == ForwardedClient(address: "198.51.100.4", scheme: "http", viaProxy: true))
    }

    @Test func aMalformedHopStopsTheWalkAtTheLastGoodAddress() {
        let client = ForwardedClient.resolve(peer: IPAddress("10.0.0.2"), peerText: "10.0.0.2",
                                             head: head([("X-Forwarded-For", "203.0.113.5, unknown")]), trusted: proxies)
        #expect(client.address == "10.0.0.2")
        let obfuscated = ForwardedClient.resolve(peer: IPAddress("10.0.0.2"), peerText: "10.0.0.2",
                                                 head: head([("Forwarded", "for=_hidden, for=203.0.113.8")]), trusted: proxies)
        #expect(obfuscated.address == "203.0.113.8")
    }
}
