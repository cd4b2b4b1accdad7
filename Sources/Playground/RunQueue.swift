import Synchronization

/// The queue is full: the server refuses the run rather than hold an unbounded backlog.
public struct QueueFullError: Error, Equatable, CustomStringConvertible {
    public let waiting: Int
    public let running: Int

    public init(waiting: Int, running: Int) { (self.waiting, self.running) = (waiting, running) }

    public var description: String {
        "the server is busy: \(running) runs are training and \(waiting) are waiting, the most it queues; "
            + "try again when one has finished"
    }
}

/// One client already has as many runs waiting as one client may queue.
public struct ClientQueueFullError: Error, Equatable, CustomStringConvertible {
    public let waiting: Int

    public init(waiting: Int) { self.waiting = waiting }

    public var description: String {
        "you already have \(waiting) runs waiting, the most one client may queue; "
            + "stop one of them or wait until one starts"
    }
}

/// A fair queue of training runs. At most `capacity` runs train at once (the CPU bound), at most
/// `perClient` of them for one client; at most `maximumWaiting` runs wait (the memory bound of
/// the backlog), at most `maximumWaitingPerClient` of them for one client.
///
/// Each client's runs wait first come, first served. A free slot goes round-robin across the
/// clients: to the client with a waiting run and fewer than `perClient` training that was served
/// longest ago (a client not served yet first; ties by arrival). So a client that opens many runs
/// holds at most `perClient` slots, and every other client's next run is at most one turn away.
/// (A client is whatever key the caller passes; the server uses a cookie, else the address.)
///
/// `acquire` waits for a slot and reports the caller's place in the round-robin order whenever it
/// changes (1 = next). A waiter whose task is cancelled leaves and the places behind it move up.
/// A slot is given back by `RunSlot.release()` (idempotent; also on deinit), which hands it
/// straight to the next waiter in turn, so a late arrival can never overtake the queue.
public final class RunQueue: Sendable {
    public let capacity: Int
    public let perClient: Int
    public let maximumWaiting: Int
    public let maximumWaitingPerClient: Int

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
        let onPosition: @Sendable (Int) -> Void
        var announced = 0
    }

    private struct Client {
        var running = 0
        var waiters: [Waiter] = []
        /// The service tick of this client's last slot; 0 = not served yet.
        var lastServed: UInt64 = 0
        var isIdle: Bool { running == 0 && waiters.isEmpty }
    }

    private struct State {
        var running = 0
        var waiting = 0
        var clients: [String: Client] = [:]
        var nextID: UInt64 = 0
        var tick: UInt64 = 0

        /// The client whose turn it is: the least recently served among those with a waiting run
        /// (and, when `perClient` is given, fewer than that many training); ties by arrival.
        func nextClient(perClient: Int?) -> String? {
            var best: (key: String, lastServed: UInt64, id: UInt64)?
            for (key, client) in clients {
                guard let first = client.waiters.first else { continue }
                if let perClient, client.running >= perClient { continue }
                if best.map({ (client.lastServed, first.id) < ($0.lastServed, $0.id) }) ?? true {
                    best = (key, client.lastServed, first.id)
                }
            }
            return best?.key
        }

        /// Gives `key` a slot.
        mutating func grant(_ key: String) {
            tick += 1
            running += 1
            clients[key, default: Client()].running += 1
            clients[key]?.lastServed = tick
        }

        /// Hands free slots to the waiters whose turn it is; returns them, to be resumed.
        mutating func dispatch(capacity: Int, perClient: Int) -> [Waiter] {
            var granted: [Waiter] = []
            while running < capacity, let key = nextClient(perClient: perClient) {
                granted.append(clients[key]!.waiters.removeFirst())
                waiting -= 1
                grant(key)
            }
            return granted
        }

        /// Every waiter's place if the clients were served in turn from now on (1 = next).
        func places() -> [UInt64: Int] {
            var copy = self
            var places: [UInt64: Int] = [:]
            while let key = copy.nextClient(perClient: nil) {
                let waiter = copy.clients[key]!.waiters.removeFirst()
                places[waiter.id] = places.count + 1
                copy.tick += 1
                copy.clients[key]?.lastServed = copy.tick
            }
            return places
        }

        /// Tells each waiter its place when it has changed. Called under the lock, so a waiter
        /// hears its places in order.
        mutating func announce() {
            let places = places()
            for key in Array(clients.keys) {
                for index in clients[key]!.waiters.indices {
                    let waiter = clients[key]!.waiters[index]
                    guard let place = places[waiter.id], place != waiter.announced else { continue }
                    clients[key]!.waiters[index].announced = place
                    waiter.onPosition(place)
                }
            }
        }

        mutating func forgetIfIdle(_ key: String) {
            if clients[key]?.isIdle == true { clients[key] = nil }
        }
    }

    private let state = Mutex(State())

    public init(capacity: Int, perClient: Int? = nil, maximumWaiting: Int, maximumWaitingPerClient: Int? = nil) {
        let perClient = perClient ?? capacity
        let maximumWaitingPerClient = maximumWaitingPerClient ?? maximumWaiting
        precondition(capacity >= 1, "RunQueue: capacity = \(capacity); at least one run must be able to train")
        precondition((1...capacity).contains(perClient), "RunQueue: perClient = \(perClient) must be in 1...capacity (\(capacity))")
        precondition(maximumWaiting >= 0, "RunQueue: maximumWaiting = \(maximumWaiting) must be ≥ 0")
        precondition(maximumWaitingPerClient >= 0, "RunQueue: maximumWaitingPerClient = \(maximumWaitingPerClient) must be ≥ 0")
        self.capacity = capacity
        self.perClient = perClient
        self.maximumWaiting = maximumWaiting
        self.maximumWaitingPerClient = maximumWaitingPerClient
    }

    /// Runs training now and runs waiting.
    public var counts: (running: Int, waiting: Int) {
        state.withLock { ($0.running, $0.waiting) }
    }

    /// One client's runs training and waiting.
    public func counts(for client: String) -> (running: Int, waiting: Int) {
        state.withLock { ($0.clients[client]?.running ?? 0, $0.clients[client]?.waiters.count ?? 0) }
    }

    /// Clients with a run training or waiting.
    public var clientCount: Int { state.withLock { $0.clients.count } }

    /// Waits for a slot for `client`. `onPosition` is called with the place in the queue (1-based)
    /// when the caller starts waiting and whenever it changes; not at all when a slot is free at
    /// once. It is called under the queue's lock: it must not call the queue.
    ///
    /// Throws `QueueFullError` at once when `maximumWaiting` runs already wait,
    /// `ClientQueueFullError` when `maximumWaitingPerClient` of this client's runs wait, and
    /// `CancellationError` when the calling task is cancelled while it waits.
    public func acquire(client: String = "", onPosition: @escaping @Sendable (Int) -> Void = { _ in }) async throws -> RunSlot {
        let id: UInt64 = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Bool, any Error> = state.withLock { state in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    // After every change the free slots are handed out, so a free slot now means
                    // no waiter may take it: the caller may, if its client is under `perClient`.
                    if state.running < capacity && (state.clients[client]?.running ?? 0) < perClient {
                        state.grant(client)
                        return .success(true)
                    }
                    if state.waiting >= maximumWaiting {
                        return .failure(QueueFullError(waiting: state.waiting, running: state.running))
                    }
                    let mine = state.clients[client]?.waiters.count ?? 0
                    if mine >= maximumWaitingPerClient {
                        return .failure(ClientQueueFullError(waiting: mine))
                    }
                    state.clients[client, default: Client()].waiters.append(
                        Waiter(id: id, continuation: continuation, onPosition: onPosition))
                    state.waiting += 1
                    state.announce()
                    return .success(false)
                }
                switch outcome {
                case .success(true): continuation.resume()
                case .success(false): break
                case .failure(let error): continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            let removed: Waiter? = state.withLock { state in
                guard let index = state.clients[client]?.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                let removed = state.clients[client]!.waiters.remove(at: index)
                state.waiting -= 1
                state.forgetIfIdle(client)
                state.announce()
                return removed
            }
            removed?.continuation.resume(throwing: CancellationError())
        }
        return RunSlot(queue: self, client: client)
    }

    /// Gives `client`'s slot back and hands the free slots to the waiters in turn.
    fileprivate func release(client: String) {
        let granted: [Waiter] = state.withLock { state in
            state.running -= 1
            state.clients[client]?.running -= 1
            state.forgetIfIdle(client)
            let granted = state.dispatch(capacity: capacity, perClient: perClient)
            state.announce()
            return granted
        }
        for waiter in granted { waiter.continuation.resume() }
    }
}

/// A running run's claim on the queue; give it back with `release()` when the run ends.
public final class RunSlot: Sendable {
    private let queue: RunQueue
    private let client: String
    private let released = Atomic(false)

    fileprivate init(queue: RunQueue, client: String) { (self.queue, self.client) = (queue, client) }

    /// Gives the slot back (the second and later calls do nothing).
    public func release() {
        if !released.exchange(true, ordering: .acquiringAndReleasing) { queue.release(client: client) }
    }

    deinit { release() }
}
