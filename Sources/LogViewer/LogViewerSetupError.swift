// Why a log viewer cannot be set up, phrased so the operator knows what to change.

/// A problem with the viewer's configuration, found at start-up.
package enum LogViewerSetupError: Error, Equatable, CustomStringConvertible {
    case noTokens
    case unusableToken(length: Int)
    case tokenFile(path: String, reason: String)

    package var description: String {
        let advice = "put one token per line, each 16 to 512 characters of A-Z a-z 0-9 - . _ ~ + / = "
            + "(for example the output of `openssl rand -hex 32`)"
        switch self {
        case .noTokens:
            return "the log viewer needs at least one access token: \(advice)"
        case .unusableToken(let length):
            return "a log viewer token (\(length) characters) is unusable: \(advice)"
        case .tokenFile(let path, let reason):
            return "cannot read the log viewer token file '\(path)': \(reason); \(advice)"
        }
    }
}
