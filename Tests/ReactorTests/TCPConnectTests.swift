// Outgoing TCP connections: queued writes leave once connected; refusals and timeouts are reported.
#if canImport(Glibc)
import Glibc
#endif
import Posix
import Reactor
import Testing
import TestSupport

@Suite struct TCPConnectTests {
    @Test func writesQueuedWhileConnectingArriveOnceConnected() throws {
        let running = try RunningLoop()
        let address = try SocketAddress.resolve(host: "127.0.0.1", port: 0)[0]
        let listener = try Socket.listen(on: address, reusePort: false)
        defer { close(listener) }
        let port = try Socket.localAddress(of: listener).port
        let events = Recorder<String>(), records = Recorder<[UInt8]>()
        running.loop.execute { context in
            let target = try! SocketAddress.resolve(host: "127.0.0.1", port: port)[0]
            let delegate = RecordingDelegate(recordSize: 1, records: records, events: events)
            let connection = try! TCPConnection.connect(to: target, context: context, timeout: Nanoseconds.seconds(5),
                                                        delegate: delegate)
            connection.write(Array("hello".utf8))
        }
        var accepted: Int32 = -1
        #expect(eventually { accepted = accept(listener, nil, nil); return accepted >= 0 })
        defer { close(accepted) }
        var buffer = [UInt8](repeating: 0, count: 16)
        var received: [UInt8] = []
        while received.count < 5 {
            let count = read(accepted, &buffer, buffer.count)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        #expect(String(decoding: received, as: UTF8.self) == "hello")
        #expect(events.values.contains("established"))
    }

    @Test func refusedConnectionIsReportedAsAnError() throws {
        let running = try RunningLoop()
        // Bind then close a socket to get a port nobody listens on.
        let address = try SocketAddress.resolve(host: "127.0.0.1", port: 0)[0]
        let probe = try Socket.listen(on: address, reusePort: false)
        let port = try Socket.localAddress(of: probe).port
        close(probe)
        let events = Recorder<String>(), records = Recorder<[UInt8]>()
        running.loop.execute { context in
            let target = try! SocketAddress.resolve(host: "127.0.0.1", port: port)[0]
            let delegate = RecordingDelegate(recordSize: 1, records: records, events: events)
            _ = try! TCPConnection.connect(to: target, context: context, timeout: Nanoseconds.seconds(5), delegate: delegate)
        }
        #expect(eventually { events.values.contains { $0.hasPrefix("closed") } })
        #expect(events.values.contains { $0.contains("Connection refused") })
        #expect(!events.values.contains("established"))
    }
}
