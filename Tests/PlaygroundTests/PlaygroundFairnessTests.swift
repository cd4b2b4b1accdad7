import Foundation
import Testing

/// The fair queue over real HTTP: a greedy browser (many runs) and a polite one (one run), told
/// apart by the `playground-client` cookie the page sets, or else by address.
@Suite("Playground fairness across clients", .serialized)
struct PlaygroundFairnessTests {
    static let greedy = "playground-client=" + String(repeating: "a", count: 32)
    static let polite = "playground-client=" + String(repeating: "b", count: 32)

    /// One stream's story: its first place in the queue, when it began training and when it ended.
    struct Streamed: Sendable {
        var firstPosition: Int?
        var started: ContinuousClock.Instant?
        var ended: ContinuousClock.Instant?
        var last: String?
        var error: String?
    }

    /// A stream running on a thread of its own, started at once (not from a task: in the full
    /// suite the test process's cooperative pool can be taken for minutes).
    final class Handle: Sendable {
        private let outcome = Locked<Streamed?>(nil)
        init(port: Int, query: String, cookie: String?) {
            Thread { [outcome] in
                let result = PlaygroundFairnessTests.streamNow(port: port, query: query, cookie: cookie)
                outcome.withLock { $0 = result }
            }.start()
        }
        /// The stream's story once it has ended.
        var value: Streamed {
            get async {
                while true {
                    if let result = outcome.withLock({ $0 }) { return result }
                    try? await Task.sleep(for: .milliseconds(50))
                }
            }
        }
    }

    /// Streams one run on a thread of its own.
    static func stream(port: Int, query: String, cookie: String?) async -> Streamed {
        await Handle(port: port, query: query, cookie: cookie).value
    }

    /// Streams one run on the calling thread.
    static func streamNow(port: Int, query: String, cookie: String?) -> Streamed {
        var result = Streamed()
        do {
            let connection = try LoopbackConnection(port: port)
            let deadline = ContinuousClock.now + .seconds(120)
            let head = try LoopbackHTTP.head(connection, method: "GET", path: "/api/train?" + query, cookie: cookie, deadline: deadline)
            guard head.status == 200 else { throw LoopbackError("HTTP \(head.status)") }
            _ = try LoopbackHTTP.events(connection, deadline: deadline) { event in
                if event.name == "queued", let position = Self.position(event.data) {
                    if result.firstPosition == nil { result.firstPosition = position }
                    if position == 0 { result.started = .now }
                }
                result.last = event.name
                return ["finished", "failed", "cancelled"].contains(event.name)
            }
            result.ended = .now
        } catch {
            result.error = "\(error)"
        }
        return result
    }

    static func position(_ data: String) -> Int? {
        (try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])?["position"] as? Int
    }

    /// Waits until the server holds `running` and `waiting` runs, then at once does `action`.
    /// Polled, and `action` done, from a thread of its own: in the full suite the test's task
    /// could wait seconds for the cooperative pool, long enough for the state to pass unseen (a
    /// run saw "0 running and 0 waiting", another sent its next request after a greedy run had
    /// ended and a waiting one had moved up).
    static func waitFor<Value: Sendable>(
        _ server: RunningServer, running: Int, waiting: Int, then action: @escaping @Sendable () throws -> Value
    ) async throws -> Value {
        let outcome: Result<Value, any Error> = await withCheckedContinuation { continuation in
            Thread {
                let deadline = ContinuousClock.now + .seconds(60)
                var last = "no status"
                while ContinuousClock.now < deadline {
                    if let status = try? server.status() {
                        if status.running == running && status.waiting == waiting {
                            continuation.resume(returning: Result { try action() })
                            return
                        }
                        last = "\(status.running) and \(status.waiting)"
                    }
                    Thread.sleep(forTimeInterval: 0.01)
                }
                continuation.resume(returning: .failure(
                    LoopbackError("expected \(running) running and \(waiting) waiting; the server has \(last)")))
            }.start()
        }
        return try outcome.get()
    }

    /// Waits until the server holds `running` and `waiting` runs.
    static func waitFor(_ server: RunningServer, running: Int, waiting: Int) async throws {
        try await waitFor(server, running: running, waiting: waiting) { () }
    }

    @Test(.timeLimit(.minutes(3))) func aGreedyClientCannotStarveAPoliteOne() async throws {
        let server = try await RunningServer.start(concurrentRuns: 2, runsPerClient: 1, maximumWaitingPerClient: 3)
        // Long enough that the state "one trains, three wait" lasts seconds even on a loaded machine.
        let query = "n=2000&width=64&depth=2&batch=8&epochs=150"
        // The greedy browser opens four runs: one trains and three wait, although a slot is free.
        let greedy = (1...4).map { seed in Handle(port: server.port, query: query + "&seed=\(seed)", cookie: Self.greedy) }
        // A fifth, sent as soon as that state is seen, is refused at once, with a clear message.
        let fifth = try await Self.waitFor(server, running: 1, waiting: 3) {
            try LoopbackHTTP.request(port: server.port, path: "/api/train?" + query, cookie: Self.greedy)
        }
        #expect(fifth.status == 429)
        #expect(fifth.body.contains("you already have 3 runs waiting, the most one client may queue"), "\(fifth.body)")
        // The polite browser's one run trains at once (first come, first served would have put it
        // behind the greedy backlog).
        let polite = await Self.stream(port: server.port, query: query + "&seed=9", cookie: Self.polite)
        #expect(polite.error == nil && polite.last == "finished", "\(polite)")
        #expect(polite.firstPosition == 0, "the polite run waited: first place \(polite.firstPosition.map(String.init) ?? "none")")
        var greedyRuns: [Streamed] = []
        for handle in greedy { greedyRuns.append(await handle.value) }
        #expect(greedyRuns.count == 4)
        for run in greedyRuns { #expect(run.error == nil && run.last == "finished", "\(run)") }
        #expect(greedyRuns.filter { $0.firstPosition == 0 }.count == 1, "one greedy run trained at once, three waited")
        let status = try await server.settledStatus()
        #expect(status.finished == 5 && status.refused == 1 && status.clients == 0, "\(status)")
    }

    @Test func thePageSetsTheIdentityAndWithoutOneTheAddressCounts() async throws {
        let server = try await RunningServer.start(concurrentRuns: 2, runsPerClient: 1)
        let page = try LoopbackHTTP.request(port: server.port, path: "/")
        let cookie = try #require(page.headers["set-cookie"])
        #expect(cookie.range(of: #"^playground-client=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Strict$"#, options: .regularExpression) != nil, "\(cookie)")
        let again = try LoopbackHTTP.request(port: server.port, path: "/", cookie: String(cookie.prefix { $0 != ";" }))
        #expect(again.headers["set-cookie"] == nil)

        // Without a (well-formed) cookie, the runs from one address are one client: the second
        // waits although a slot is free.
        let long = "n=2000&width=64&depth=2&batch=8&epochs=500"
        let first = Handle(port: server.port, query: long + "&seed=1", cookie: nil)
        try await Self.waitFor(server, running: 1, waiting: 0)
        let second = Handle(port: server.port, query: long + "&seed=2", cookie: "playground-client=../../etc/passwd")
        try await Self.waitFor(server, running: 1, waiting: 1)
        #expect(try server.status().clients == 1)
        server.interrupt()
        #expect(await second.value.firstPosition == 1)
        #expect(await first.value.last == "cancelled")
        #expect(await second.value.last == "cancelled")
        #expect(await server.exitStatus() == 0)
    }
}
