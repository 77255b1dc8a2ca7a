// The most recent TLS session per upstream, per loop, so a reconnect can skip the full handshake.
#if canImport(Glibc)
import Glibc
#endif
import COpenSSL
import Reactor

/// One loop's client sessions for resumption: the most recent `SSL_SESSION` per server name, port
/// and client configuration (so per trust store, too), at most `capacity` of them. Sessions arrive
/// (as copies) through the configuration's new-session callback (`TLSEngine.keep(newSession:)`), during
/// SSL_do_handshake (TLS 1.2) or SSL_read (TLS 1.3 NewSessionTicket), always on this loop's thread.
/// A TLS 1.3 session is taken out when offered (its ticket is single-use); the server sends two
/// per handshake, and each full or resumed handshake refills the entry. Loop-confined.
final class TLSSessionCache {
    struct Key: Equatable {
        let serverName: String
        let port: Int
        /// The client configuration the session's certificate was verified under (held by the entry).
        let configuration: TLSConfiguration

        static func == (a: Key, b: Key) -> Bool {
            a.serverName == b.serverName && a.port == b.port && a.configuration === b.configuration
        }
    }

    private struct Entry {
        let key: Key
        /// One reference, owned by the cache.
        let session: OpaquePointer
    }

    static let capacity = 8
    /// Least recently stored first.
    private var entries: [Entry] = []

    private init() {}

    deinit { for entry in entries { SSL_SESSION_free(entry.session) } }

    /// The loop's cache, created on first use.
    static func of(_ context: LoopContext) -> TLSSessionCache {
        if let existing = context.attachment(TLSSessionCache.self) { return existing }
        let created = TLSSessionCache()
        context.setAttachment(created, for: TLSSessionCache.self)
        return created
    }

    var count: Int { entries.count }

    /// Keeps `session` for `key`, replacing the entry's older one. Returns true when it took over
    /// the caller's reference; false when the session cannot be resumed (the caller keeps it).
    func store(_ session: OpaquePointer, for key: Key) -> Bool {
        guard SSL_SESSION_is_resumable(session) == 1 else { return false }
        if let index = entries.firstIndex(where: { $0.key == key }) {
            SSL_SESSION_free(entries.remove(at: index).session)
        } else if entries.count >= Self.capacity {
            SSL_SESSION_free(entries.removeFirst().session)
        }
        entries.append(Entry(key: key, session: session))
        return true
    }

    /// A live session for `key` with one reference for the caller (to pass to SSL_set_session and
    /// then free), or nil. A TLS 1.3 session leaves the cache; a TLS 1.2 one stays (reusable).
    func take(for key: Key) -> OpaquePointer? {
        guard let index = entries.firstIndex(where: { $0.key == key }) else { return nil }
        let session = entries[index].session
        guard Self.isLive(session, now: time(nil)) else {
            SSL_SESSION_free(entries.remove(at: index).session)
            return nil
        }
        if SSL_SESSION_get_protocol_version(session) == TLS1_3_VERSION {
            entries.remove(at: index)
        } else {
            SSL_SESSION_up_ref(session)
        }
        return session
    }

    /// Resumable and within its lifetime (issue time plus timeout, or the ticket's lifetime).
    static func isLive(_ session: OpaquePointer, now: time_t) -> Bool {
        SSL_SESSION_is_resumable(session) == 1
            && SSL_SESSION_get_time(session) + SSL_SESSION_get_timeout(session) > now
    }
}

@available(*, unavailable, message: "a TLSSessionCache belongs to one loop thread")
extension TLSSessionCache: Sendable {}
