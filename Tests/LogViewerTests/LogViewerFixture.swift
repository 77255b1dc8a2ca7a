// A server with the log viewer installed over a temp log dir: two sessions, one gzipped, plus decoys.
#if canImport(Glibc)
import Glibc
#endif
import CZlib
import HTTP
import LogViewer
import Logging
import Server
import TestSupport

final class LogViewerFixture {
    static let token = "viewer-token-0123456789abcdef"
    static let secondToken = "second.viewer~token/AAAA=="
    static let secret = "TOP-SECRET-OUTSIDE-THE-LOG-DIR"

    /// Oldest to newest by name; the listing must give them newest first.
    static let older = "20261120T080000Z-rs_aaaaaaaaaaaaaaaa.jsonl"
    static let plain = "20261121T152334Z-rs_4k2n0q8x1m3b7c9d.jsonl"
    static let gzipped = "20261121T152410Z-rs_0a9z8y7x6w5v4u3t.jsonl.gz"

    static let plainText = """
        {"event":"session_start","ts":"2026-11-21T15:23:34.120034Z","session":"rs_4k2n0q8x1m3b7c9d","seq":1}
        {"ts":"2026-11-21T15:23:34.301220Z","session":"rs_4k2n0q8x1m3b7c9d","seq":2,"dir":"client_to_upstream","opcode":"text","type":"session.update","bytes":27,"data":{"type":"session.update"}}
        {"event":"session_end","ts":"2026-11-21T15:25:01.560211Z","session":"rs_4k2n0q8x1m3b7c9d","seq":3}

        """
    static let gzippedText = """
        {"event":"session_start","ts":"2026-11-21T15:24:10.000001Z","session":"rs_0a9z8y7x6w5v4u3t","seq":1}
        {"event":"session_end","ts":"2026-11-21T15:24:12.000001Z","session":"rs_0a9z8y7x6w5v4u3t","seq":2}

        """

    let root = TemporaryDirectory(prefix: "relay-logviewer")
    let server: HTTPServer
    let port: Int
    var logDirectory: String { "\(root.path)/logs" }
    private(set) var gzippedBytes: [UInt8] = []

    /// `installed: false` is a server started without `--log-viewer`: the service is absent.
    init(installed: Bool = true) throws {
        root.write("secret.txt", Self.secret)
        root.write("Public/index.html", "<p>index</p>\n")
        root.write("logs/\(Self.older)", "{\"event\":\"session_start\"}\n")
        root.write("logs/\(Self.plain)", Self.plainText)
        gzippedBytes = Self.gzip(Array(Self.gzippedText.utf8))
        let file = fopen("\(root.path)/logs/\(Self.gzipped)", "w")!
        fwrite(gzippedBytes, 1, gzippedBytes.count, file)
        fclose(file)
        // Decoys: none may be listed or served.
        root.write("logs/notes.txt", Self.secret)
        root.write("logs/20261121T152334Z-rs_4K2N0Q8X1M3B7C9D.jsonl", Self.secret)  // upper case: not a session id
        mkdir("\(root.path)/logs/\(Self.directoryDecoy)", 0o700)
        symlink("\(root.path)/secret.txt", "\(root.path)/logs/\(Self.symlinkDecoy)")
        mkfifo("\(root.path)/logs/\(Self.fifoDecoy)", 0o600)

        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.threads = 2
        configuration.publicDirectory = "\(root.path)/Public"
        configuration.logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        if installed {
            configuration.httpService = try LogViewerService(directory: "\(root.path)/logs",
                                                             tokens: [Self.token, Self.secondToken])
        }
        server = try HTTPServer(configuration: configuration)
        port = try server.start().port
    }

    /// Names that look like logs but are a directory, a symlink out of the dir, and a FIFO (newest of all).
    static let directoryDecoy = "20261122T000000Z-rs_dddddddddddddddd.jsonl"
    static let symlinkDecoy = "20261123T000000Z-rs_ssssssssssssssss.jsonl"
    static let fifoDecoy = "20261124T000000Z-rs_ffffffffffffffff.jsonl"

    deinit {
        server.stop()
        server.waitUntilStopped()
    }

    func connect() throws -> TestConnection { try TestConnection(port: port, timeout: 20) }

    /// One request on a new connection; `token: nil` sends no Authorization field.
    func get(_ target: String, token: String? = LogViewerFixture.token, method: String = "GET") throws -> TestResponse {
        let connection = try connect()
        try connection.send(Self.request(target, token: token, method: method))
        return try connection.readResponse(bodyExpected: method != "HEAD")
    }

    static func request(_ target: String, token: String? = LogViewerFixture.token, method: String = "GET") -> String {
        let authorization = token.map { "Authorization: Bearer \($0)\r\n" } ?? ""
        return "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\n\(authorization)\r\n"
    }

    func size(of name: String) -> Int {
        var status = stat()
        lstat("\(logDirectory)/\(name)", &status)
        return Int(status.st_size)
    }

    /// One gzip member, as `--log-gzip` writes them.
    static func gzip(_ input: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        precondition(CZlib_deflateInit2(&stream, 3, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK)
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: input.count + 128)
        var source = input
        let produced = source.withUnsafeMutableBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = input.baseAddress
                stream.avail_in = uInt(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                precondition(deflate(&stream, Z_FINISH) == Z_STREAM_END)
                return out.count - Int(stream.avail_out)
            }
        }
        return Array(output[0..<produced])
    }

    static func gunzip(_ input: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        guard CZlib_inflateInit2(&stream, 15 + 16) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: 1 << 20)
        var source = input
        let produced: Int? = source.withUnsafeMutableBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = input.baseAddress
                stream.avail_in = uInt(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                guard inflate(&stream, Z_FINISH) == Z_STREAM_END else { return nil }
                return out.count - Int(stream.avail_out)
            }
        }
        return produced.map { Array(output[0..<$0]) }
    }
}
