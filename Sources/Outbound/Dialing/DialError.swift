// Why an outgoing connection could not be opened, in words an operator can act on.
import Posix
import TLS

public enum DialError: Error, CustomStringConvertible {
    /// The host name did not resolve (or DNS did not answer in time).
    case resolution(AddressResolutionError)
    /// No address accepted a TCP connection; the last attempt's error.
    case connect(target: String, address: String, underlying: any Error)
    /// TCP connected but TLS failed (certificate, protocol, peer not speaking TLS).
    case tls(target: String, TLSError)
    /// Nothing finished within the dial timeout.
    case timedOut(target: String, seconds: Double)

    public var description: String {
        switch self {
        case .resolution(let error): "\(error)"
        case .connect(let target, let address, let underlying):
            "cannot connect to \(target)" + (address == target ? "" : " (\(address))") + ": \(underlying)"
        case .tls(let target, let error): "TLS with \(target) failed: \(error)"
        case .timedOut(let target, let seconds): "cannot connect to \(target): no connection within \(seconds) s"
        }
    }
}
