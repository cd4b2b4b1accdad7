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

/// A first-come, first-served queue of training runs with at most `capacity` running at once
/// (the CPU bound) and at most `maximumWaiting` waiting (the memory bound of the backlog).
///
/// `acquire` waits for a slot in arrival order and reports the caller's place as it changes
/// (1 = next). A waiter whose task is cancelled leaves the queue and the places behind it move
/// up. A slot is given back by `RunSlot.release()` (idempotent; also on deinit), which hands it
/// straight to the first waiter, so a late arrival can never overtake the queue.
public final class RunQueue: Sendable {
    public let capacity: Int
    public let maximumWaiting: Int

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
        let onPosition: @Sendable (Int) -> Void
    }

    private struct State {
        var running = 0
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    public init(capacity: Int, maximumWaiting: Int) {
        precondition(capacity >= 1, "RunQueue: capacity = \(capacity); at least one run must be able to train")
        precondition(maximumWaiting >= 0, "RunQueue: maximumWaiting = \(maximumWaiting) must be ≥ 0")
        self.capacity = capacity
        self.maximumWaiting = maximumWaiting
    }

    /// Runs training now and runs waiting.
    public var counts: (running: Int, waiting: Int) {
        state.withLock { ($0.running, $0.waiters.count) }
    }

    /// Waits for a slot. `onPosition` is called with the place in the queue (1-based) when the
    /// caller starts waiting and whenever it moves up; not at all when a slot is free at once.
    ///
    /// Throws `QueueFullError` at once when `maximumWaiting` runs already wait, and
    /// `CancellationError` when the calling task is cancelled while it waits.
    public func acquire(onPosition: @escaping @Sendable (Int) -> Void = { _ in }) async throws -> RunSlot {
        let id: UInt64 = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Int?, any Error> = state.withLock { state in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if state.running < capacity && state.waiters.isEmpty {
                        state.running += 1
                        return .success(nil)
                    }
                    if state.waiters.count >= maximumWaiting {
                        return .failure(QueueFullError(waiting: state.waiters.count, running: state.running))
                    }
                    state.waiters.append(Waiter(id: id, continuation: continuation, onPosition: onPosition))
                    return .success(state.waiters.count)
                }
                switch outcome {
                case .success(nil): continuation.resume()
                case .success(let position?): onPosition(position)
                case .failure(let error): continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            let removed: Waiter? = state.withLock { state in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            if let removed {
                removed.continuation.resume(throwing: CancellationError())
                announcePositions()
            }
        }
        return RunSlot(queue: self)
    }

    /// Gives a slot back: to the first waiter if there is one.
    fileprivate func release() {
        let next: Waiter? = state.withLock { state in
            if state.waiters.isEmpty {
                state.running -= 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        if let next {
            next.continuation.resume()
            announcePositions()
        }
    }

    /// Tells every waiter its place.
    private func announcePositions() {
        let waiters = state.withLock { $0.waiters }
        for (index, waiter) in waiters.enumerated() { waiter.onPosition(index + 1) }
    }
}

/// A running run's claim on the queue; give it back with `release()` when the run ends.
public final class RunSlot: Sendable {
    private let queue: RunQueue
    private let released = Atomic(false)

    fileprivate init(queue: RunQueue) { self.queue = queue }

    /// Gives the slot back (the second and later calls do nothing).
    public func release() {
        if !released.exchange(true, ordering: .acquiringAndReleasing) { queue.release() }
    }

    deinit { release() }
}
