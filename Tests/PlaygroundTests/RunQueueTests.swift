import Synchronization
import Testing
@testable import Playground

@Suite("Playground run queue")
struct RunQueueTests {
    @Test func runsUpToCapacityAtOnceAndQueuesTheRestInOrder() async throws {
        let queue = RunQueue(capacity: 2, maximumWaiting: 10)
        let a = try await queue.acquire()
        let b = try await queue.acquire()
        #expect(queue.counts == (2, 0))
        let order = Locked<[Int]>([])
        let positions = Locked<[Int: [Int]]>([:])
        var waiters: [Task<Void, any Error>] = []
        for index in 0..<3 {
            waiters.append(Task {
                let slot = try await queue.acquire { position in positions.withLock { $0[index, default: []].append(position) } }
                order.withLock { $0.append(index) }
                slot.release()
            })
            // Arrival order is the order of the calls: wait until this one is queued.
            while queue.counts.waiting < index + 1 { await Task.yield() }
        }
        #expect(queue.counts == (2, 3))
        a.release()
        a.release()  // a second release gives nothing back twice
        b.release()
        for waiter in waiters { try await waiter.value }
        #expect(order.withLock { $0 } == [0, 1, 2])
        // Each waiter saw its place and then only smaller places.
        let seen = positions.withLock { $0 }
        #expect(seen[0]?.first == 1 && seen[1]?.first == 2 && seen[2]?.first == 3)
        #expect(seen[2] == [3, 2, 1])
        #expect(queue.counts == (0, 0))
    }

    @Test func aFullQueueRefusesClearly() async throws {
        let queue = RunQueue(capacity: 1, maximumWaiting: 1)
        let running = try await queue.acquire()
        let waiting = Task { try await queue.acquire() }
        while queue.counts.waiting < 1 { await Task.yield() }
        await #expect {
            _ = try await queue.acquire()
        } throws: { error in
            "\(error)".contains("1 runs are training and 1 are waiting, the most it queues")
        }
        running.release()
        let slot = try await waiting.value
        slot.release()
        #expect(queue.counts == (0, 0))
    }

    @Test func aCancelledWaiterLeavesAndThePlacesBehindMoveUp() async throws {
        let queue = RunQueue(capacity: 1, maximumWaiting: 5)
        let running = try await queue.acquire()
        let first = Task { try await queue.acquire() }
        while queue.counts.waiting < 1 { await Task.yield() }
        let lastPosition = Locked(0)
        let second = Task { try await queue.acquire { p in lastPosition.withLock { $0 = p } } }
        while queue.counts.waiting < 2 { await Task.yield() }
        #expect(lastPosition.withLock { $0 } == 2)
        first.cancel()
        await #expect(throws: CancellationError.self) { _ = try await first.value }
        #expect(queue.counts == (1, 1))
        #expect(lastPosition.withLock { $0 } == 1)
        running.release()
        try await second.value.release()
        #expect(queue.counts == (0, 0))
    }

    @Test func aDroppedSlotIsGivenBack() async throws {
        let queue = RunQueue(capacity: 1, maximumWaiting: 1)
        do { _ = try await queue.acquire() }
        #expect(queue.counts == (0, 0))
    }
}

/// Fairness across clients: a greedy client (many runs) and a polite one (one run).
@Suite("Playground run queue: fairness across clients")
struct RunQueueFairnessTests {
    /// Queues `count` runs of `client` in order; each records its grant in `order` and holds
    /// its slot until `releases` lets it go.
    static func queue(
        _ count: Int, of client: String, on queue: RunQueue, order: Locked<[String]>, positions: Locked<[String: [Int]]>
    ) async -> [Task<RunSlot, any Error>] {
        var tasks: [Task<RunSlot, any Error>] = []
        for index in 0..<count {
            let name = "\(client)\(index)"
            let before = queue.counts.waiting
            tasks.append(Task {
                let slot = try await queue.acquire(client: client) { p in positions.withLock { $0[name, default: []].append(p) } }
                order.withLock { $0.append(name) }
                return slot
            })
            while queue.counts.waiting < before + 1 { await Task.yield() }
        }
        return tasks
    }

    @Test func aPoliteClientGoesBeforeTheGreedyClientsBacklog() async throws {
        // No per-client cap here (perClient = capacity): the round-robin alone.
        let queue = RunQueue(capacity: 2, perClient: 2, maximumWaiting: 20)
        let greedyRunning = [try await queue.acquire(client: "greedy"), try await queue.acquire(client: "greedy")]
        let order = Locked<[String]>([])
        let positions = Locked<[String: [Int]]>([:])
        let greedy = await Self.queue(5, of: "greedy", on: queue, order: order, positions: positions)
        let polite = await Self.queue(1, of: "polite", on: queue, order: order, positions: positions)
        // The polite run is next although five greedy runs came first; the greedy backlog moved back one.
        #expect(positions.withLock { $0["polite0"] } == [1])
        #expect(positions.withLock { $0["greedy0"] } == [1, 2])
        greedyRunning[0].release()
        let politeSlot = try await polite[0].value
        #expect(order.withLock { $0 } == ["polite0"])
        // Then the greedy backlog, in its own order.
        greedyRunning[1].release()
        politeSlot.release()
        for task in greedy { try await task.value.release() }
        #expect(order.withLock { $0 } == ["polite0", "greedy0", "greedy1", "greedy2", "greedy3", "greedy4"])
        #expect(queue.counts == (0, 0) && queue.clientCount == 0)
    }

    @Test func oneClientTrainsAtMostPerClientRunsEvenWithSlotsFree() async throws {
        let queue = RunQueue(capacity: 3, perClient: 1, maximumWaiting: 20)
        let first = try await queue.acquire(client: "greedy")
        let order = Locked<[String]>([])
        let positions = Locked<[String: [Int]]>([:])
        let greedy = await Self.queue(2, of: "greedy", on: queue, order: order, positions: positions)
        // Two slots are free, yet the greedy client's next runs wait.
        #expect(queue.counts == (1, 2))
        #expect(queue.counts(for: "greedy") == (1, 2))
        // A polite client gets a free slot at once.
        let polite = try await queue.acquire(client: "polite")
        let other = try await queue.acquire(client: "other")
        #expect(queue.counts == (3, 2))
        // A slot freed by another client goes to nobody (the greedy client is at its cap).
        polite.release()
        #expect(queue.counts == (2, 2))
        first.release()
        let second = try await greedy[0].value
        #expect(order.withLock { $0 } == ["greedy0"])
        #expect(queue.counts(for: "greedy") == (1, 1))
        second.release()
        try await greedy[1].value.release()
        other.release()
        #expect(queue.counts == (0, 0))
    }

    @Test func slotsGoRoundRobinAcrossThreeClients() async throws {
        let queue = RunQueue(capacity: 1, maximumWaiting: 20)
        let blocker = try await queue.acquire(client: "x")
        let order = Locked<[String]>([])
        let positions = Locked<[String: [Int]]>([:])
        var tasks = await Self.queue(3, of: "a", on: queue, order: order, positions: positions)
        tasks += await Self.queue(3, of: "b", on: queue, order: order, positions: positions)
        tasks += await Self.queue(1, of: "c", on: queue, order: order, positions: positions)
        // Places: a0 b0 c0 a1 b1 a2 b2.
        let placed = positions.withLock { $0 }.mapValues { $0.last ?? 0 }
        #expect(placed == ["a0": 1, "b0": 2, "c0": 3, "a1": 4, "b1": 5, "a2": 6, "b2": 7])
        blocker.release()
        // Each granted run gives its slot back at once, so the next in turn follows.
        for _ in 0..<7 {
            let granted = order.withLock { $0.count }
            while order.withLock({ $0.count }) == granted { await Task.yield() }
            let name = order.withLock { $0.last! }
            let index = ["a0", "b0", "c0", "a1", "b1", "a2", "b2"].firstIndex(of: name)!
            try await tasks[[0, 3, 6, 1, 4, 2, 5][index]].value.release()
        }
        #expect(order.withLock { $0 } == ["a0", "b0", "c0", "a1", "b1", "a2", "b2"])
        #expect(queue.counts == (0, 0))
    }

    @Test func aClientsBacklogIsCappedWithoutRefusingOthers() async throws {
        let queue = RunQueue(capacity: 1, maximumWaiting: 10, maximumWaitingPerClient: 2)
        let running = try await queue.acquire(client: "greedy")
        let order = Locked<[String]>([])
        let positions = Locked<[String: [Int]]>([:])
        let greedy = await Self.queue(2, of: "greedy", on: queue, order: order, positions: positions)
        await #expect {
            _ = try await queue.acquire(client: "greedy")
        } throws: { error in
            "\(error)" == "you already have 2 runs waiting, the most one client may queue; stop one of them or wait until one starts"
        }
        let polite = await Self.queue(1, of: "polite", on: queue, order: order, positions: positions)
        #expect(queue.counts == (1, 3))
        for task in greedy + polite { task.cancel() }
        for task in greedy + polite { await #expect(throws: CancellationError.self) { _ = try await task.value } }
        running.release()
        #expect(queue.counts == (0, 0) && queue.clientCount == 0)
    }
}

/// A value behind a lock, shareable between tasks.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<Result>(_ body: (inout Value) -> Result) -> Result { mutex.withLock { body(&$0) } }
}
