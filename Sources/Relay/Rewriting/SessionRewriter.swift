// The few events the relay rewrites: its own session.update, the client's session.update, and
// session.created/updated on their way to the client. Everything else is forwarded unparsed.
import JSON

/// Applies the operator's instructions. Pure (no I/O), so it is tested on its own.
struct SessionRewriter: Sendable {
    let instructions: String?
    let policy: InstructionsPolicy
    /// GA (`session.type: "realtime"`) or preview shapes.
    let isGA: Bool
    /// The operator's defaults and locked fields (`--session-config`).
    var sessionPolicy = SessionPolicy.none

    /// The relay's own `session.update` (instructions and defaults), the first frame the upstream
    /// receives; nil when there is nothing to send.
    func injectedUpdate() -> [UInt8]? {
        guard let session = sessionPolicy.initialSession(instructions: instructions, isGA: isGA) else { return nil }
        let event: JSONValue = .object(["type": "session.update", "event_id": .string(RelayIDs.eventID()),
                                        "session": .object(session)])
        return event.serialized()
    }

    /// A client's `session.update` with its instructions handled per the policy and locked fields
    /// removed, or nil when it passes unchanged.
    func rewriteClientUpdate(_ payload: UnsafeRawBufferPointer) -> [UInt8]? {
        let replacesInstructions = instructions != nil && policy != .client
        guard replacesInstructions || sessionPolicy.hasLockedFields else { return nil }
        guard case .object(var event)? = try? JSONValue.parse(payload),
              case .object(var session)? = event["session"] else { return nil }
        let removed = sessionPolicy.removeLockedFields(from: &session)
        if let instructions, replacesInstructions {
            switch policy {
            case .override:
                session["instructions"] = .string(instructions)
            case .append:
                if let own = session["instructions"]?.stringValue, !own.isEmpty {
                    session["instructions"] = .string(instructions + "\n\n" + own)
                } else {
                    session["instructions"] = .string(instructions)
                }
            case .client:
                break
            }
        } else if removed.isEmpty {
            return nil
        }
        event["session"] = .object(session)
        return JSONValue.object(event).serialized()
    }

    /// `session.created`/`session.updated` for the client with the operator's instructions hidden,
    /// or nil when there is nothing to hide.
    func hideInstructions(_ payload: UnsafeRawBufferPointer) -> [UInt8]? {
        guard instructions != nil else { return nil }
        guard case .object(var event)? = try? JSONValue.parse(payload),
              case .object(var session)? = event["session"], session["instructions"] != nil else { return nil }
        session["instructions"] = .string(RelayConfiguration.hiddenInstructionsPlaceholder)
        event["session"] = .object(session)
        return JSONValue.object(event).serialized()
    }
}
