// The `realtime-relay` command: subcommands for serving and for container health checks.
import ArgumentParser

@main
struct RelayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "realtime-relay",
        abstract: "Lets a browser talk to the Azure OpenAI GPT Realtime API without ever holding a key.",
        discussion: """
            The browser loads the voice demo page from this server and opens a WebSocket to it; the server \
            adds the credentials, connects to Azure, relays events both ways and logs every frame.

            Try it without an Azure account:  realtime-relay serve --simulator
            then open http://localhost:8080/ in a browser.
            """,
        subcommands: [ServeCommand.self, ReplayCommand.self, DoctorCommand.self, HealthcheckCommand.self, WSEchoCommand.self, WSEchoClientCommand.self],
        defaultSubcommand: ServeCommand.self)
}
