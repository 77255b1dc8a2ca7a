// Reading (and always emptying) OpenSSL's per-thread error queue.
import COpenSSL
import Posix

/// OpenSSL reports failures by pushing codes onto a queue per thread. Every loop thread serves
/// many connections, so a code left behind would be blamed on the next connection's failure:
/// whoever looks at the queue empties it.
enum OpenSSLErrorQueue {
    /// Empties the queue before an SSL call whose result `SSL_get_error` will interpret.
    static func clear() { ERR_clear_error() }

    /// Empties the queue, returning its reasons oldest first without repeats, joined by "; "
    /// (e.g. "wrong version number"), or nil when it held nothing.
    static func drain() -> String? {
        var reasons: [String] = []
        var text = [CChar](repeating: 0, count: 256)
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            ERR_error_string_n(code, &text, text.count)
            // "error:0A00010B:SSL routines::wrong version number": the reason is the last field.
            let line = String(nulTerminated: text)
            let reason = line.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false).last.map(String.init) ?? line
            // "system lib" only says that the reason before it came from the C library.
            if reason != "system lib", !reasons.contains(reason) { reasons.append(reason) }
        }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }
}
