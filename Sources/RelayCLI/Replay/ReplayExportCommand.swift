// `realtime-relay replay export LOG --har OUT`: the session as a HAR 1.2 file with Chrome's WebSocket messages.
import ArgumentParser
import Replay

extension HARSide: ExpressibleByArgument {}

struct ReplayExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a session as a HAR 1.2 file that browser developer tools and HAR viewers open.",
        discussion: """
            The HAR holds one WebSocket entry with Chrome's _webSocketMessages: frames the client sent are \
            "send", frames that reached it "receive" (relay-made ones included; a rewritten frame shows what \
            the client sent). --side upstream shows the relay's socket to Azure instead: what the upstream \
            received (injected and rewritten frames) and sent. Ping, pong and close frames are not listed. \
            Open it in Chrome: DevTools > Network > Import HAR file.
            """)

    @Argument(help: ArgumentHelp("The frame log (.jsonl or .jsonl.gz).", valueName: "LOG"))
    var log: String

    @Option(help: ArgumentHelp("The HAR file to write.", valueName: "OUT"))
    var har: String

    @Option(help: ArgumentHelp("Whose socket to show.", valueName: "client|upstream"))
    var side: HARSide = .client

    func run() throws {
        let reader = try ReplayTerminal.open(log, preservesPayloadBytes: true)
        let report: HARExportReport
        do {
            let exporter = try HARExporter(path: har, side: side)
            for record in reader { try exporter.add(record) }
            report = try exporter.finish()
        } catch {
            throw ReplayError(description: "\(error); check --har")
        }
        ReplayTerminal.endProgress(reader)
        ReplayTerminal.warn(about: reader)
        var line = "\(report.path): 1 WebSocket entry, \(report.sent) sent and \(report.received) received messages"
        if report.otherSide > 0 { line += " (\(report.otherSide) frame\(report.otherSide == 1 ? "" : "s") of the \(side == .client ? "upstream" : "client") side left out)" }
        ReplayTerminal.printLines([line])
        if report.elidedAudio > 0 {
            ReplayTerminal.writeStandardError("note: \(report.elidedAudio) messages were logged without their audio "
                + "(--log-audio omit or truncate) and are exported as logged\n")
        }
    }
}
