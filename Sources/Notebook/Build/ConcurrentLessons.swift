import Foundation

/// Lesson-level parallelism for the course and the claims audit: independent lesson builds on up to
/// `--jobs` threads at once.
///
/// A lesson's training runs are already independent of everything outside the lesson (each run
/// seeds its own generators from the base seed, the experiment and its index), so building lessons
/// side by side changes only *when* each one runs, never what it computes: the course's files are
/// identical for every `--jobs`. Each lesson built this way runs its own training runs one after
/// another (`jobs` 1 inside), so the machine runs `--jobs` trainings at once in all.
///
/// Progress bars of several lessons would interleave, so each lesson's narrative is collected and
/// printed whole when that lesson ends.
enum ConcurrentLessons {
    /// `[work(0), …, work(count − 1)]` on up to `jobs` threads. `work` receives a reporter whose
    /// narrative is printed to `reporter.output` in one piece when the call returns; its runs and
    /// summary lines are added to `reporter`.
    static func map<Value>(
        _ count: Int, jobs: Int, reporter: LessonReporter,
        _ work: @escaping (_ index: Int, _ reporter: LessonReporter) throws -> Value
    ) throws -> [Value] {
        let printing = NSLock()
        return try ParallelRuns.map(count, jobs: jobs) { index in
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
