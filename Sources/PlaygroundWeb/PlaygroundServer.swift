import Foundation
import Hummingbird
import Logging
import NeuralKit
import Playground
import ServiceLifecycle
import Synchronization

/// How the playground server runs.
public struct PlaygroundOptions: Sendable {
    public var host = "127.0.0.1"
    /// 0 asks the system for a free port.
    public var port = 0
    /// At most this many runs train at once (the CPU bound; default one per core).
    public var concurrentRuns = ProcessInfo.processInfo.activeProcessorCount
    /// At most this many of them for one client (default: half the slots, at least one).
    public var concurrentRunsPerClient: Int?
    /// At most this many runs wait for a slot; more are refused with 503.
    public var maximumWaiting = 64
    /// At most this many runs of one client wait; more are refused with 429.
    public var maximumWaitingPerClient = 8
    public var limits = PlaygroundLimits()
    /// Where the one line per run goes (standard error by default).
    public var log: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    public init() {}

    /// The per-client cap in force: the option, or half the slots (at least one).
    public var runsPerClient: Int { concurrentRunsPerClient ?? max(1, concurrentRuns / 2) }
}

/// The playground's web server: the page, the training stream, stop, status and presets.
///
/// | route | answer |
/// |---|---|
/// | `GET /` | the page (and `/playground.js`, `/playground.css`) |
/// | `GET /api/train?<configuration>` | 400 with NeuralKit's message for a bad configuration; otherwise a `text/event-stream` of `queued`, `started`, `epoch`… and one final event |
/// | `POST /api/runs/<token>/stop` | stops that run (204), 404 for an unknown token |
/// | `GET /api/status` | runs training and waiting, counters, capacity and limits |
/// | `GET /api/presets` | the lessons' key experiments as configurations |
///
/// Every run trains on a thread of its own (never on Swift's cooperative pool, which also serves
/// the requests), with one BLAS thread, so the same configuration gives the same numbers.
///
/// Runs queue fairly across clients (`RunQueue`): a client is the browser, known by the
/// `playground-client` cookie the page sets, or else the connection's address. One client trains
/// at most `runsPerClient` runs at once and queues at most `maximumWaitingPerClient`; free slots
/// go round-robin across clients. (A client that forges a new cookie per run is bounded by the
/// server-wide caps only.)
public final class PlaygroundServer: Sendable {
    public let options: PlaygroundOptions
    let queue: RunQueue
    let registry = RunRegistry()
    let site: StaticSite
    /// The running service group, for `shutdown()`.
    private let group = Mutex<ServiceGroup?>(nil)

    public init(options: PlaygroundOptions) throws {
        precondition(options.concurrentRuns >= 1, "PlaygroundServer: concurrentRuns must be at least 1")
        self.options = options
        precondition((1...options.concurrentRuns).contains(options.runsPerClient),
                     "PlaygroundServer: runs per client (\(options.runsPerClient)) must be in 1...\(options.concurrentRuns)")
        self.queue = RunQueue(
            capacity: options.concurrentRuns, perClient: options.runsPerClient,
            maximumWaiting: options.maximumWaiting, maximumWaitingPerClient: options.maximumWaitingPerClient)
        self.site = try StaticSite()
        BLAS.setThreadCount(1)
    }

    /// Runs until SIGINT or SIGTERM (or until the calling task is cancelled): on either, every
    /// run is stopped, its stream ends with a `cancelled` event, and the server closes.
    /// `onListening` gets the page's URL once the port is bound.
    public func run(handlingSignals: Bool = true, onListening: @escaping @Sendable (String) -> Void) async throws {
        var logger = Logger(label: "playground")
        logger.logLevel = .warning
        let host = options.host
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(host, port: options.port), serverName: "regularize-playground"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let shownHost = host.contains(":") ? "[\(host)]" : host
                onListening("http://\(shownHost):\(port)/")
            },
            logger: logger)
        let watcher = ShutdownWatcher(registry: registry)
        // Services shut down in reverse order: the watcher stops the runs first, then the server
        // closes its (now finished) streams.
        let group = ServiceGroup(
            services: [app, watcher],
            gracefulShutdownSignals: handlingSignals ? [.sigint, .sigterm] : [],
            logger: logger)
        self.group.withLock { $0 = group }
        try await group.run()
    }

    /// Shuts down as on SIGINT: stops every run, ends the streams, closes the server; `run`
    /// then returns.
    public func shutdown() async {
        guard let group = group.withLock({ $0 }) else { return }
        await group.triggerGracefulShutdown()
    }

    /// Runs and counters, for `GET /api/status` and the tests.
    public var status: PlaygroundStatus {
        let counts = queue.counts
        let counters = registry.snapshot
        return PlaygroundStatus(
            running: counts.running, waiting: counts.waiting, capacity: options.concurrentRuns,
            runsPerClient: options.runsPerClient, maximumWaiting: options.maximumWaiting,
            maximumWaitingPerClient: options.maximumWaitingPerClient, clients: queue.clientCount,
            held: registry.activeCount,
            started: counters.started, finished: counters.finished, failed: counters.failed,
            cancelled: counters.cancelled, refused: counters.refused, limits: options.limits.summary)
    }

    private func makeRouter() -> Router<PlaygroundRequestContext> {
        let router = Router(context: PlaygroundRequestContext.self)
        let site = self.site
        router.get("/") { request, _ in Self.page(site, request) }
        router.get("/index.html") { request, _ in Self.page(site, request) }
        router.get("/playground.js") { _, _ in Self.file(site, "playground.js") }
        router.get("/playground.css") { _, _ in Self.file(site, "playground.css") }
        router.get("/api/status") { [self] _, _ in Self.json(.ok, status) }
        router.get("/api/presets") { _, _ in Self.json(.ok, Preset.all.map(PresetAnswer.init)) }
        router.post("/api/runs/:token/stop") { [self] _, context in
            let token = context.parameters.get("token") ?? ""
            return registry.stop(token: token, reason: "stopped from the page")
                ? Response(status: .noContent) : Self.json(.notFound, ErrorAnswer(error: "no such run", setting: nil))
        }
        router.get("/api/train") { [self] request, context in
            trainResponse(query: request.uri.query ?? "", client: ClientIdentity.key(request: request, address: context.remoteAddress))
        }
        return router
    }

    /// Validates the configuration (building the run once and dropping it, so that a waiting
    /// run holds only its configuration), then answers with the event stream.
    func trainResponse(query: String, client: String) -> Response {
        let configuration: RunConfiguration
        do {
            configuration = try RunConfiguration(query: query)
            _ = try PreparedRun(configuration, limits: options.limits)
        } catch let error as InvalidSettingError {
            registry.count { $0.refused += 1 }
            return Self.json(.badRequest, ErrorAnswer(error: error.message, setting: error.setting))
        } catch let error as ConfigurationError {
            registry.count { $0.refused += 1 }
            return Self.json(.badRequest, ErrorAnswer(error: error.description, setting: error.key))
        } catch {
            registry.count { $0.refused += 1 }
            return Self.json(.badRequest, ErrorAnswer(error: "\(error)", setting: nil))
        }
        let counts = queue.counts
        if counts.waiting >= options.maximumWaiting && counts.running >= options.concurrentRuns {
            registry.count { $0.refused += 1 }
            let error = QueueFullError(waiting: counts.waiting, running: counts.running)
            return Self.json(.serviceUnavailable, ErrorAnswer(error: error.description, setting: nil))
        }
        let mine = queue.counts(for: client)
        if mine.waiting >= options.maximumWaitingPerClient && mine.running >= options.runsPerClient {
            registry.count { $0.refused += 1 }
            let error = ClientQueueFullError(waiting: mine.waiting)
            return Self.json(.tooManyRequests, ErrorAnswer(error: error.description, setting: nil))
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody { [self] writer in
            try await stream(configuration, client: client, to: &writer)
        })
    }

    /// Waits for a slot, trains on a thread of its own and writes every event; a failed write
    /// (the page closed the connection) stops the run.
    private func stream(_ configuration: RunConfiguration, client: String, to writer: inout any ResponseBodyWriter) async throws {
        let entry = registry.register()
        let (events, sink) = AsyncStream<String>.makeStream()
        let capacity = options.concurrentRuns
        let limits = options.limits
        let log = options.log
        let clock = ContinuousClock()
        let requested = clock.now
        let producer = Task { [queue, registry] in
            defer { registry.remove(entry) }
            let slot: RunSlot
            do {
                slot = try await queue.acquire(client: client) { position in
                    sink.yield(EventStreamFormat.event("queued", QueuedEvent(run: entry.token, position: position, capacity: capacity)))
                }
            } catch let error as QueueFullError {
                registry.count { $0.refused += 1 }
                sink.yield(EventStreamFormat.event("failed", RunFailure(epoch: 0, message: error.description, suggestion: "Try again in a moment.")))
                sink.finish()
                return
            } catch let error as ClientQueueFullError {
                registry.count { $0.refused += 1 }
                sink.yield(EventStreamFormat.event("failed", RunFailure(epoch: 0, message: error.description, suggestion: "Stop a waiting run first.")))
                sink.finish()
                return
            } catch {
                registry.count { $0.cancelled += 1 }
                sink.finish()
                return
            }
            sink.yield(EventStreamFormat.event("queued", QueuedEvent(run: entry.token, position: 0, capacity: capacity)))
            registry.count { $0.started += 1 }
            let outcome = await Self.train(configuration, limits: limits, entry: entry, sink: sink, requested: requested)
            slot.release()
            switch outcome.final {
            case .finished: registry.count { $0.finished += 1 }
            case .failed: registry.count { $0.failed += 1 }
            default: registry.count { $0.cancelled += 1 }
            }
            log(Self.logLine(configuration, outcome: outcome))
            sink.finish()
        }
        // Keep-alive comments while the run waits or trains, so that a closed page is noticed.
        let keepAlive = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                sink.yield(EventStreamFormat.keepAlive)
            }
        }
        defer { keepAlive.cancel() }
        do {
            try await withTaskCancellationHandler {
                for await chunk in events {
                    try await writer.write(ByteBuffer(string: chunk))
                }
            } onCancel: {
                entry.stop("the connection closed")
                producer.cancel()
            }
            try await writer.finish(nil)
        } catch {
            entry.stop("the connection closed")
            producer.cancel()
            throw error
        }
    }

    struct Outcome: Sendable {
        var final: SessionEvent?
        var epochs = 0
        var firstEpochSeconds: Double?
        var seconds = 0.0
    }

    /// Trains on a new thread and resumes when the run has ended.
    private static func train(
        _ configuration: RunConfiguration, limits: PlaygroundLimits, entry: RunRegistry.Entry,
        sink: AsyncStream<String>.Continuation, requested: ContinuousClock.Instant
    ) async -> Outcome {
        await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
            let thread = Thread {
                let clock = ContinuousClock()
                let start = clock.now
                var outcome = Outcome()
                do {
                    let run = try PreparedRun(configuration, limits: limits)
                    TrainingSession.run(run, stopCheck: {
                        if let reason = entry.reason { return reason }
                        return clock.now - start > .seconds(limits.maximumRunSeconds)
                            ? "the run took longer than the server's limit of \(Int(limits.maximumRunSeconds)) s" : nil
                    }) { event in
                        if case .epoch(let report) = event {
                            outcome.epochs = report.epoch
                            if outcome.firstEpochSeconds == nil {
                                outcome.firstEpochSeconds = (clock.now - requested).seconds
                            }
                        }
                        if event.isFinal { outcome.final = event }
                        sink.yield(EventStreamFormat.event(event))
                    }
                } catch {
                    // Validated before queueing; building again with the same input cannot fail,
                    // but if it does the page gets the message.
                    let failure = SessionEvent.failed(RunFailure(epoch: 0, message: "\(error)", suggestion: "Check the settings."))
                    outcome.final = failure
                    sink.yield(EventStreamFormat.event(failure))
                }
                outcome.seconds = (clock.now - start).seconds
                continuation.resume(returning: outcome)
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    static func logLine(_ configuration: RunConfiguration, outcome: Outcome) -> String {
        let end: String
        switch outcome.final {
        case .finished: end = "finished"
        case .failed(let failure): end = "failed (\(failure.message.prefix(80)))"
        case .cancelled(let cancellation): end = "cancelled (\(cancellation.reason))"
        default: end = "ended"
        }
        let first = outcome.firstEpochSeconds.map { String(format: "%.3f s", $0) } ?? "none"
        return "playground: run \(TrainingSession.configurationHash(configuration)) seed \(configuration.seed) "
            + "dataset \(configuration.dataset.rawValue) epochs \(outcome.epochs)/\(configuration.epochs) "
            + "time \(String(format: "%.3f", outcome.seconds)) s first-epoch \(first) \(end)"
    }

    /// The page; a browser without a `playground-client` cookie gets one (its identity in the queue).
    private static func page(_ site: StaticSite, _ request: Request) -> Response {
        var response = file(site, "index.html")
        if ClientIdentity.cookie(in: request) == nil {
            response.headers[.setCookie] = ClientIdentity.newCookieHeader()
        }
        return response
    }

    private static func file(_ site: StaticSite, _ name: String) -> Response {
        guard let file = site.files[name] else { return Response(status: .notFound) }
        var headers = HTTPFields()
        headers[.contentType] = file.contentType
        // The page makes no request to another origin: no CDN, no font service.
        headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: file.body)))
    }

    static func json(_ status: HTTPResponse.Status, _ payload: some Encodable) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: EventStreamFormat.json(payload))))
    }
}

/// What `GET /api/status` answers.
public struct PlaygroundStatus: Sendable, Codable, Equatable {
    public var running: Int
    public var waiting: Int
    public var capacity: Int
    public var runsPerClient: Int
    public var maximumWaiting: Int
    public var maximumWaitingPerClient: Int
    /// Clients with a run training or waiting.
    public var clients: Int
    /// Runs the server holds (waiting or training, streams still open).
    public var held: Int
    public var started: Int
    public var finished: Int
    public var failed: Int
    public var cancelled: Int
    public var refused: Int
    public var limits: String
}

struct PresetAnswer: Encodable {
    let name: String
    let lesson: String
    let description: String
    let query: String
    init(_ preset: Preset) {
        (name, lesson, description, query) = (preset.name, preset.lesson, preset.description, preset.configuration.queryString)
    }
}

/// Stops every run when a graceful shutdown begins (before the HTTP server closes).
struct ShutdownWatcher: Service {
    let registry: RunRegistry
    func run() async throws {
        try? await gracefulShutdown()
        registry.stopAll(reason: "the server is shutting down")
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
