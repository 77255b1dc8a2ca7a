// The session policy file (`--session-config FILE`): reading, parsing and checking it.
import JSON
import Posix

// The file is one JSON object; every key is optional and no other key is accepted:
//
// {
//   "defaults": {                                   // GA-shaped session fields for the relay's first session.update
//     "output_modalities": ["audio"],
//     "audio": {
//       "input":  { "turn_detection": { "type": "server_vad", "threshold": 0.5 } },
//       "output": { "voice": "alloy" }
//     },
//     "tools": [], "tool_choice": "auto"
//   },
//   "locked": ["audio.output.voice", "tools", "tool_choice", "model"],   // removed from clients' session.update
//   "allowed_client_events": ["session.update", "response.create"]       // default: documented GA + preview events
// }
//
// - `defaults` are written in GA shape and renamed for preview endpoints (see SessionShape). `type` and
//   `instructions` are refused there (the relay sets the type; instructions come from --instructions), as
//   are preview names such as `voice` (write `audio.output.voice`). Inside `audio` only the fields with a
//   preview name are accepted, and formats, voice, speed, modalities and max_output_tokens are type-checked
//   so the preview conversion cannot fail. Other session fields pass to the upstream as written.
// - `locked` entries are dotted paths of field names (letters, digits, `_`, `-`), in either shape; each
//   also locks its equivalent in the other shape.
// - `allowed_client_events` replaces the default list; entries are non-empty types without spaces.

extension SessionPolicy {
    /// The largest policy file read; a policy is a few hundred bytes.
    public static let maxFileBytes = 1 << 20

    /// Reads and parses the policy file at `path`; see ``parse(_:source:)``.
    public static func load(path: String) throws(SessionPolicyError) -> SessionPolicy {
        let bytes: [UInt8]
        switch BoundedFile.read(path, limit: maxFileBytes) {
        case .success(let contents): bytes = contents
        case .failure(let error): throw SessionPolicyError(source: path, problem: "cannot read the file: \(error.reason)")
        }
        return try parse(bytes, source: path)
    }

    /// Parses a policy file's JSON; `source` names it in errors (its path).
    ///
    /// Errors say what is wrong and where: the byte offset of invalid JSON, unknown keys by name, the
    /// key path or list index of a bad value; their ``SessionPolicyError/description`` adds a valid example.
    public static func parse(_ bytes: [UInt8], source: String) throws(SessionPolicyError) -> SessionPolicy {
        func fail(_ problem: String) -> SessionPolicyError { SessionPolicyError(source: source, problem: problem) }

        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw fail("the file is empty; it must hold a JSON object")
        }
        let value: JSONValue
        do throws(JSONParseError) {
            value = try JSONValue.parse(bytes, limits: JSONLimits(maxDepth: 32, maxBytes: maxFileBytes))
        } catch {
            throw SessionPolicyError(source: source, byteOffset: error.offset,
                                     problem: "invalid JSON at byte \(error.offset): \(error.reason)")
        }
        guard case .object(let root) = value else {
            throw fail("the file must hold a JSON object, not \(SessionPolicyError.kind(value))")
        }
        let known = ["defaults", "locked", "allowed_client_events"]
        let unknown = root.keys.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw fail("unknown top-level key\(unknown.count == 1 ? "" : "s") \(SessionPolicyError.quotedList(unknown)) "
                       + "(valid keys: \(SessionPolicyError.quotedList(known)))")
        }
        let defaults = try root["defaults"].map { (value) throws(SessionPolicyError) in
            try checkedDefaults(value, fail: fail)
        } ?? [:]
        let locked = try root["locked"].map { (value) throws(SessionPolicyError) in
            try checkedLockedPaths(value, fail: fail)
        } ?? []
        let allowlist = try root["allowed_client_events"].map { (value) throws(SessionPolicyError) in
            try checkedAllowlist(value, fail: fail)
        } ?? .documented
        return SessionPolicy(defaults: defaults, lockedPaths: locked, allowedClientEvents: allowlist)
    }

    // MARK: locked

    private static func checkedLockedPaths(
        _ value: JSONValue, fail: (String) -> SessionPolicyError
    ) throws(SessionPolicyError) -> [String] {
        guard case .array(let entries) = value else {
            throw fail("\"locked\" must be an array of dotted paths such as [\"audio.output.voice\", \"tools\"], "
                       + "not \(SessionPolicyError.kind(value))")
        }
        var paths: [String] = []
        for (index, entry) in entries.enumerated() {
            guard case .string(let path) = entry else {
                throw fail("\"locked\"[\(index)] must be a string (a dotted path such as \"audio.output.voice\"), "
                           + "not \(SessionPolicyError.kind(entry))")
            }
            guard isDottedPath(path) else {
                throw fail("\"locked\"[\(index)] is \(SessionPolicyError.quoted(path)); it must be a non-empty dotted "
                           + "path of field names (letters, digits, '_', '-') such as \"audio.output.voice\" or \"tools\"")
            }
            paths.append(path)
        }
        return paths
    }

    /// `name(.name)*` with names of ASCII letters, digits, `_` and `-`.
    static func isDottedPath(_ path: String) -> Bool {
        let segments = path.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return segments.allSatisfy { segment in
            !segment.isEmpty && segment.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                     UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): true
                default: false
                }
            }
        }
    }

    // MARK: allowed_client_events

    private static func checkedAllowlist(
        _ value: JSONValue, fail: (String) -> SessionPolicyError
    ) throws(SessionPolicyError) -> ClientEventAllowlist {
        guard case .array(let entries) = value else {
            throw fail("\"allowed_client_events\" must be an array of event types such as [\"session.update\", "
                       + "\"response.create\"], not \(SessionPolicyError.kind(value))")
        }
        guard !entries.isEmpty else {
            throw fail("\"allowed_client_events\" is empty, so every client event would be refused; list the "
                       + "allowed types, or leave the key out for the documented GA and preview client events")
        }
        var types: [String] = []
        for (index, entry) in entries.enumerated() {
            guard case .string(let type) = entry else {
                throw fail("\"allowed_client_events\"[\(index)] must be a string (an event type such as "
                           + "\"response.create\"), not \(SessionPolicyError.kind(entry))")
            }
            // No spaces or control characters: a type with them is a typo that would silently match nothing.
            guard !type.isEmpty, type.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else {
                throw fail("\"allowed_client_events\"[\(index)] is \(SessionPolicyError.quoted(type)); it must be a "
                           + "non-empty event type without spaces, such as \"response.create\"")
            }
            types.append(type)
        }
        return ClientEventAllowlist(types)
    }
}
