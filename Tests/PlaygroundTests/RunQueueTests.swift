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

/// A value behind a lock, shareable between tasks.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<Result>(_ body: (inout Value) -> Result) -> Result { mutex.withLock { body(&$0) } }
}
