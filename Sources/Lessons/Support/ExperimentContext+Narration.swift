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
}

extension ResultsStore {
    /// Records a per-seed measurement as a sample (printed as mean ± std).
    func record(_ name: String, _ summary: SeedSummary, configuration: String = "") {
        record(name, sample: summary.values, configuration: configuration)
    }
}
