// Building the answer to one request: routing, operations endpoints, an application's routes, static files, errors.
#if canImport(Glibc)
import Glibc
#endif
import Buffers
import HTTP
import Reactor

extension ServerConnection {
    func respond(to head: HTTPRequestHead) {
        if let service = state.configuration.webSocketService, service.handles(path: head.path) {
            return upgrade(head, service: service)
        }
        let keepAlive = head.keepAlive && !state.draining && !closeAfterResponse
        guard head.method == .get || head.method == .head else {
            let allow = [("Allow", Route.allowedMethods)]
            return sendText(.methodNotAllowed, "405 Method Not Allowed: use GET or HEAD\n", head: head,
                            keepAlive: keepAlive, extraFields: allow)
        }
        switch Route(path: head.path) {
        case .health:
            sendText(.ok, "ok\n", head: head, keepAlive: keepAlive, extraFields: Self.noStore)
        case .readiness:
            if state.server.lifecycle.isDraining {
                sendText(.serviceUnavailable, "draining\n", head: head, keepAlive: false, extraFields: Self.noStore)
            } else if let problem = state.server.configuration.readiness?() {
                sendText(.serviceUnavailable, "not ready: \(problem)\n", head: head, keepAlive: keepAlive, extraFields: Self.noStore)
            } else {
                sendText(.ok, "ready\n", head: head, keepAlive: keepAlive, extraFields: Self.noStore)
            }
        case .metrics:
            pendingMetricsRequest = (head, keepAlive)
            beginAsyncResponse()
            state.server.gatherMetrics(replyLoop: tcp.context.loop, connectionID: id)
        case .staticFile:
            if let service = state.configuration.httpService, service.handles(path: head.path) {
                serve(head, with: service, keepAlive: keepAlive)
            } else {
                serveStaticFile(head, keepAlive: keepAlive)
            }
        }
    }

    private func serve(_ head: HTTPRequestHead, with service: any HTTPService, keepAlive: Bool) {
        let answer = service.respond(to: head)
        let response = ResponseHead(status: answer.status, contentType: answer.contentType,
                                    contentLength: answer.body.count, extraFields: answer.headerFields)
        writeHead(response, keepAlive: keepAlive, version: head.version)
        switch answer.body {
        case .bytes(let bytes):
            if head.method == .get { tcp.write(bytes) }
        case .file(let descriptor, let count):
            if head.method == .get {
                tcp.write(file: descriptor, offset: 0, count: count)  // closes the descriptor when done
            } else {
                Glibc.close(descriptor)
            }
        }
        countAndFinish(status: answer.status, keepAlive: keepAlive)
    }

    func finishMetricsResponse(_ total: HTTPCounters, extra: [MetricFamily]) {
        guard let (head, keepAlive) = pendingMetricsRequest, tcp.isOpen else { return }
        pendingMetricsRequest = nil
        let body = PrometheusText.render(MetricsRoute.families(total, draining: state.server.lifecycle.isDraining) + extra)
        sendText(.ok, body, head: head, keepAlive: keepAlive, contentType: PrometheusText.contentType,
                 extraFields: Self.noStore)
        resumeAfterAsyncResponse()
    }

    private func serveStaticFile(_ head: HTTPRequestHead, keepAlive: Bool) {
        guard let cache = state.staticFiles else {
            return sendText(.notFound, "404 Not Found\n", head: head, keepAlive: keepAlive)
        }
        let entry = cache.entry(for: head.path, now: tcp.context.now)
        let file: StaticFile
        switch entry.lookup {
        case .file(let found): file = found
        case .notFound: return sendText(.notFound, "404 Not Found\n", head: head, keepAlive: keepAlive)
        case .badRequest(let reason): return respondWithError(.badRequest, reason: reason)
        }
        if ConditionalRequest.notModified(ifNoneMatch: head.headers["if-none-match"],
                                          ifModifiedSince: head.headers["if-modified-since"], file: file) {
            // RFC 9110 §15.4.5: a 304 carries the validators and Cache-Control, no body, and no
            // Content-Length (§8.6: it could only repeat the 200's length, which says nothing here).
            let fields = [("ETag", file.etag), ("Last-Modified", file.lastModified), ("Cache-Control", file.cacheControl)]
            let response = ResponseHead(status: .notModified, contentLength: nil, extraFields: fields)
            return finish(response, head: head, keepAlive: keepAlive, body: nil)
        }
        var descriptor: Int32 = -1
        if head.method == .get && entry.body == nil {
            // The path is canonical: O_NOFOLLOW refuses a symlink swapped in since it was resolved.
            descriptor = open(file.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            if descriptor < 0 { return sendText(.notFound, "404 Not Found\n", head: head, keepAlive: keepAlive) }
        }
        writeCachedHead(entry.okHead!, keepAlive: keepAlive, version: head.version)
        if head.method == .get {
            if let body = entry.body {
                tcp.write(shared: body)  // gathered with the head into one writev
            } else {
                tcp.write(file: descriptor, offset: 0, count: file.size)
            }
        }
        countAndFinish(status: .ok, keepAlive: keepAlive)
    }

    /// The prebuilt head plus `Date`, `Connection` and the empty line, in one append.
    private func writeCachedHead(_ okHead: SharedBytes, keepAlive: Bool, version: HTTPVersion) {
        let connection: StaticString = keepAlive ? (version.minor == 0 ? "Connection: keep-alive\r\n" : "") : "Connection: close\r\n"
        var date = state.date
        date.withUTF8 { date in
            let length = okHead.count + 6 + date.count + 2 + connection.utf8CodeUnitCount + 2
            tcp.write(minimumCapacity: length) { room in
                var offset = 0
                func put(_ bytes: UnsafeRawBufferPointer) {
                    room.baseAddress!.advanced(by: offset).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
                    offset += bytes.count
                }
                put(okHead.bytes)
                put(UnsafeRawBufferPointer(start: ("Date: " as StaticString).utf8Start, count: 6))
                put(UnsafeRawBufferPointer(date))
                put(UnsafeRawBufferPointer(start: ("\r\n" as StaticString).utf8Start, count: 2))
                if connection.utf8CodeUnitCount > 0 {
                    put(UnsafeRawBufferPointer(start: connection.utf8Start, count: connection.utf8CodeUnitCount))
                }
                put(UnsafeRawBufferPointer(start: ("\r\n" as StaticString).utf8Start, count: 2))
                return offset
            }
        }
    }

    /// Answers a request that cannot be parsed or served, then closes (the stream may be out of sync).
    func respondWithError(_ status: HTTPStatus, reason: String) {
        let body = "\(status.code) \(status.reasonPhrase): \(reason)\n"
        let response = ResponseHead(status: status, contentType: "text/plain; charset=utf-8",
                                    contentLength: body.utf8.count)
        response.write(to: tcp, date: state.date, connectionField: "close")
        var text = body
        text.withUTF8 { tcp.write(UnsafeRawBufferPointer($0)) }
        countAndFinish(status: status, keepAlive: false)
    }

    // MARK: Writing

    private static let noStore = [("Cache-Control", "no-store")]

    private func sendText(_ status: HTTPStatus, _ body: String, head: HTTPRequestHead, keepAlive: Bool,
                          contentType: String = "text/plain; charset=utf-8", extraFields: [(String, String)] = []) {
        let response = ResponseHead(status: status, contentType: contentType, contentLength: body.utf8.count,
                                    extraFields: extraFields)
        finish(response, head: head, keepAlive: keepAlive, body: head.method == .head ? nil : body)
    }

    private func finish(_ response: ResponseHead, head: HTTPRequestHead, keepAlive: Bool, body: String?) {
        writeHead(response, keepAlive: keepAlive, version: head.version)
        if var body {
            body.withUTF8 { tcp.write(UnsafeRawBufferPointer($0)) }
        }
        countAndFinish(status: response.status, keepAlive: keepAlive)
    }

    private func writeHead(_ response: ResponseHead, keepAlive: Bool, version: HTTPVersion) {
        // HTTP/1.1 is persistent by default; HTTP/1.0 must be told (RFC 9112 §9.3).
        let field: String? = keepAlive ? (version.minor == 0 ? "keep-alive" : nil) : "close"
        response.write(to: tcp, date: state.date, connectionField: field)
    }

    private func countAndFinish(status: HTTPStatus, keepAlive: Bool) {
        state.metrics.countResponse(status: status.code)
        responseQueued(keepAlive: keepAlive)
    }
}
