// What a descriptor is ready for (from epoll) and what a handler wants to hear about.
import CLinux

/// The epoll interest of one descriptor.
public struct Interest: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let readable = Interest(rawValue: EPOLLIN.rawValue | EPOLLRDHUP.rawValue)
    public static let writable = Interest(rawValue: EPOLLOUT.rawValue)
}

/// The events epoll reported for one descriptor.
public struct Readiness: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let readable = Readiness(rawValue: EPOLLIN.rawValue)
    public static let writable = Readiness(rawValue: EPOLLOUT.rawValue)
    public static let peerHalfClosed = Readiness(rawValue: EPOLLRDHUP.rawValue)
    public static let hangup = Readiness(rawValue: EPOLLHUP.rawValue)
    public static let error = Readiness(rawValue: EPOLLERR.rawValue)
}

/// Something registered with a loop: the loop calls it when its descriptor is ready. Loop-confined.
public protocol LoopHandler: AnyObject {
    func handleReadiness(_ readiness: Readiness)
}

/// Something with output queued while handling an event (or a timer, or a job); the loop flushes it once
/// after that event, and before sleeping.
public protocol LoopFlushable: AnyObject {
    func flushBeforeSleep()
}
