import Foundation
import Playground
import PlaygroundWeb

/// A playground server running in the test process on 127.0.0.1 and a free port.
final class RunningServer: Sendable {
    let server: PlaygroundServer
    let port: Int
    let url: String
    private let task: Task<Void, any Error>

    private init(server: PlaygroundServer, port: Int, url: String, task: Task<Void, any Error>) {
        (self.server, self.port, self.url, self.task) = (server, port, url, task)
    }

    static func start(
        concurrentRuns: Int = 2, maximumWaiting: Int = 64, log: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> RunningServer {
        var options = PlaygroundOptions()
        options.concurrentRuns = concurrentRuns
        options.maximumWaiting = maximumWaiting
        options.log = log
        let server = try PlaygroundServer(options: options)
        let (urls, sink) = AsyncStream<String>.makeStream()
        let task = Task { try await server.run(handlingSignals: false) { sink.yield($0) } }
        var iterator = urls.makeAsyncIterator()
        guard let url = await iterator.next(), let port = Int(url.split(separator: ":").last?.filter(\.isNumber) ?? "") else {
            throw LoopbackError("the server did not start")
        }
        return RunningServer(server: server, port: port, url: url, task: task)
    }

    /// The status once no run is held any more (the counters are updated just after a stream's
    /// final event is sent), or after `timeout`.
    func settledStatus(timeout: Duration = .seconds(60)) async throws -> PlaygroundStatus {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let status = server.status
            if status.held == 0 && status.running == 0 && status.waiting == 0 { return status }
            try await Task.sleep(for: .milliseconds(20))
        }
        return server.status
    }

    /// Shuts the server down (as on SIGINT) and waits for it.
    func stop() async {
        await server.shutdown()
        _ = await task.result
    }
}

/// The resident memory of this process (VmRSS) and its peak (VmHWM), in MiB.
func residentMemory() -> (current: Double, peak: Double) {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
    func field(_ name: String) -> Double {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
        return Double(line.split(separator: " ").dropFirst().first ?? "0").map { $0 / 1024 } ?? 0
    }
    return (field("VmRSS"), field("VmHWM"))
}
