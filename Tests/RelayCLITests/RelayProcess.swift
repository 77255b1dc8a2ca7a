// Starts the built `realtime-relay serve` as a child on an ephemeral port and finds the port it bound.
import TestSupport

final class RelayProcess {
    let child: ChildProcess
    let port: Int
    let publicDirectory = TemporaryDirectory(prefix: "relay-cli")

    struct StartFailure: Error, CustomStringConvertible { let description: String }

    /// `prefix` runs in the shell first (e.g. `ulimit -n 64;`). `arguments` default to the simulator:
    /// pass `upstream: ""` with AZURE_OPENAI_* in `environment` to test a real upstream configuration.
    init(arguments: String = "", upstream: String = "--simulator", prefix: String = "",
         environment: [String: String] = [:]) throws {
        publicDirectory.write("index.html", "<h1>relay</h1>\n")
        let binary = ChildProcess.relayBinary()
        child = try ChildProcess(
            shellCommand: "\(prefix) exec '\(binary)' serve --host 127.0.0.1 --port 0 --public '\(publicDirectory.path)' \(upstream) \(arguments)",
            environment: environment)
        guard child.waitForOutput(containing: "listening", timeout: 20),
              let port = Self.port(in: child.output) else {
            throw StartFailure(description: "relay did not start: \(child.output)")
        }
        self.port = port
    }

    /// The port from the "listening" line: `address=127.0.0.1:PORT` (text) or `"address":"127.0.0.1:PORT"` (JSON).
    static func port(in output: String) -> Int? {
        // Other lines name loopback addresses too (the simulator's): read the "listening" line only.
        guard let line = output.split(separator: "\n").first(where: { $0.contains("listening") }),
              let range = line.range(of: "127.0.0.1:") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }
}
