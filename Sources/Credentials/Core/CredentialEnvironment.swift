// The environment variables credentials read, injectable so tests never touch the process environment.
#if canImport(Glibc)
import Glibc
#endif

/// A snapshot of environment variables. An empty value counts as unset, as in Azure Identity for JS
/// and Go's credential constructors.
public struct CredentialEnvironment: Sendable {
    /// Every variable, empty ones included (child processes inherit them as they are).
    public let variables: [String: String]

    public init(_ variables: [String: String]) {
        self.variables = variables
    }

    /// The current process's environment.
    public static func process() -> CredentialEnvironment {
        var variables: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(decoding: UnsafeRawBufferPointer(start: entry, count: strlen(entry)), as: UTF8.self)
            if let equals = text.firstIndex(of: "=") {
                variables[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            cursor += 1
        }
        return CredentialEnvironment(variables)
    }

    /// The value of `name`, or nil when it is unset or empty.
    public subscript(name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }
}
