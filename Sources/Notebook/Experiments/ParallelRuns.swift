import Foundation
import NotebookDocument
import Preconditions

/// Runs independent training runs on several threads, one run per thread at a time, and returns
/// their results in index order.
///
/// Determinism: each run must use only what it creates (its network, optimiser and generators,
/// all seeded from its own seed) and read shared data without writing it. Then the threads change
/// only *when* a run happens, not what it computes, and the results are bit-identical to a serial
/// loop (BLAS runs on one thread per call, so a matrix product does not depend on the core count).
public enum ParallelRuns {
    /// The default for `--jobs`: one run per core. The runs do not slow each other down: on the
    /// 2-core machine the dropout lesson (full mode, seed 7) used 7.6 s of CPU with `--jobs 1` and
    /// 8.0 s with `--jobs 2`, with identical results.json. (An earlier wall-clock reading of 22 s
    /// against 146 s was taken while other builds loaded the machine; CPU time is the fair measure
    /// there.)
    public static var defaultJobs: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// `[body(0), body(1), …, body(count − 1)]`, computed on up to `jobs` threads. The first error
    /// (by index) is rethrown after every started run has finished.
    ///
    /// Under a shared budget (`RunSlots.current`, set by the course and the audit), the calling
    /// thread computes with the slot it holds, the other threads take a slot for each run, and the
    /// caller gives its slot back while it waits for their last runs.
    public static func map<Value>(_ count: Int, jobs: Int, _ body: @escaping (Int) throws -> Value) throws -> [Value] {
        checkPrecondition(count >= 0, "ParallelRuns.map: count \(count) must be at least 0")
        let threads = max(1, min(jobs, count))
        if threads == 1 { return try (0..<count).map(body) }
        let slots = RunSlots.current
        let state = State<Value>(count: count, body: body)
        let group = DispatchGroup()
        for _ in 1..<threads {
            group.enter()
            let thread = Thread {
                RunSlots.working(under: slots) { state.work(takingSlotsFrom: slots) }
                group.leave()
            }
            thread.stackSize = 8 << 20  // as the main thread's
            thread.start()
        }
        state.work(takingSlotsFrom: nil)
        if let slots { slots.releasing { group.wait() } } else { group.wait() }
        return try state.collected()
    }

    /// The shared work list; every access to it holds `lock`.
    private final class State<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private let count: Int
        private let body: (Int) throws -> Value
        private var next = 0
        private var results: [Result<Value, any Error>?]

        init(count: Int, body: @escaping (Int) throws -> Value) {
            self.count = count
            self.body = body
            results = Array(repeating: nil, count: count)
        }

        /// Takes indices until none is left; with `slots`, holds one of them for each run.
        func work(takingSlotsFrom slots: RunSlots?) {
            while true {
                slots?.acquire()
                guard let index = take() else {
                    slots?.release()
                    return
                }
                let result = Result { try body(index) }
                lock.lock()
                results[index] = result
                lock.unlock()
                slots?.release()
            }
        }

        private func take() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < count else { return nil }
            next += 1
            return next - 1
        }

        func collected() throws -> [Value] {
            try results.map { try $0!.get() }
        }
    }
}
