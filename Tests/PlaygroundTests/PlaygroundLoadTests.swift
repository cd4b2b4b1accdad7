import Foundation
import NeuralKit
import Synchronization
import Testing
@testable import Playground
@testable import PlaygroundWeb

/// Many clients at once, on loopback only (127.0.0.1), bounded in count (50 clients, one run
/// each) and in time (every read has a deadline; the whole test about 10 s).
@Suite("Playground load", .serialized)
struct PlaygroundLoadTests {
    struct ClientResult: Sendable {
        var seed: UInt64
        var status: Int
        var events: [String]
        var startedQuery: String?
        var finished: String?
        var refusal: String?
        var firstEpochSeconds: Double?
        var error: String?
    }

    /// One client: start the run with its own seed, read to the final event.
    static func client(port: Int, query: String, seed: UInt64) -> ClientResult {
        var result = ClientResult(seed: seed, status: 0, events: [])
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let connection = try LoopbackConnection(port: port)
            let deadline = start + .seconds(60)
            // Each client is a browser of its own (its own identity in the fair queue).
            let cookie = "playground-client=" + String(repeating: "0", count: 16) + String(format: "%016x", seed)
            var head = try LoopbackHTTP.head(
                connection, method: "GET", path: "/api/train?\(query)&seed=\(seed)", cookie: cookie, deadline: deadline)
            result.status = head.status
            guard head.status == 200 else {
                head.body = try connection.read(count: Int(head.headers["content-length"] ?? "0") ?? 0, deadline: deadline)
                result.refusal = head.body
                return result
            }
            let events = try LoopbackHTTP.events(connection, deadline: deadline) { event in
                if event.name == "epoch" && result.firstEpochSeconds == nil {
                    let elapsed = clock.now - start
                    result.firstEpochSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                }
                return ["finished", "failed", "cancelled"].contains(event.name)
            }
            result.events = events.map(\.name)
            result.startedQuery = events.first { $0.name == "started" }?.data
            result.finished = events.last { $0.name == "finished" }?.data
            if events.last?.name == "failed" { result.refusal = events.last?.data }
        } catch {
            result.error = "\(error)"
        }
        return result
    }

    /// Runs `count` clients on threads of their own, all at once.
    static func clients(_ count: Int, port: Int, query: String) async -> [ClientResult] {
        await withTaskGroup(of: ClientResult.self) { group in
            for index in 0..<count {
                group.addTask {
                    await withCheckedContinuation { continuation in
                        Thread { continuation.resume(returning: client(port: port, query: query, seed: UInt64(100 + index))) }.start()
                    }
                }
            }
            var results: [ClientResult] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.seed < $1.seed }
        }
    }

    @Test func fiftyClientsEachGetTheirOwnCompleteRun() async throws {
        let running = try await RunningServer.start(concurrentRuns: 2, maximumWaiting: 64)
        let query = "n=100&width=32&depth=2&epochs=5"
        let memoryBefore = running.residentMemory
        let clock = ContinuousClock()
        let start = clock.now
        let results = await Self.clients(50, port: running.port, query: query)
        let wall = clock.now - start
        let memoryAfter = running.residentMemory

        #expect(results.count == 50)
        for result in results {
            #expect(result.error == nil, "client \(result.seed): \(result.error ?? "")")
            #expect(result.status == 200)
            #expect(result.events.filter { $0 == "epoch" }.count == 5, "client \(result.seed): \(result.events)")
            #expect(result.events.last == "finished")
            // Not mixed: the stream carries this client's own configuration and numbers.
            var configuration = try RunConfiguration(query: query)
            configuration.seed = result.seed
            #expect(result.startedQuery?.contains(TrainingSession.configurationHash(configuration)) == true)
        }
        // Spot-check the numbers against the same runs trained here, outside the server.
        for seed: UInt64 in [100, 125, 149] {
            var configuration = try RunConfiguration(query: query)
            configuration.seed = seed
            var summary: RunSummary?
            TrainingSession.run(try PreparedRun(configuration)) { if case .finished(let s) = $0 { summary = s } }
            let streamed = try #require(results.first { $0.seed == seed }?.finished)
            let expected = try #require(summary)
            let decoded = try JSONDecoder().decode(RunSummary.self, from: Data(streamed.utf8))
            #expect(decoded.validationLoss == expected.validationLoss && decoded.trainLoss == expected.trainLoss)
            #expect(decoded.validationAccuracy == expected.validationAccuracy)
        }
        let status = try await running.settledStatus()
        #expect(status.finished == 50 && status.held == 0 && status.running == 0 && status.waiting == 0)
        // Memory: 50 queued streams and two training runs at a time add little to the server.
        let growth = memoryAfter.current - memoryBefore.current
        #expect(growth < 300, "resident memory grew by \(growth) MiB")

        let latencies = results.compactMap(\.firstEpochSeconds).sorted()
        let median = latencies[latencies.count / 2]
        print(String(format: "playground load: 50 clients, 2 concurrent runs: all finished in %.2f s; first-epoch latency min %.3f s, median %.3f s, max %.3f s; server resident memory %.0f -> %.0f MiB (peak %.0f MiB)",
                     Double(wall.components.seconds) + Double(wall.components.attoseconds) * 1e-18,
                     latencies.first ?? -1, median, latencies.last ?? -1, memoryBefore.current, memoryAfter.current, memoryAfter.peak))
    }

    /// With a short queue, the clients beyond it are refused with a clear message; none is lost.
    @Test func aFullServerRefusesClearlyAndLosesNothing() async throws {
        let running = try await RunningServer.start(concurrentRuns: 1, maximumWaiting: 4)
        let results = await Self.clients(20, port: running.port, query: "n=400&width=64&depth=2&epochs=15")
        var finished = 0
        var refused = 0
        for result in results {
            #expect(result.error == nil, "client \(result.seed): \(result.error ?? "")")
            if result.events.last == "finished" {
                finished += 1
            } else {
                refused += 1
                #expect(result.refusal?.contains("the server is busy") == true, "client \(result.seed): \(result)")
            }
        }
        #expect(finished + refused == 20)
        #expect(finished >= 5)
        #expect(refused >= 1)
        let status = try await running.settledStatus()
        #expect(status.finished == finished && status.refused == refused && status.held == 0)
        print("playground load: 20 clients, 1 run at a time, 4 may wait: \(finished) finished, \(refused) refused with 'the server is busy'")
    }
}
