// Runs a developer CLI (az, azd) found on PATH, with a timeout, and turns its failures into "unavailable".

/// What az and azd have in common: PATH lookup, a bounded run, stderr as the message.
///
/// Inside DefaultAzureCredential every failure of a developer tool is "unavailable", so the chain goes
/// on (Python's `within_dac`, Go's `unavailableIfInDAC`, JS always); this relay only uses them in a chain.
struct DeveloperCLI: Sendable {
    let credentialName: String
    /// The program name on PATH.
    let program: String
    /// "Azure CLI".
    let displayName: String
    let environment: CredentialEnvironment
    let runner: any ProcessRunner
    let timeout: Double
    /// Set for the child on top of the inherited environment (`AZURE_CORE_NO_COLOR`, `NO_COLOR`).
    let extraEnvironment: [String: String]

    /// stdout of a successful run.
    func run(_ arguments: [String], recognise: (String) -> String?) async throws(CredentialError) -> [UInt8] {
        guard let path = ExecutableSearch.find(program, path: environment["PATH"]) else { throw notFound }
        let childEnvironment = environment.variables.merging(extraEnvironment) { $1 }
        let result: ProcessResult
        do {
            result = try await runner.run(
                executablePath: path, arguments: arguments, environment: childEnvironment, timeout: timeout)
        } catch {
            throw unavailable("Failed to invoke the \(displayName): \(error).")
        }
        if result.timedOut {
            throw unavailable(
                "Failed to invoke the \(displayName): it did not finish within \(Self.seconds(timeout)) and was "
                    + "stopped. Run `\(program) \(arguments.joined(separator: " "))` to see why.")
        }
        guard result.exitCode == 0 else {
            let standardError = String(decoding: result.standardError, as: UTF8.self)
            let text = ErrorResponseMessage.singleLine(standardError)
            // Some versions print errors on stdout; it holds no token when the exit status is non-zero.
            let combined = standardError + "\n" + String(decoding: result.standardOutput.prefix(4096), as: UTF8.self)
            if result.exitCode == 127 || combined.contains("\(program): not found")
                || combined.contains("is not recognized")
            {
                throw notFound
            }
            if let message = recognise(combined) { throw unavailable(message) }
            let detail = text.isEmpty ? "exit status \(result.exitCode)" : Self.withoutErrorPrefix(text)
            throw unavailable("\(displayName) failed: \(detail)")
        }
        return result.standardOutput
    }

    var notFound: CredentialError {
        unavailable("\(displayName) not found on path (looked for `\(program)` in PATH).")
    }

    func unavailable(_ reason: String) -> CredentialError {
        .unavailable(credential: credentialName, reason: reason)
    }

    func failed(_ reason: String) -> CredentialError {
        .failed(credential: credentialName, reason: reason)
    }

    /// az prefixes its messages with "ERROR: ".
    static func withoutErrorPrefix(_ text: String) -> String {
        text.hasPrefix("ERROR: ") ? String(text.dropFirst("ERROR: ".count)) : text
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

/// Scopes and tenants reach a command line; Azure Identity checks them with these character sets.
enum CommandLineArgument {
    /// `^[0-9a-zA-Z-_.:/]+$`
    static func isValidScope(_ scope: String) -> Bool {
        !scope.isEmpty && scope.utf8.allSatisfy { $0.isASCIIAlphanumeric || "-_.:/".utf8.contains($0) }
    }
}
