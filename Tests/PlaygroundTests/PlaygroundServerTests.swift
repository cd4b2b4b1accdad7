import Foundation
import NeuralKit
import Testing
@testable import Playground
@testable import PlaygroundWeb

/// The server over real HTTP on 127.0.0.1: the page, refused input, streams, stop, an abandoned
/// connection, hostile requests.
@Suite("Playground server", .serialized)
struct PlaygroundServerTests {
    @Test func servesThePageWithNoOutsideRequest() async throws {
        let running = try await RunningServer.start()
        let page = try LoopbackHTTP.request(port: running.port, path: "/")
        #expect(page.status == 200)
        #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(page.headers["content-security-policy"]?.contains("default-src 'self'") == true)
        #expect(page.body.contains("<canvas id=\"boundary\""))
        for name in ["playground.js", "playground.css"] {
            let file = try LoopbackHTTP.request(port: running.port, path: "/" + name)
            #expect(file.status == 200)
            // No CDN, no font service: nothing names another origin.
            #expect(!file.body.contains("http://") && !file.body.contains("https://") && !file.body.contains("//cdn"))
        }
        #expect(!page.body.contains("http://") && !page.body.contains("https://"))
        #expect(try LoopbackHTTP.request(port: running.port, path: "/../Package.swift").status == 404)
        #expect(try LoopbackHTTP.request(port: running.port, path: "/Site/index.html").status == 404)
        let presets = try LoopbackHTTP.request(port: running.port, path: "/api/presets")
        #expect(presets.status == 200 && presets.body.contains("\"lesson\":\"early-stopping\""))
    }

    @Test func badInputIsA400WithNeuralKitsMessage() async throws {
        let running = try await RunningServer.start()
        let dropout = try LoopbackHTTP.request(port: running.port, path: "/api/train?dropout=1.5")
        #expect(dropout.status == 400)
        let expected = "\(try #require(throws: HyperparameterError.self) { try Dropout<Float>(probability: 1.5, generator: RandomGenerator(seed: 1)) })"
        #expect(dropout.body.contains(expected), "\(dropout.body)")
        #expect(dropout.body.contains("\"setting\":\"dropout\""))
        let cases: [(String, String)] = [
            ("l2=-1", "L2Penalty: strength = -1.0 is outside the allowed range [0.0, ∞)"),
            ("width=1000000000", "width = 1000000000 is outside the allowed range [1, 256]"),
            ("dataset=imagenet", "unknown name; choose one of two-moons, circles, spirals, noisy-sine, digits"),
            ("epochs=ten", "not a whole number"),
            ("lr=nan", "learningRate = nan"),
        ]
        for (query, message) in cases {
            let answer = try LoopbackHTTP.request(port: running.port, path: "/api/train?" + query)
            #expect(answer.status == 400, "\(query)")
            #expect(answer.body.contains(message), "\(query): \(answer.body)")
        }
        // Still serving, nothing left running.
        #expect(try running.status().limits.contains("server limit"))
        let status = try await running.settledStatus()
        #expect(status.refused == 6 && status.held == 0 && status.started == 0)
    }

    @Test func aRunStreamsQueuedStartedEpochsAndFinished() async throws {
        let running = try await RunningServer.start()
        let connection = try LoopbackConnection(port: running.port)
        let head = try LoopbackHTTP.head(connection, method: "GET", path: "/api/train?epochs=7&n=100&seed=3",
                                         deadline: .now + .seconds(10))
        #expect(head.status == 200)
        #expect(head.headers["content-type"]?.hasPrefix("text/event-stream") == true)
        let events = try LoopbackHTTP.events(connection, deadline: .now + .seconds(30)) { $0.name == "finished" }
        #expect(events.map(\.name) == ["queued", "started"] + Array(repeating: "epoch", count: 7) + ["finished"])
        let configuration = try RunConfiguration(query: "epochs=7&n=100&seed=3")
        #expect(events[1].data.contains(TrainingSession.configurationHash(configuration)))
        // One log line per run: hash, seed, epochs, time.
        _ = try await running.settledStatus()  // the line is written before the run is let go
        let logged = running.runLog
        #expect(logged.count == 1)
        #expect(logged.first?.contains("run \(TrainingSession.configurationHash(configuration)) seed 3 dataset two-moons epochs 7/7 time ") == true)
        #expect(logged.first?.hasSuffix("finished") == true)
    }

    @Test func stopAndAnAbandonedConnectionCancelTheRun() async throws {
        let running = try await RunningServer.start()
        let long = "/api/train?n=2000&width=256&depth=4&epochs=500"

        // Stop by token.
        let first = try LoopbackConnection(port: running.port)
        _ = try LoopbackHTTP.head(first, method: "GET", path: long, deadline: .now + .seconds(10))
        let opening = try LoopbackHTTP.events(first, deadline: .now + .seconds(30)) { $0.name == "epoch" }
        let queued = try #require(opening.first { $0.name == "queued" }?.data)
        let token = try #require((try JSONSerialization.jsonObject(with: Data(queued.utf8)) as? [String: Any])?["run"] as? String)
        #expect(try LoopbackHTTP.request(port: running.port, method: "POST", path: "/api/runs/\(token)/stop").status == 204)
        let rest = try LoopbackHTTP.events(first, deadline: .now + .seconds(10)) { $0.name == "cancelled" }
        #expect(rest.last?.name == "cancelled")
        #expect(rest.last?.data.contains("stopped from the page") == true)
        #expect(try LoopbackHTTP.request(port: running.port, method: "POST", path: "/api/runs/0123/stop").status == 404)

        // Close the connection mid-run: the server notices and frees the slot.
        do {
            let second = try LoopbackConnection(port: running.port)
            _ = try LoopbackHTTP.head(second, method: "GET", path: long, deadline: .now + .seconds(10))
            _ = try LoopbackHTTP.events(second, deadline: .now + .seconds(30)) { $0.name == "epoch" }
        }
        let status = try await running.settledStatus()
        #expect(status.held == 0 && status.running == 0)
        #expect(status.cancelled == 2)
    }

    /// Garbage, a WebSocket upgrade with junk frames, an oversized header and body: each is refused,
    /// and the server goes on serving.
    @Test func hostileRequestsAreRefused() async throws {
        let running = try await RunningServer.start()
        let deadline = ContinuousClock.now + .seconds(20)

        let garbage = try LoopbackConnection(port: running.port)
        try garbage.send((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 73 &+ 11) })
        #expect(garbage.readsToEnd(deadline: deadline), "the server kept a connection of garbage open")

        let upgrade = try LoopbackConnection(port: running.port)
        try upgrade.send("GET /api/socket HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
        try upgrade.send([0x81, 0xFF, 0xFF, 0xFF] + [UInt8](repeating: 0x41, count: 512))
        let answer = try upgrade.read(until: "\r\n", deadline: deadline) ?? ""
        #expect(!answer.contains("101"), "the server switched protocols: \(answer)")

        let header = try LoopbackConnection(port: running.port)
        try? header.send("GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: \(String(repeating: "a", count: 200_000))\r\n\r\n")
        let headerAnswer = (try? header.read(until: "\r\n", deadline: deadline)) ?? nil
        #expect(headerAnswer.map { !$0.contains(" 200 ") } ?? true, "a 200 KB header was accepted")

        let longQuery = try LoopbackHTTP.request(port: running.port, path: "/api/train?seed=" + String(repeating: "9", count: 4000))
        #expect(longQuery.status == 400 && longQuery.body.contains("longer than 2048 characters"))

        let body = try LoopbackConnection(port: running.port)
        try? body.send("POST /api/runs/abc/stop HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50000000\r\n\r\n")
        try? body.send([UInt8](repeating: 0x42, count: 1_000_000))
        let bodyAnswer = (try? body.read(until: "\r\n", deadline: deadline)) ?? nil
        #expect(bodyAnswer.map { !$0.contains(" 2") } ?? true)

        let status = try LoopbackHTTP.request(port: running.port, path: "/api/status")
        #expect(status.status == 200)
        let settled = try await running.settledStatus()
        #expect(settled.held == 0 && settled.started == 0)
    }

    /// SIGINT to `playground` (the executable): it stops its runs, ends their streams and exits 0.
    @Test func sigintShutsDownCleanly() async throws {
        let running = try await RunningServer.start(concurrentRuns: 1)
        #expect(running.url == "http://127.0.0.1:\(running.port)/")
        let connection = try LoopbackConnection(port: running.port)
        _ = try LoopbackHTTP.head(connection, method: "GET", path: "/api/train?n=2000&width=256&depth=4&epochs=500",
                                  deadline: .now + .seconds(10))
        _ = try LoopbackHTTP.events(connection, deadline: .now + .seconds(30)) { $0.name == "epoch" }
        running.interrupt()
        let ending = try LoopbackHTTP.events(connection, deadline: .now + .seconds(15)) { $0.name == "cancelled" }
        #expect(ending.last?.data.contains("the server is shutting down") == true)
        #expect(await running.exitStatus() == 0)
    }
}
