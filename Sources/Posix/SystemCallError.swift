// A failed system call: which call, and the errno it left, rendered the way an operator can act on.
#if canImport(Glibc)
import Glibc
#endif

/// A system call that failed with `errno`. `description` reads like `bind(0.0.0.0:8080): Address already in use`.
public struct SystemCallError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The call and, where useful, its argument, e.g. `"bind(0.0.0.0:8080)"`.
    public let call: String
    public let errno: Int32

    public init(_ call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String { "\(call): \(Self.message(for: errno))" }

    /// `strerror` text for an errno value (thread-safe variant).
    public static func message(for errno: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        // The XSI strerror_r fills the buffer (plain strerror is not thread-safe).
        guard strerror_r(errno, &buffer, buffer.count) == 0 else { return "errno \(errno)" }
        return String(nulTerminated: buffer)
    }
}

/// Calls `body` until it does not fail with EINTR; returns its result or throws `SystemCallError`.
@inline(__always)
public func retryingInterrupts<T: BinaryInteger>(_ call: @autoclosure () -> String, _ body: () -> T) throws(SystemCallError) -> T {
    while true {
        let result = body()
        if result >= 0 { return result }
        let code = Glibc.errno
        if code == EINTR { continue }
        throw SystemCallError(call(), errno: code)
    }
}

extension String {
    /// Decodes a NUL-terminated C string held in an array (strerror_r, inet_ntop output).
    public init(nulTerminated buffer: [CChar]) {
        let length = buffer.firstIndex(of: 0) ?? buffer.count
        self = buffer[..<length].withUnsafeBufferPointer { characters in
            characters.withMemoryRebound(to: UInt8.self) { String(decoding: $0, as: UTF8.self) }
        }
    }
}
