import Foundation
import Preconditions

/// The course's budget of busy threads: at most `count` threads compute at once, whichever lesson
/// they work for.
///
/// The course and the claims audit build several lessons side by side, and each lesson spreads its
/// training runs over threads (`ParallelRuns`). With one shared budget the cores stay busy at the
/// ends, too: while lessons run side by side each trains on its own thread, and when only one is
/// left (or one waits for its last run) its other runs take the free slots. A thread holds a slot
/// while it computes and gives it back while it waits.
///
/// The budget changes only *when* a run happens, never what it computes (each run seeds its own
/// generators), so results are the same for every `--jobs`.
public final class RunSlots: @unchecked Sendable {
    private let condition = NSCondition()
    private var free: Int
    /// The number of slots.
    public let count: Int

    public init(_ count: Int) {
        checkPrecondition(count >= 1, "RunSlots: needs at least one slot, got \(count)")
        self.count = count
        self.free = count
    }

    /// Waits for a free slot and takes it.
    public func acquire() {
        condition.lock()
        while free == 0 { condition.wait() }
        free -= 1
        condition.unlock()
    }

    /// Gives a slot back.
    public func release() {
        condition.lock()
        free += 1
        checkPrecondition(free <= count, "RunSlots: a slot was given back twice")
        condition.signal()
        condition.unlock()
    }

    /// `body()` on a thread that already holds a slot, without it: for waiting on other threads.
    public func releasing<Value>(_ body: () throws -> Value) rethrows -> Value {
        release()
        defer { acquire() }
        return try body()
    }

    // MARK: - The budget of the current thread

    private static let key = "Regularize.RunSlots"

    /// The budget the current thread computes under (it holds one of its slots), or nil: a
    /// thread outside any shared budget (a lesson built on its own).
    public static var current: RunSlots? {
        Thread.current.threadDictionary[key] as? RunSlots
    }

    /// Marks the current thread as working under `slots` (holding one) for the duration of `body`.
    public static func working<Value>(under slots: RunSlots?, _ body: () throws -> Value) rethrows -> Value {
        let dictionary = Thread.current.threadDictionary
        let previous = dictionary[key]
        dictionary[key] = slots
        defer { dictionary[key] = previous }
        return try body()
    }
}
