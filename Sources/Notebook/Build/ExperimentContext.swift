import NotebookDocument

/// What a lesson's experiments receive: the run's settings, where to record results, and the
/// terminal narrative.
///
/// ```swift
/// experiments: { context in
///     context.reporter.section("Inverted dropout keeps the expected activation")
///     let samples = context.quick ? 10_000 : 1_000_000
///     var generator = RandomGenerator(seed: context.seed)
///     ...
///     context.results.record("mean-ratio", ratio, configuration: "\(samples) activations, p = 0.5")
/// }
/// ```
public struct ExperimentContext {
    /// The lesson's name, e.g. `"dropout"`.
    public let lesson: String
    /// Small sizes that run in seconds (`--quick`).
    public let quick: Bool
    /// The random seed of the run (`--seed`); derive every generator from it.
    public let seed: UInt64
    /// Where the experiments record what the text quotes.
    public let results: ResultsStore
    /// The terminal narrative: sections, progress bars, summary lines.
    public let reporter: LessonReporter

    public init(lesson: String, quick: Bool, seed: UInt64, results: ResultsStore, reporter: LessonReporter) {
        self.lesson = lesson
        self.quick = quick
        self.seed = seed
        self.results = results
        self.reporter = reporter
    }
}
