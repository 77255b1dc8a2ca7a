// Turning an HTTP request into a WebSocket: check the handshake, ask the service, send 101, hand over.
import HTTP
import Reactor
import WebSocket
import WebSocketIO

extension ServerConnection {
    func upgrade(_ head: HTTPRequestHead, service: any WebSocketService) {
        let request: WebSocketUpgradeRequest
        switch WebSocketServerHandshake.evaluate(head) {
        case .failure(let rejection):
            return refuseUpgrade(rejection.status, reason: rejection.reason, fields: rejection.headers)
        case .success(let accepted):
            request = accepted
        }
        let subprotocol: String?
        switch service.decide(request, head: head) {
        case .refuse(let status, let reason):
            return refuseUpgrade(status, reason: reason, fields: [])
        case .refuseWithBody(let status, let contentType, let body):
            return refuseUpgrade(status, body: body, contentType: contentType, fields: [])
        case .accept(let chosen):
            subprotocol = chosen
        }
        let configuration = state.configuration
        let negotiated = PerMessageDeflate.accept(offers: request.deflateOffers, configuration: configuration.webSocketDeflate)
        tcp.write(WebSocketServerHandshake.response(for: request, protocol: subprotocol, deflate: negotiated))
        var inflater: (any WebSocketMessageInflater)?
        var deflater: (any WebSocketMessageDeflater)?
        if let negotiated {
            (inflater, deflater) = PerMessageDeflate.makeCodecs(parameters: negotiated, role: .server,
                                                                 configuration: configuration.webSocketDeflate)
        }
        state.metrics.countResponse(status: 101)
        timer.cancel()  // HTTP timeouts end here; the WebSocket keeps its own
        upgraded = true
        let connection = WebSocketConnection(stream: tcp, role: .server, configuration: configuration.webSocket,
                                             inflater: inflater, deflater: deflater)
        state.connectionUpgraded(self, to: connection)
        service.upgraded(connection, request: request, head: head)
    }

    /// A refused upgrade is an ordinary HTTP error response, and the connection closes after it.
    private func refuseUpgrade(_ status: HTTPStatus, reason: String, fields: [(String, String)]) {
        refuseUpgrade(status, body: "\(status.code) \(status.reasonPhrase): \(reason)\n",
                      contentType: "text/plain; charset=utf-8", fields: fields)
    }

    private func refuseUpgrade(_ status: HTTPStatus, body: String, contentType: String, fields: [(String, String)]) {
        let response = ResponseHead(status: status, contentType: contentType,
                                    contentLength: body.utf8.count, extraFields: fields)
        response.write(to: tcp, date: state.date, connectionField: "close")
        var text = body
        text.withUTF8 { tcp.write(UnsafeRawBufferPointer($0)) }
        state.metrics.countResponse(status: status.code)
        responseQueued(keepAlive: false)
    }
}
