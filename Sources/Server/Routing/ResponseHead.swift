// Serialises a response head straight into a connection's output queue.
import HTTP
import Reactor

/// A response status line and fields about to be written. `Date`, `Content-Length` and
/// `Connection` are added by `ServerConnection`, which knows the connection's state.
struct ResponseHead {
    var status: HTTPStatus
    var contentType: String?
    /// nil omits the field (a 304).
    var contentLength: Int?
    var extraFields: [(String, String)] = []

    init(status: HTTPStatus, contentType: String? = nil, contentLength: Int?, extraFields: [(String, String)] = []) {
        self.status = status
        self.contentType = contentType
        self.contentLength = contentLength
        self.extraFields = extraFields
    }

    /// Writes the head; `connectionField` is "close", "keep-alive" or nil (HTTP/1.1 default).
    func write(to connection: TCPConnection, date: String, connectionField: String?) {
        var text = "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\nDate: \(date)\r\nServer: realtime-relay\r\n"
        if let contentType { text += "Content-Type: \(contentType)\r\n" }
        if let contentLength { text += "Content-Length: \(contentLength)\r\n" }
        for (name, value) in extraFields { text += "\(name): \(value)\r\n" }
        if let connectionField { text += "Connection: \(connectionField)\r\n" }
        text += "\r\n"
        text.withUTF8 { connection.write(UnsafeRawBufferPointer($0)) }
    }
}
