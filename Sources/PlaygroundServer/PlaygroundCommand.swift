import ArgumentParser
import Foundation
import Playground
import PlaygroundWeb
#if canImport(Glibc)
import Glibc
#endif

/// `swift run playground`: the local web server that trains NeuralKit networks from the browser.
@main
struct PlaygroundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playground",
        abstract: "Train regularised networks live from the browser, on NeuralKit.",
        discussion: "Open the printed URL. Ctrl-C stops every run and the server.")

    @Option(help: "The address to listen on (127.0.0.1 keeps the playground on this machine).")
    var host = "127.0.0.1"

    @Option(help: "The port (default: \(Preset.defaultPort), the port of the lessons' playground links, or a free one if it is taken; 0 picks a free one).")
    var port: Int?

    @Option(name: .customLong("max-runs"), help: "How many runs may train at once (default: one per core).")
    var maxRuns = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("max-runs-per-client"), help: "How many of them one browser may train at once (default: half of --max-runs, at least 1).")
    var maxRunsPerClient: Int?

    @Option(name: .customLong("max-waiting"), help: "How many runs may wait for a free slot before new ones are refused.")
    var maxWaiting = 64

    @Option(name: .customLong("max-waiting-per-client"), help: "How many runs one browser may have waiting.")
    var maxWaitingPerClient = 8

    func validate() throws {
        if let port, !(0...65_535).contains(port) { throw ValidationError("--port \(port) is not a port number; use 0...65535") }
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
        options.port = port ?? (Self.isFree(port: Preset.defaultPort, host: host) ? Preset.defaultPort : 0)
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

    /// Whether an IPv4 `host` can listen on `port` now (as the server binds: with SO_REUSEADDR).
    static func isFree(port: Int, host: String) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var yes: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return false }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
