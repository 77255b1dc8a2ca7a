// The operator's session policy: defaults for the relay's first session.update, locked fields, allowed client events.
import JSON

/// What the relay enforces on every session, read from `--session-config FILE`.
///
/// Pure: no I/O (except reading the file in ``load(path:)``), no clock, no logging. The file format
/// is described in `SessionPolicy+File.swift` and `docs/session-policy.md`.
///
/// - ``initialSession(instructions:isGA:)``: the `session` of the relay's first `session.update`,
///   the defaults (written in GA shape, renamed for preview endpoints) plus the operator's instructions.
/// - ``removeLockedFields(from:)``: strips the fields a client may not change from its `session.update`.
/// - ``allows(clientEvent:)``: whether a client event type may go upstream; a refused one gets
///   ``refusal(ofClientEvent:)`` back and is not forwarded.
///
/// ```swift
/// let policy = try SessionPolicy.load(path: "/etc/relay/session-policy.json")
/// if let session = policy.initialSession(instructions: operatorInstructions, isGA: true) { … }
/// var clientSession: JSONObject = …             // a client's session.update `session`
/// let removed = policy.removeLockedFields(from: &clientSession)   // ["audio.output.voice"]
/// ```
public struct SessionPolicy: Sendable, Equatable {
    /// Session fields in GA shape, in file order. Never holds `type` or `instructions`.
    public let defaults: JSONObject
    /// The locked dotted paths as the file lists them, in order, without duplicates.
    public let lockedPaths: [String]
    /// The client event types that may go upstream.
    public let allowedClientEvents: ClientEventAllowlist
    /// What is removed from a client's `session`: each locked path followed by its equivalents in the
    /// other shape (GA ↔ preview), split at the dots, without duplicates.
    let removablePaths: [[String]]

    /// No defaults, nothing locked, the documented GA and preview client events allowed.
    public static let none = SessionPolicy(defaults: [:], lockedPaths: [], allowedClientEvents: .documented)

    /// A policy from values the caller has validated (the file parser does; see `SessionPolicy+File.swift`).
    init(defaults: JSONObject, lockedPaths: [String], allowedClientEvents: ClientEventAllowlist) {
        self.defaults = defaults
        self.allowedClientEvents = allowedClientEvents
        var unique: [String] = []
        var removable: [[String]] = []
        var seen: Set<[String]> = []
        for path in lockedPaths where !unique.contains(path) {
            unique.append(path)
            let segments = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            for candidate in [segments] + SessionShape.equivalents(of: segments) where seen.insert(candidate).inserted {
                removable.append(candidate)
            }
        }
        self.lockedPaths = unique
        self.removablePaths = removable
    }

    /// True when a client's `session.update` may lose fields (``removeLockedFields(from:)`` can remove something).
    public var hasLockedFields: Bool { !lockedPaths.isEmpty }

    /// True when the first `session.update` carries defaults (not only instructions).
    public var hasDefaults: Bool { !defaults.isEmpty }

    // MARK: The relay's first session.update

    /// The `session` object of the relay's first `session.update`: `type: "realtime"` for GA (Azure's
    /// GA endpoint requires it, its preview endpoint rejects it), then `instructions` when given, then
    /// the defaults, renamed to the preview shape when `isGA` is false (`audio.output.voice` → `voice`,
    /// `output_modalities: ["audio"]` → `modalities: ["text","audio"]`, formats → `"pcm16"`, …).
    ///
    /// Nil when there is nothing to send: no defaults and no instructions (for preview, defaults such as
    /// `{"audio":{}}` that name no field count as none).
    public func initialSession(instructions: String?, isGA: Bool) -> JSONObject? {
        let shaped = isGA ? defaults : SessionShape.previewSession(fromGA: defaults)
        guard !shaped.isEmpty || instructions != nil else { return nil }
        var session: JSONObject = [:]
        if isGA { session["type"] = "realtime" }
        if let instructions { session["instructions"] = .string(instructions) }
        for (key, value) in shaped { session[key] = value }
        return session
    }

    // MARK: Locked fields

    /// Removes the locked fields from a client's `session.update` `session` object and returns the
    /// dotted paths it removed, in policy order (for logs and metrics); empty when nothing matched.
    ///
    /// Both shapes are checked whatever the upstream speaks: locking `audio.output.voice` also removes a
    /// preview `voice`, and locking `voice` also removes `audio.output.voice`. Only the named member
    /// goes: removing `audio.output.voice` keeps `audio.output.format`, and parents left empty stay
    /// (`"audio":{"output":{}}` is valid in a `session.update`). A path whose parent is not an object
    /// in this session matches nothing.
    public func removeLockedFields(from session: inout JSONObject) -> [String] {
        var removed: [String] = []
        for path in removablePaths where Self.remove(path[...], from: &session) {
            removed.append(path.joined(separator: "."))
        }
        return removed
    }

    /// Removes the member at `path` below `object`; true when there was one.
    private static func remove(_ path: ArraySlice<String>, from object: inout JSONObject) -> Bool {
        guard let key = path.first else { return false }
        if path.count == 1 { return object.removeValue(forKey: key) != nil }
        guard case .object(var child)? = object[key] else { return false }
        object[key] = .null  // drop the object's reference so `child` is mutated without a copy
        let removed = remove(path.dropFirst(), from: &child)
        object[key] = .object(child)  // same position: assignment to an existing key replaces in place
        return removed
    }

    // MARK: Client events

    /// Whether a client event of this `type` may go upstream.
    public func allows(clientEvent type: some StringProtocol) -> Bool {
        allowedClientEvents.contains(type)
    }

    /// Whether the client event whose `type` is `bytes[typeRange]` may go upstream; the hot path for a
    /// type found by `JSONTypePeek.typeRange(in:)`. Allocates nothing.
    public func allows(clientEvent bytes: UnsafeRawBufferPointer, typeRange: Range<Int>) -> Bool {
        allowedClientEvents.contains(bytes, typeRange: typeRange)
    }

    /// Whether the client event in `payload` (a text frame's JSON) may go upstream, by its top-level
    /// `type`: peeked without allocating, decoded only when written with escapes. An event without a
    /// string `type` is not allowed.
    public func allows(clientEventIn payload: UnsafeRawBufferPointer) -> Bool {
        if let range = JSONTypePeek.typeRange(in: payload) {
            return allowedClientEvents.contains(payload, typeRange: range)
        }
        guard let type = JSONTypePeek.type(in: payload) else { return false }
        return allowedClientEvents.contains(type)
    }

    /// The `error` a client gets for an event the allowlist refuses; `type` is nil when it had none.
    public func refusal(ofClientEvent type: String?) -> ClientEventRefusal {
        ClientEventRefusal(eventType: type)
    }
}
