import NIOCore
import NIOHTTP1
import NIOPosix

/// One keep-alive HTTP/1.1 connection that sends a request and reads its whole response, one at a time, as a
/// client of the API would. Owned by one task: `withConnection` scopes it and closes it afterwards.
struct HTTPConnection {
    /// A response: status and body bytes.
    struct Response {
        var status: Int
        var body: [UInt8]
    }

    private var inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
    private let hostHeader: String

    /// Connects to `host:port` (TCP_NODELAY, so a small request is not held back by Nagle's algorithm waiting for
    /// the previous response's ACK) and runs `body` with the connection.
    static func withConnection<T>(
        host: String, port: Int, _ body: (inout HTTPConnection) async throws -> T
    ) async throws -> T {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var connection = HTTPConnection(
                inbound: inbound.makeAsyncIterator(), outbound: outbound, hostHeader: "\(host):\(port)")
            return try await body(&connection)
        }
    }

    /// Sends one request and waits for its complete response.
    mutating func send(
        _ method: HTTPMethod, _ target: String, headers: [(name: String, value: String)], body: [UInt8] = []
    ) async throws -> Response {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: target)
        head.headers.add(name: "Host", value: hostHeader)
        if !body.isEmpty {
            head.headers.add(name: "Content-Type", value: "application/json")
            head.headers.add(name: "Content-Length", value: String(body.count))
        }
        for header in headers { head.headers.add(name: header.name, value: header.value) }
        var parts: [HTTPClientRequestPart] = [.head(head)]
        if !body.isEmpty { parts.append(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
        parts.append(.end(nil))
        try await outbound.write(contentsOf: parts)
        var status = 0
        var received = ByteBuffer()
        while let part = try await inbound.next() {
            switch part {
            case .head(let responseHead):
                status = Int(responseHead.status.code)
            case .body(var chunk):
                received.writeBuffer(&chunk)
            case .end:
                return Response(status: status, body: Array(received.readableBytesView))
            }
        }
        throw BenchError("the server closed the connection before answering \(method) \(target)")
    }
}
