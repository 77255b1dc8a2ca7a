// Helpers for the session policy tests: parse a policy from text, or get the problem it is refused for.
import JSON
@testable import Relay
import Testing

/// The policy in `json`, parsed as a file named `policy.json`.
func policyFromJSON(_ json: String) throws -> SessionPolicy {
    try SessionPolicy.parse(Array(json.utf8), source: "policy.json")
}

/// The error `json` is refused with, or nil when it parses.
func policyErrorFromJSON(_ json: String) -> SessionPolicyError? {
    do {
        _ = try SessionPolicy.parse(Array(json.utf8), source: "policy.json")
        return nil
    } catch {
        return error
    }
}

/// A `session` object from JSON text.
func sessionObjectFromJSON(_ json: String) throws -> JSONObject {
    try #require(try JSONValue.parse(json).objectValue)
}
