// A non-101 answer to the upstream upgrade, with what Azure said and what the operator should do.
import JSON
import WebSocket

/// Azure answers a bad upgrade with an HTTP error and a JSON body (`{"error":{"code","message"}}`)
/// before any WebSocket exists. This keeps what an operator needs to act or to open a support
/// case: the status, Azure's code and message, `apim-request-id`, `x-ms-region`, `Retry-After`.
public struct UpstreamRejection: Sendable, CustomStringConvertible {
    public let status: Int
    public let reasonPhrase: String
    public let errorCode: String?
    public let errorMessage: String?
    public let requestID: String?
    public let region: String?
    public let retryAfter: String?
    /// The start of the body (at most `WebSocketClientHandshake.maxErrorBodyBytes`).
    public let bodyPrefix: String

    public init(status: Int, reasonPhrase: String, headers: [(name: String, value: String)], bodyPrefix: String) {
        self.status = status
        self.reasonPhrase = reasonPhrase
        self.bodyPrefix = bodyPrefix
        func field(_ name: String) -> String? { headers.first { $0.name == name }?.value }
        requestID = field("apim-request-id") ?? field("x-request-id")
        region = field("x-ms-region")
        retryAfter = field("retry-after")
        let error = (try? JSONValue.parse(bodyPrefix))?["error"]
        errorCode = error?["code"]?.stringValue
        errorMessage = error?["message"]?.stringValue ?? error?.stringValue
    }

    /// What to do, by status: the first thing to check.
    public var advice: String {
        switch status {
        case 401:
            "authentication failed: check AZURE_OPENAI_API_KEY, or that the Entra ID token is for https://cognitiveservices.azure.com (and that OPENAI_API_VERSION is unset for the GA endpoint)"
        case 403:
            "access denied: give the identity the \"Cognitive Services OpenAI User\" role on the resource, and check the resource's network rules"
        case 404:
            "not found: check AZURE_OPENAI_DEPLOYMENT_NAME (the deployment name, not the model name) and AZURE_OPENAI_ENDPOINT"
        case 429:
            "throttled by Azure: retry " + (retryAfter.map { "after \($0) s" } ?? "later") + ", or raise the deployment's quota"
        case 400:
            "the request was refused: check the deployment supports realtime, and OPENAI_API_VERSION (unset for GA, a preview version for the preview path)"
        case 500...599:
            "Azure failed: retry later"
        default:
            "unexpected answer to a WebSocket upgrade: check AZURE_OPENAI_ENDPOINT"
        }
    }

    public var description: String {
        var text = "Azure refused the realtime connection with \(status) \(reasonPhrase)"
        if let errorCode { text += " (\(errorCode))" }
        if let errorMessage { text += ": \(errorMessage)" }
        text += "; " + advice
        if let requestID { text += "; apim-request-id \(requestID)" }
        if let region { text += "; region \(region)" }
        return text
    }
}
