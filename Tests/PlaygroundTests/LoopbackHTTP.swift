import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client over a blocking TCP socket to 127.0.0.1 only, for the server tests:
/// it sends raw bytes (so it can also send garbage) and reads the answer, or streams server-sent
/// events as they arrive. Every read has a deadline.
final class LoopbackConnection {
    let socket: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw LoopbackError("socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(socket); throw LoopbackError("connect to 127.0.0.1:\(port) failed: errno \(errno)") }
    }

    deinit { close(socket) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw LoopbackError("send failed: errno \(errno)") }
            sent += n
        }
    }

    /// Reads more bytes into the buffer; false at end of stream.
    private func fill(deadline: ContinuousClock.Instant) throws -> Bool {
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { throw LoopbackError("timed out waiting for the server") }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(max(1, remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000))
        let ready = poll(&descriptor, 1, milliseconds)
        guard ready > 0 else { throw LoopbackError("timed out waiting for the server") }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        if n <= 0 { return false }
        buffer += chunk[0..<n]
        return true
    }

    /// Reads up to and including `delimiter`; nil at end of stream.
    func read(until delimiter: String, deadline: ContinuousClock.Instant) throws -> String? {
        let pattern = Array(delimiter.utf8)
        while true {
            if let range = firstRange(of: pattern) {
                let text = String(decoding: buffer[..<range.upperBound], as: UTF8.self)
                buffer.removeFirst(range.upperBound)
                return text
            }
            guard try fill(deadline: deadline) else { return nil }
        }
    }

    func read(count: Int, deadline: ContinuousClock.Instant) throws -> String {
        while buffer.count < count { guard try fill(deadline: deadline) else { break } }
        let taken = min(count, buffer.count)
        let text = String(decoding: buffer[..<taken], as: UTF8.self)
        buffer.removeFirst(taken)
        return text
    }

    /// Whether the server has closed the connection (reads to end of stream, dropping the bytes).
    func readsToEnd(deadline: ContinuousClock.Instant) -> Bool {
        while true {
            buffer.removeAll()
            do { if try !fill(deadline: deadline) { return true } } catch { return false }
        }
    }

    private func firstRange(of pattern: [UInt8]) -> Range<Int>? {
        guard buffer.count >= pattern.count else { return nil }
        for start in 0...(buffer.count - pattern.count) where buffer[start..<start + pattern.count].elementsEqual(pattern) {
            return start..<start + pattern.count
        }
        return nil
    }
}

struct LoopbackError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// An HTTP answer: status, headers (lowercased names) and the body read so far.
struct HTTPAnswer {
    var status: Int
    var headers: [String: String]
    var body: String
}

/// One server-sent event.
struct StreamEvent {
    var name: String
    var data: String
}

enum LoopbackHTTP {
    /// Sends a request and reads the status line and headers.
    /// `cookie` (e.g. "playground-client=…") is sent as the Cookie header.
    static func head(
        _ connection: LoopbackConnection, method: String, path: String, cookie: String? = nil, deadline: ContinuousClock.Instant
    ) throws -> HTTPAnswer {
        let cookieLine = cookie.map { "Cookie: \($0)\r\n" } ?? ""
        try connection.send("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\(cookieLine)Content-Length: 0\r\n\r\n")
        guard let head = try connection.read(until: "\r\n\r\n", deadline: deadline) else {
            throw LoopbackError("the server closed the connection without an answer")
        }
        let lines = head.split(separator: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return HTTPAnswer(status: status, headers: headers, body: "")
    }

    /// A whole answer with a Content-Length body.
    static func request(
        port: Int, method: String = "GET", path: String, cookie: String? = nil, timeout: Duration = .seconds(60)
    ) throws -> HTTPAnswer {
        let deadline = ContinuousClock.now + timeout
        let connection = try LoopbackConnection(port: port)
        var answer = try head(connection, method: method, path: path, cookie: cookie, deadline: deadline)
        let length = Int(answer.headers["content-length"] ?? "0") ?? 0
        answer.body = try connection.read(count: length, deadline: deadline)
        return answer
    }

    /// Reads chunked server-sent events until `stop` says so or the stream ends.
    static func events(
        _ connection: LoopbackConnection, deadline: ContinuousClock.Instant, stop: (StreamEvent) -> Bool
    ) throws -> [StreamEvent] {
        var events: [StreamEvent] = []
        var pending = ""
        while true {
            // Chunked transfer: a hex size line, then that many bytes and CRLF.
            guard let sizeLine = try connection.read(until: "\r\n", deadline: deadline) else { return events }
            let size = Int(sizeLine.trimmingCharacters(in: .whitespacesAndNewlines), radix: 16) ?? 0
            if size == 0 { return events }
            pending += try connection.read(count: size, deadline: deadline)
            _ = try connection.read(until: "\r\n", deadline: deadline)
            while let end = pending.range(of: "\n\n") {
                let block = pending[..<end.lowerBound]
                pending = String(pending[end.upperBound...])
                var name = "message"
                var data = ""
                for line in block.split(separator: "\n") {
                    if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") { data += line.dropFirst(6) }
                }
                if data.isEmpty { continue }  // a keep-alive comment
                let event = StreamEvent(name: name, data: data)
                events.append(event)
                if stop(event) { return events }
            }
        }
    }
}
