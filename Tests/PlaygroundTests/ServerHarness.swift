import Foundation
import Playground
import PlaygroundWeb
#if canImport(Glibc)
import Glibc
#endif

/// The real `playground` executable, started by a test as a child process on 127.0.0.1 and a
/// free port.
///
/// Not in the test process: there, the server's streams run on the test process's cooperative
/// pool, and in the full suite on 2 cores synchronous CPU-bound tests hold every thread of that
/// pool for seconds, so the streams stalled (the page saw epochs "0 then 500"). A child process
/// has a pool of its own (PlaygroundStarvedPoolTests checks it). The child is killed when the
/// value is released, so a failing test leaves no server behind.
final class RunningServer: @unchecked Sendable {
    let port: Int
    let url: String
    let processIdentifier: Int32
    /// `@unchecked Sendable`: `process` is only read after `init`, `exit` is behind a lock.
    private let process: Process
    private let errorLog: URL
    private let exit: Locked<Int32?>

    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    private init(process: Process, port: Int, url: String, errorLog: URL, exit: Locked<Int32?>) {
        (self.process, self.port, self.url, self.errorLog, self.exit) = (process, port, url, errorLog, exit)
        processIdentifier = process.processIdentifier
    }

    /// Starts `playground --port 0` with the given caps and waits (at most `timeout`) for the line
    /// that names its URL.
    static func start(
        concurrentRuns: Int = 2, runsPerClient: Int? = nil, maximumWaiting: Int = 64, maximumWaitingPerClient: Int = 8,
        timeout: Duration = .seconds(60)
    ) async throws -> RunningServer {
        let binary = BuiltProducts.playground
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw StartError(description: "no playground executable at \(binary.path); `swift build` (and `swift test`) build it")
        }
        let errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("playground-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--port", "0", "--max-runs", "\(concurrentRuns)", "--max-waiting", "\(maximumWaiting)",
                             "--max-waiting-per-client", "\(maximumWaitingPerClient)"]
            + (runsPerClient.map { ["--max-runs-per-client", "\($0)"] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorLog)
        process.standardInput = FileHandle.nullDevice
        // The first line is "Playground: open http://127.0.0.1:<port>/ …"; it arrives on a
        // dispatch thread (readabilityHandler), not on the cooperative pool.
        let (lines, sink) = AsyncStream<String>.makeStream()
        let printed = Locked("")
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil; sink.finish(); return }
            let text = printed.withLock { $0 += String(decoding: data, as: UTF8.self); return $0 }
            if text.contains("\n") { sink.yield(text) }
        }
        let exit = Locked<Int32?>(nil)
        process.terminationHandler = { process in
            exit.withLock { $0 = process.terminationStatus }
            sink.finish()
        }
        try process.run()
        let firstLine: String? = await withTaskGroup(of: String?.self) { group in
            group.addTask { for await text in lines { return text }; return nil }
            group.addTask { try? await Task.sleep(for: timeout); return nil }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        let server = { (port: Int, url: String) in
            RunningServer(process: process, port: port, url: url, errorLog: errorLog, exit: exit)
        }
        guard let line = firstLine?.split(separator: "\n").first(where: { $0.hasPrefix("Playground: open ") }),
              let url = line.split(separator: " ").dropFirst(2).first.map(String.init),
              let port = url.split(separator: ":").last.flatMap({ Int($0.prefix { $0.isNumber }) })
        else {
            let log = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
            _ = server(0, "")  // its deinit kills the process and removes the log
            throw StartError(description: "playground did not print its URL within \(timeout): \(printed.withLock { $0 }) \(log)")
        }
        return server(port, url)
    }

    deinit {
        if process.isRunning { kill(processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: errorLog)
    }

    /// The server's answer to `GET /api/status`.
    func status() throws -> PlaygroundStatus {
        let answer = try LoopbackHTTP.request(port: port, path: "/api/status")
        guard answer.status == 200 else { throw LoopbackError("GET /api/status answered \(answer.status): \(answer.body)") }
        return try JSONDecoder().decode(PlaygroundStatus.self, from: Data(answer.body.utf8))
    }

    /// The status once no run is held any more (the counters are updated just after a stream's
    /// final event is sent), or after `timeout`.
    func settledStatus(timeout: Duration = .seconds(60)) async throws -> PlaygroundStatus {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let status = try status()
            if status.held == 0 && status.running == 0 && status.waiting == 0 { return status }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try status()
    }

    /// The one-line-per-run log the server wrote to standard error so far.
    var runLog: [String] {
        let text = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("playground: run ") }
    }

    /// The server's resident memory (VmRSS) and its peak (VmHWM), in MiB.
    var residentMemory: (current: Double, peak: Double) {
        guard let status = try? String(contentsOfFile: "/proc/\(processIdentifier)/status", encoding: .utf8) else { return (0, 0) }
        func field(_ name: String) -> Double {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return Double(line.split(separator: " ").dropFirst().first ?? "0").map { $0 / 1024 } ?? 0
        }
        return (field("VmRSS"), field("VmHWM"))
    }

    /// Sends SIGINT, as Ctrl-C does.
    func interrupt() {
        if process.isRunning { kill(processIdentifier, SIGINT) }
    }

    /// Waits at most `timeout` for the server to exit: its exit status, or nil if it was still
    /// running (then it is killed).
    func exitStatus(timeout: Duration = .seconds(20)) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while exit.withLock({ $0 }) == nil && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if let status = exit.withLock({ $0 }) { return status }
        kill(processIdentifier, SIGKILL)
        return nil
    }
}

/// Where `swift build` put the products: beside the test bundle.
enum BuiltProducts {
    static var playground: URL {
        var folder = Bundle.main.bundleURL
        if folder.pathExtension == "xctest" { folder.deleteLastPathComponent() }
        let candidate = folder.appendingPathComponent("playground")
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("playground")
    }
}
