// LogRecordMetadata: merges handler, provider and call-site metadata for one record, then redacts it.

import Logging

/// The effective metadata of one log record.
package enum LogRecordMetadata {
    /// Merges, later winning: the handler's metadata, the metadata provider's, the call site's;
    /// an attached error adds `error.message` and `error.type` (as swift-log's own handler does).
    /// The result is redacted with ``LogRedaction``.
    package static func effective(
        base: Logger.Metadata,
        provider: Logger.MetadataProvider?,
        explicit: Logger.Metadata?,
        error: (any Error)?
    ) -> Logger.Metadata {
        var metadata = base
        if let provided = provider?.get(), !provided.isEmpty {
            metadata.merge(provided) { _, new in new }
        }
        if let explicit, !explicit.isEmpty {
            metadata.merge(explicit) { _, new in new }
        }
        if let error {
            metadata["error.message"] = .string("\(error)")
            metadata["error.type"] = .string(String(reflecting: type(of: error)))
        }
        return metadata.isEmpty ? metadata : LogRedaction.redact(metadata)
    }

    /// The keys of `metadata` in ascending order (byte-wise), for stable output.
    package static func sortedKeys(_ metadata: Logger.Metadata) -> [String] {
        metadata.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
