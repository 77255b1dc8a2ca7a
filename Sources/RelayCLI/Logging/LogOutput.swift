// LogOutput: where log handlers send finished lines; stderr by default, a closure in tests.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The destination of complete log lines.
///
/// Writing to a file descriptor appends the newline and issues one `write(2)` per line (looping
/// only on a partial write or `EINTR`), so lines from different threads do not interleave and no
/// lock is taken.
package struct LogOutput: Sendable {
    private let sink: @Sendable (String) -> Void

    /// A custom sink that receives each line without its trailing newline (used by tests).
    package init(_ sink: @escaping @Sendable (String) -> Void) {
        self.sink = sink
    }

    /// Lines go to this file descriptor, newline-terminated, one `write(2)` each.
    package static func fileDescriptor(_ fd: Int32) -> LogOutput {
        LogOutput { line in Self.writeLine(line, to: fd) }
    }

    /// Lines go to standard error (fd 2).
    package static let standardError = LogOutput.fileDescriptor(2)

    /// Emits one line; `line` must not contain a newline.
    package func write(_ line: String) {
        sink(line)
    }

    private static func writeLine(_ line: String, to fd: Int32) {
        var text = line
        text.append("\n")
        text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Self.systemWrite(fd, base + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return  // Nowhere to report a failing log write.
                }
            }
        }
    }

    private static func systemWrite(_ fd: Int32, _ pointer: UnsafePointer<UInt8>, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, pointer, count)
        #elseif canImport(Musl)
        Musl.write(fd, pointer, count)
        #else
        Darwin.write(fd, pointer, count)
        #endif
    }
}
