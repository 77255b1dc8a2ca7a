// Non-blocking read, gathered write and sendfile, with would-block as a value rather than an error.
#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// What a non-blocking read did.
public enum ReadOutcome: Equatable {
    case bytes(Int)
    case wouldBlock
    case endOfStream
    case failed(SystemCallError)
}

/// What a non-blocking write did.
public enum WriteOutcome: Equatable {
    case wrote(Int)
    case wouldBlock
    case failed(SystemCallError)
}

public enum ByteIO {
    @inline(__always)
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> ReadOutcome {
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .endOfStream }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case let code: return .failed(SystemCallError("read", errno: code))
            }
        }
    }

    /// A gathered write to a socket. `sendmsg` with MSG_NOSIGNAL rather than `writev`: a peer that
    /// has gone yields EPIPE instead of a SIGPIPE that would kill a process which did not ignore it
    /// (a library user, a test runner).
    @inline(__always)
    public static func writev(_ fd: Int32, _ vectors: UnsafeMutablePointer<iovec>, count: Int32) -> WriteOutcome {
        gatheredSend(fd, vectors, count: count, flags: CLinux_MSG_NOSIGNAL())
    }

    /// A gathered write with MSG_MORE: the kernel holds back a partial segment because more follows
    /// at once (a response head before its sendfile body), so both share segments.
    public static func writevMore(_ fd: Int32, _ vectors: UnsafeMutablePointer<iovec>, count: Int32) -> WriteOutcome {
        gatheredSend(fd, vectors, count: count, flags: CLinux_MSG_NOSIGNAL() | CLinux_MSG_MORE())
    }

    @inline(__always)
    private static func gatheredSend(_ fd: Int32, _ vectors: UnsafeMutablePointer<iovec>, count: Int32, flags: Int32) -> WriteOutcome {
        var message = msghdr()
        message.msg_iov = vectors
        message.msg_iovlen = Int(count)
        while true {
            let written = sendmsg(fd, &message, flags)
            if written >= 0 { return .wrote(written) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case let code: return .failed(SystemCallError("sendmsg", errno: code))
            }
        }
    }

    /// Copies file bytes to a socket in the kernel. `offset` advances by the amount sent.
    public static func sendfile(to socket: Int32, from file: Int32, offset: inout Int, count: Int) -> WriteOutcome {
        while true {
            var position = off_t(offset)
            let sent = CLinux.sendfile(socket, file, &position, count)
            if sent >= 0 {
                offset = Int(position)
                return .wrote(sent)
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case let code: return .failed(SystemCallError("sendfile", errno: code))
            }
        }
    }
}
