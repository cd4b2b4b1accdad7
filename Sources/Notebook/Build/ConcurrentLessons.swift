import Foundation

/// Lesson-level parallelism for the course and the claims audit: independent lesson builds side
/// by side, all under one budget of `--jobs` busy threads (`RunSlots`).
///
/// A lesson's training runs are already independent of everything outside the lesson (each run
/// seeds its own generators from the base seed, the experiment and its index), so building lessons
/// side by side changes only *when* each one runs, never what it computes: the course's files are
/// identical for every `--jobs`. Up to `jobs` lessons are built at once; inside each, the training
/// runs spread over the same budget (`ParallelRuns`), so when fewer lessons than slots are left,
/// or a lesson waits for its last runs, its other runs use the free cores.
///
/// Progress bars of several lessons would interleave, so each lesson's narrative is collected and
/// printed whole when that lesson ends.
enum ConcurrentLessons {
    /// `[work(0), …, work(count − 1)]`, started in index order, up to `jobs` at once. `work`
    /// receives a reporter whose narrative is printed to `reporter.output` in one piece when the
    /// call returns; its runs and summary lines are added to `reporter`. `work` should build with
    /// `jobs` concurrent runs: the shared budget keeps the total at `jobs`.
    static func map<Value>(
        _ count: Int, jobs: Int, reporter: LessonReporter,
        _ work: @escaping (_ index: Int, _ reporter: LessonReporter) throws -> Value
    ) throws -> [Value] {
        let printing = NSLock()
        let slots = RunSlots(max(1, jobs))
        slots.acquire()
        defer { slots.release() }
        return try RunSlots.working(under: slots) {
            try ParallelRuns.map(count, jobs: jobs) { index in
                let narrative = Narrative()
                let own = LessonReporter(output: narrative.output)
                defer {
                    printing.withLock {
                        reporter.output.write(narrative.text)
                        reporter.absorb(own)
                    }
                }
                return try work(index, own)
            }
        }
    }

    /// Text written by one lesson, kept until it can be printed whole.
    private final class Narrative: @unchecked Sendable {
        private let lock = NSLock()
        private var chunks: [String] = []

        /// A non-interactive output (plain lines, no redrawn bars) that appends here.
        var output: TerminalOutput {
            TerminalOutput(isInteractive: false) { [self] text in lock.withLock { chunks.append(text) } }
        }

        var text: String { lock.withLock { chunks.joined() } }
    }
}
