// `realtime-relay healthcheck`: exit 0 when the local server answers /healthz (for container HEALTHCHECK).
import ArgumentParser
import Posix

struct HealthcheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "Exit 0 when the server on this machine answers GET /healthz with 200, else 1.",
        discussion: "Meant for a container HEALTHCHECK; it needs no curl or wget in the image.")

    @Option(help: "Host the server listens on.")
    var host = "127.0.0.1"

    @Option(help: "Port the server listens on. [default: $PORT, else 8080]")
    var port: Int?

    @Option(help: "Seconds to wait for the answer.")
    var timeout = 3.0

    func run() throws {
        let port = port ?? environment("PORT").flatMap(Int.init) ?? 8080
        let status: Int
        do {
            status = try HealthProbe.status(host: host, port: port, path: "/healthz", timeout: timeout)
        } catch {
            print("healthcheck: \(host):\(port) did not answer: \(error)")
            throw ExitCode.failure
        }
        guard status == 200 else {
            print("healthcheck: /healthz answered \(status)")
            throw ExitCode.failure
        }
        print("healthcheck: ok")
    }
}
