// Why an HTTP request got no usable answer, in words an operator can act on.
import HTTP

public enum HTTPClientError: Error, CustomStringConvertible {
    case invalidURL(String, reason: String)
    case invalidRequest(String)
    case dial(DialError)
    case timedOut(url: String, seconds: Double)
    case malformedResponse(url: String, reason: String)
    case responseTooLarge(url: String, limit: Int)
    case closedEarly(url: String)
    case transport(url: String, underlying: any Error)

    public var description: String {
        switch self {
        case .invalidURL(let url, let reason): "invalid URL \(url): \(reason)"
        case .invalidRequest(let reason): "invalid request: \(reason)"
        case .dial(let error): "\(error)"
        case .timedOut(let url, let seconds): "no response from \(url) within \(seconds) s"
        case .malformedResponse(let url, let reason): "\(url) sent a response that is not valid HTTP: \(reason)"
        case .responseTooLarge(let url, let limit): "\(url) sent a response body larger than \(limit) bytes"
        case .closedEarly(let url): "\(url) closed the connection before the response was complete"
        case .transport(let url, let underlying): "connection to \(url) failed: \(underlying)"
        }
    }
}
