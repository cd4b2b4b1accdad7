import NotebookDocument

/// What a lesson's experiments receive: the run's settings, where to record results, and the
/// terminal narrative.
///
/// ```swift
/// Experiment(id: "rate-ablation", ...) { settings, context in
///     context.reporter.section("Training one network per dropout rate")
///     let seeds = context.runSeeds(settings.seedCount)   // recorded in results.json
///     let runs = try context.parallel(seeds.count) { index in try train(seed: seeds[index]) }
///     context.results.record("val-accuracy", accuracy, configuration: "digits, p = 0.5, 40 epochs")
/// }
/// ```
public struct ExperimentContext {
    /// The lesson's name, e.g. `"dropout"`.
    public let lesson: String
    /// Small sizes that run in seconds (`--quick`).
    public let quick: Bool
    /// The base seed of the build (`--seed`). Experiments derive their runs' seeds from it with
    /// `runSeeds(_:)`, never `seed + i`.
    public let seed: UInt64
    /// Where the experiments record what the text quotes.
    public let results: ResultsStore
    /// The terminal narrative: sections, progress bars, summary lines.
    public let reporter: LessonReporter
    /// The experiment being run (nil for lessons without declared experiments).
    public let experiment: String?
    /// How many training runs may go at once (`--jobs`).
    public let jobs: Int
    /// Products of earlier experiments of this build.
    public let products: ExperimentProducts

    public init(
        lesson: String, quick: Bool, seed: UInt64, results: ResultsStore, reporter: LessonReporter,
        experiment: String? = nil, jobs: Int = 1, products: ExperimentProducts = ExperimentProducts()
    ) {
        self.lesson = lesson
        self.quick = quick
        self.seed = seed
        self.results = results
        self.reporter = reporter
        self.experiment = experiment
        self.jobs = max(1, jobs)
        self.products = products
    }

    /// The seed stream of this experiment.
    public var seedStream: SeedStream { SeedStream(base: seed, experiment: experiment ?? lesson) }

    /// The seeds of the experiment's `count` training runs (`SeedStream`); they are recorded in
    /// results.json under the experiment.
    public func runSeeds(_ count: Int) -> [UInt64] {
        let seeds = seedStream.seeds(count)
        results.record(runSeeds: seeds, for: experiment ?? lesson)
        return seeds
    }

    /// `body(0) … body(count − 1)` on up to `jobs` threads at once, results in index order: the
    /// same values as a serial loop as long as each call uses only its own generators and networks.
    public func parallel<Value>(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Value) throws -> [Value] {
        try ParallelRuns.map(count, jobs: jobs, body)
    }
}
