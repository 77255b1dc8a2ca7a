// The four permessage-deflate extension parameters (RFC 7692 §7.1), read from an offer or a response.

/// The parameters of one permessage-deflate offer or response (RFC 7692 §7.1).
///
/// In a response both window sizes carry values. In an offer `client_max_window_bits` may appear
/// without a value (RFC 7692 §7.1.2.2: "the client supports the parameter in a response"); it is read
/// as 15, which means the same thing, so `clientMaxWindowBits == nil` always means "not named".
public struct PerMessageDeflateParameters: Sendable, Hashable, CustomStringConvertible {
    /// The registered extension name (RFC 7692 §6).
    public static let extensionName = "permessage-deflate"
    /// The accepted window sizes, as base-2 logarithms (RFC 7692 §7.1.2).
    public static let windowBitsRange = 8...15

    /// `server_no_context_takeover` (RFC 7692 §7.1.1.1): the server resets its compressor per message.
    public var serverNoContextTakeover: Bool
    /// `client_no_context_takeover` (RFC 7692 §7.1.1.2): the client resets its compressor per message.
    public var clientNoContextTakeover: Bool
    /// `server_max_window_bits` (RFC 7692 §7.1.2.1): the largest window the server compresses with.
    public var serverMaxWindowBits: Int?
    /// `client_max_window_bits` (RFC 7692 §7.1.2.2): the largest window the client compresses with.
    public var clientMaxWindowBits: Int?

    /// Creates parameters; window sizes must lie in 8...15.
    public init(
        serverNoContextTakeover: Bool = false, clientNoContextTakeover: Bool = false,
        serverMaxWindowBits: Int? = nil, clientMaxWindowBits: Int? = nil
    ) {
        precondition(serverMaxWindowBits.map(Self.windowBitsRange.contains) ?? true, "window bits are 8...15")
        precondition(clientMaxWindowBits.map(Self.windowBitsRange.contains) ?? true, "window bits are 8...15")
        self.serverNoContextTakeover = serverNoContextTakeover
        self.clientNoContextTakeover = clientNoContextTakeover
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
    }

    /// Reads a client's offer. Throws for any parameter that is unknown, repeated, has a value where
    /// none is allowed, lacks one where it is required, or has a value other than 8...15 written
    /// without leading zeros (RFC 7692 §7.1: such an offer must be declined).
    public init(offer: WebSocketExtension) throws(PerMessageDeflateError) {
        try self.init(offer, isOffer: true)
    }

    /// Reads a server's response; like an offer, except that `client_max_window_bits` needs a value
    /// (RFC 7692 §7.1.2.2).
    public init(response: WebSocketExtension) throws(PerMessageDeflateError) {
        try self.init(response, isOffer: false)
    }

    private init(_ element: WebSocketExtension, isOffer: Bool) throws(PerMessageDeflateError) {
        guard HandshakeToken.equalsIgnoringCase(element.name, Self.extensionName) else {
            throw PerMessageDeflateError(reason: "not a permessage-deflate element")
        }
        self.init()
        var seen: Set<String> = []
        for parameter in element.parameters {
            let name = parameter.name.lowercased()
            guard seen.insert(name).inserted else { throw PerMessageDeflateError(reason: "duplicate parameter \(name)") }
            switch name {
            case "server_no_context_takeover", "client_no_context_takeover":
                guard parameter.value == nil else { throw PerMessageDeflateError(reason: "\(name) takes no value") }
                if name == "server_no_context_takeover" { serverNoContextTakeover = true } else { clientNoContextTakeover = true }
            case "server_max_window_bits":
                serverMaxWindowBits = try Self.windowBits(parameter.value, name: name)
            case "client_max_window_bits":
                if parameter.value == nil && isOffer {
                    clientMaxWindowBits = 15
                } else {
                    clientMaxWindowBits = try Self.windowBits(parameter.value, name: name)
                }
            default:
                throw PerMessageDeflateError(reason: "unknown parameter \(Self.printable(parameter.name))")
            }
        }
    }

    /// RFC 7692 §7.1.2.1: "a decimal integer value without leading zeroes between 8 to 15, inclusive".
    private static func windowBits(_ value: String?, name: String) throws(PerMessageDeflateError) -> Int {
        guard let value else { throw PerMessageDeflateError(reason: "\(name) needs a value") }
        guard let bits = Int(value), windowBitsRange.contains(bits), String(bits) == value else {
            throw PerMessageDeflateError(reason: "\(name) is not a decimal integer in 8...15")
        }
        return bits
    }

    /// A parameter name as it may appear in a reason: a token, cut short.
    private static func printable(_ name: String) -> String {
        String(name.prefix(40))
    }

    /// The element to send: `permessage-deflate` followed by the parameters that are set.
    public var extensionElement: WebSocketExtension {
        var parameters: [WebSocketExtension.Parameter] = []
        if serverNoContextTakeover { parameters.append(.init(name: "server_no_context_takeover")) }
        if clientNoContextTakeover { parameters.append(.init(name: "client_no_context_takeover")) }
        if let bits = serverMaxWindowBits { parameters.append(.init(name: "server_max_window_bits", value: String(bits))) }
        if let bits = clientMaxWindowBits { parameters.append(.init(name: "client_max_window_bits", value: String(bits))) }
        return WebSocketExtension(name: Self.extensionName, parameters: parameters)
    }

    /// The element as a header value, e.g. `permessage-deflate; server_max_window_bits=10`.
    public var description: String { extensionElement.description }
}
