import Foundation
import Notebook
import NotebookDocument

extension ExperimentContext {
    /// The experiments' narration, told through the lesson's terminal reporter.
    var narration: ExperimentNarration {
        let reporter = self.reporter
        return ExperimentNarration(
            announce: { reporter.note($0) },
            startRun: { title, steps in
                let progress = reporter.startRun(title, epochs: steps)
                return { step, loss in progress.update(epoch: step, loss: loss) }
            })
    }

    /// Narration for runs that may go on several threads at once (`--jobs` > 1): one line per
    /// finished run instead of progress bars that would overwrite each other. With one job it is
    /// `narration`.
    var concurrentNarration: ExperimentNarration {
        guard jobs > 1 else { return narration }
        let reporter = self.reporter
        let lock = NSLock()
        return ExperimentNarration(
            announce: { text in lock.withLock { reporter.note(text + " (\(jobs) at a time)") } },
            startRun: { title, steps in
                let started = ContinuousClock.now
                return { step, loss in
                    guard step >= steps else { return }
                    let elapsed = ContinuousClock.now - started
                    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                    let lossText = loss.isNaN ? "" : String(format: ", loss %.4f", loss)
                    lock.withLock {
                        reporter.countRun()
                        reporter.note("✓ \(title)\(lossText) (\(String(format: "%.1f", seconds)) s)")
                    }
                }
            })
    }
}

extension ResultsStore {
    /// Records a per-seed measurement as a sample (printed as mean ± std).
    func record(_ name: String, _ summary: SeedSummary, configuration: String = "") {
        record(name, sample: summary.values, configuration: configuration)
    }
}
