// The JSON body of `GET /logs/api/sessions`.
import JSON

enum SessionListing {
    static func render(_ entries: [LogDirectory.Entry]) -> [UInt8] {
        let sessions: [JSONValue] = entries.map { entry in
            [
                "file": .string(entry.name.name),
                "session": .string(entry.name.session),
                "started": .string(entry.name.started),
                "bytes": JSONValue(entry.bytes),
                "gzip": .bool(entry.name.gzip),
            ]
        }
        return JSONValue.object(["sessions": .array(sessions)]).serialized()
    }
}
