import ArgumentParser
import Foundation
import PlaygroundWeb

/// `swift run playground`: the local web server that trains NeuralKit networks from the browser.
@main
struct PlaygroundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playground",
        abstract: "Train regularised networks live from the browser, on NeuralKit.",
        discussion: "Open the printed URL. Ctrl-C stops every run and the server.")

    @Option(help: "The address to listen on (127.0.0.1 keeps the playground on this machine).")
    var host = "127.0.0.1"

    @Option(help: "The port; 0 picks a free one.")
    var port = 0

    @Option(name: .customLong("max-runs"), help: "How many runs may train at once (default: one per core).")
    var maxRuns = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("max-runs-per-client"), help: "How many of them one browser may train at once (default: half of --max-runs, at least 1).")
    var maxRunsPerClient: Int?

    @Option(name: .customLong("max-waiting"), help: "How many runs may wait for a free slot before new ones are refused.")
    var maxWaiting = 64

    @Option(name: .customLong("max-waiting-per-client"), help: "How many runs one browser may have waiting.")
    var maxWaitingPerClient = 8

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port \(port) is not a port number; use 0...65535") }
        guard maxRuns >= 1 else { throw ValidationError("--max-runs \(maxRuns): at least one run must be able to train") }
        guard maxWaiting >= 0 else { throw ValidationError("--max-waiting \(maxWaiting) must be 0 or more") }
        if let maxRunsPerClient, !(1...maxRuns).contains(maxRunsPerClient) {
            throw ValidationError("--max-runs-per-client \(maxRunsPerClient) must be between 1 and --max-runs (\(maxRuns))")
        }
        guard maxWaitingPerClient >= 0 else { throw ValidationError("--max-waiting-per-client \(maxWaitingPerClient) must be 0 or more") }
    }

    func run() async throws {
        var options = PlaygroundOptions()
        options.host = host
        options.port = port
        options.concurrentRuns = maxRuns
        options.concurrentRunsPerClient = maxRunsPerClient
        options.maximumWaiting = maxWaiting
        options.maximumWaitingPerClient = maxWaitingPerClient
        let server = try PlaygroundServer(options: options)
        let (runs, perClient) = (maxRuns, options.runsPerClient)
        try await server.run { url in
            // Written straight to the file descriptor: stdout may be a pipe, where print buffers.
            FileHandle.standardOutput.write(Data(
                "Playground: open \(url)  (\(runs) concurrent runs, \(perClient) per browser; Ctrl-C to stop)\n".utf8))
        }
        FileHandle.standardOutput.write(Data("Playground: stopped.\n".utf8))
    }
}
