// Two TLS engines wired back to back, no sockets: ciphertext fed in pieces of any size, even one byte.
import Testing
import TestSupport
@testable import TLS

@Suite struct TLSEngineTests {
    @Test(arguments: [1, 7, 1000, 1 << 20])
    func handshakeAndDataSurviveAnyFeedingGranularity(step: Int) throws {
        let pair = try EnginePair()
        try pair.handshake(step: step)
        #expect(pair.client.protocolVersion == "TLSv1.3")
        #expect(pair.client.negotiatedALPN == "http/1.1")
        #expect(pair.server.receivedServerName == "localhost")

        let message = Array(String(repeating: "through two engines, no sockets; ", count: 2000).utf8)  // ~66 KB: 5 records
        message.withUnsafeBytes { bytes in
            if case .wrote(let count) = pair.client.write(bytes) { #expect(count == bytes.count) } else { Issue.record("write failed") }
        }
        #expect(pair.read(pair.server, from: \.toServer, step: step) == message)

        let reply = Array("and back".utf8)
        reply.withUnsafeBytes { _ = pair.server.write($0) }
        #expect(pair.read(pair.client, from: \.toClient, step: step) == reply)
    }

    @Test func closeNotifyIsReportedAfterTheDataBeforeIt() throws {
        let pair = try EnginePair()
        try pair.handshake(step: 1 << 20)
        Array("bye".utf8).withUnsafeBytes { _ = pair.server.write($0) }
        pair.server.shutdown()
        var ended = false
        #expect(pair.read(pair.client, from: \.toClient, step: 3) { ended = true } == Array("bye".utf8))
        #expect(ended)
    }
}

/// A client and a server engine whose outputs are each other's inputs.
final class EnginePair {
    let client: TLSEngine
    let server: TLSEngine
    var toServer: [UInt8] = []
    var toClient: [UInt8] = []

    init() throws {
        let certificates = try TestCertificates.shared()
        client = TLSEngine(configuration: try TLSConfiguration.client(trust: .caFile(certificates.caFile)))
        try client.expect(serverName: "localhost")
        server = TLSEngine(configuration: try TLSConfiguration.server(
            certificateChainFile: certificates.localhost.certificateFile, privateKeyFile: certificates.localhost.privateKeyFile))
        client.output = { [unowned self] in toServer += $0 }
        server.output = { [unowned self] in toClient += $0 }
    }

    /// Runs both handshakes, delivering at most `step` ciphertext bytes per call.
    func handshake(step: Int) throws {
        var clientDone = false, serverDone = false
        var rounds = 0
        while !(clientDone && serverDone) {
            rounds += 1
            guard rounds < 100_000 else { throw TestConnection.Failure("the handshake does not finish") }
            if !clientDone { clientDone = try advanceHandshake(client, from: \.toClient, step: step) }
            if !serverDone { serverDone = try advanceHandshake(server, from: \.toServer, step: step) }
        }
    }

    private func advanceHandshake(_ engine: TLSEngine, from queue: ReferenceWritableKeyPath<EnginePair, [UInt8]>, step: Int) throws -> Bool {
        var outcome = TLSHandshakeStep.needsInput
        let piece = Array(self[keyPath: queue].prefix(step))
        let consumed = piece.withUnsafeBytes { bytes in engine.withInput(bytes) { outcome = engine.handshake() } }
        #expect(consumed == piece.count)  // a handshake takes everything it is offered
        self[keyPath: queue].removeFirst(consumed)
        switch outcome {
        case .complete: return true
        case .needsInput: return false
        case .failed(let error): throw error
        }
    }

    /// Feeds `engine` everything queued, `step` bytes at a time, and returns the plaintext.
    func read(_ engine: TLSEngine, from queue: ReferenceWritableKeyPath<EnginePair, [UInt8]>, step: Int,
              closeNotify: () -> Void = {}) -> [UInt8] {
        var plaintext: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !self[keyPath: queue].isEmpty {
            let piece = Array(self[keyPath: queue].prefix(step))
            let consumed = piece.withUnsafeBytes { bytes in
                engine.withInput(bytes) {
                    reading: while true {
                        let result = buffer.withUnsafeMutableBytes { engine.read(into: $0) }
                        switch result {
                        case .plaintext(let count): plaintext += buffer[0..<count]
                        case .needsInput: break reading
                        case .closeNotify: closeNotify(); break reading
                        case .failed(let error): Issue.record("read failed: \(error)"); break reading
                        }
                    }
                }
            }
            self[keyPath: queue].removeFirst(consumed)
            if consumed == 0 { break }
        }
        return plaintext
    }
}
