import Foundation
import Preconditions

/// What a lesson's experiments found: named numbers, samples, texts, series, tables and figures,
/// each with the configuration that produced it. The lesson text refers to them by name, and
/// `results.json` lists them all with the seed, commit and toolchain of the run.
///
/// ```swift
/// context.results.record("val-accuracy", 0.912, configuration: "digits, p = 0.5, 40 epochs")
/// context.results.record(figure: curves, named: "ablation-curves",
///                        configuration: "digits, seed 7, p ∈ {0, 0.25, 0.5, 0.75}, 40 epochs")
/// ```
/// Names are made of letters, digits, `-`, `_` and `.`; each name is recorded once (recording a
/// name twice is a bug in the experiment and stops the program with a message naming it).
public final class ResultsStore {
    /// A recorded value with the configuration that produced it.
    public struct Entry<Value> {
        public var value: Value
        public var configuration: String
    }

    /// A recorded figure.
    public struct FigureEntry {
        public var figure: any ExportableFigure
        /// Appended to the caption in the text: "(digits, seed 7, p = 0.5, 40 epochs)".
        public var configuration: String
    }

    public let lesson: String
    public private(set) var values: [String: Entry<ResultValue>] = [:]
    public private(set) var series: [String: Entry<ResultSeries>] = [:]
    public private(set) var tables: [String: Entry<ResultTable>] = [:]
    public private(set) var figures: [String: FigureEntry] = [:]
    /// Frames of interactive figures (`:::{explorer}`), by name.
    public private(set) var explorers: [String: Entry<ExplorerFrames>] = [:]
    /// Every name in the order it was recorded.
    public private(set) var recordingOrder: [String] = []
    /// The claims the experiments evaluated, by id.
    public private(set) var claims: [String: Claim] = [:]
    /// Claim ids in the order they were recorded.
    public private(set) var claimOrder: [String] = []
    /// Per experiment, the seeds of its training runs (`ExperimentContext.runSeeds`).
    public private(set) var runSeeds: [String: [UInt64]] = [:]
    /// Per experiment, its settings in this build (the builder fills it in).
    public var settings: [String: SettingsSheet] = [:]
    /// The experiment each result and claim came from (absent for lessons without experiments).
    public private(set) var experimentOfName: [String: String] = [:]
    /// The experiment now running: results recorded meanwhile belong to it.
    public var currentExperiment: String?

    public init(lesson: String) {
        self.lesson = lesson
    }

    // MARK: - Recording

    /// Records one number.
    public func record(_ name: String, _ number: Double, configuration: String = "") {
        claim(name)
        values[name] = Entry(value: .number(number), configuration: configuration)
    }

    /// Records one integer (a count, a number of parameters).
    public func record(_ name: String, _ integer: Int, configuration: String = "") {
        record(name, Double(integer), configuration: configuration)
    }

    /// Records a sample (e.g. one value per seed); the text prints it as mean ± standard deviation.
    public func record(_ name: String, sample: [Double], configuration: String = "") {
        checkPrecondition(!sample.isEmpty, "ResultsStore: sample '\(name)' is empty; record at least one value")
        claim(name)
        values[name] = Entry(value: .sample(sample), configuration: configuration)
    }

    /// Records a short text (a name, a verdict).
    public func record(_ name: String, text: String, configuration: String = "") {
        claim(name)
        values[name] = Entry(value: .text(text), configuration: configuration)
    }

    /// Records a series of `(x, y)` pairs, e.g. validation accuracy per epoch.
    public func record(series name: String, x: [Double], y: [Double], configuration: String = "") {
        claim(name)
        series[name] = Entry(value: ResultSeries(x: x, y: y), configuration: configuration)
    }

    /// Records a table; each row must have one cell per column.
    public func record(table name: String, _ table: ResultTable, configuration: String = "") {
        for (index, row) in table.rows.enumerated() {
            checkPrecondition(
                row.count == table.columns.count,
                "ResultsStore: table '\(name)' row \(index) has \(row.count) cells for \(table.columns.count) columns")
        }
        claim(name)
        tables[name] = Entry(value: table, configuration: configuration)
    }

    /// Records a figure; `configuration` (data set, seed, hyperparameters, epochs) is appended to
    /// its caption so that a reader can rerun exactly that figure.
    public func record(figure: any ExportableFigure, named name: String, configuration: String) {
        claim(name)
        figures[name] = FigureEntry(figure: figure, configuration: configuration)
    }

    /// Records the frames of an interactive figure (`:::{explorer} name`): one figure per value of
    /// a swept parameter; `configuration` is appended to its caption as for a figure.
    public func record(explorer: ExplorerFrames, named name: String, configuration: String) {
        claim(name)
        explorers[name] = Entry(value: explorer, configuration: configuration)
    }

    /// Records a claim the run evaluated (see `Claim`); the lesson source binds text to its id.
    /// Its evidence becomes values the text can quote: `<id>.effect` (the per-run values, a
    /// sample), `<id>.agreeing` and `<id>.runs` ("on {value}`<id>.agreeing:int` of
    /// {value}`<id>.runs:int` runs").
    public func record(claim: Claim) {
        checkPrecondition(
            claims[claim.id] == nil, "ResultsStore: claim '\(claim.id)' is recorded twice in lesson '\(lesson)'")
        claims[claim.id] = claim
        claimOrder.append(claim.id)
        if let currentExperiment { experimentOfName["claim:" + claim.id] = currentExperiment }
        let configuration = claim.measure
        if !claim.evidence.values.isEmpty {
            record("\(claim.id).effect", sample: claim.evidence.values, configuration: configuration)
        }
        record("\(claim.id).agreeing", claim.evidence.agreeing, configuration: configuration)
        record("\(claim.id).runs", claim.evidence.runs, configuration: configuration)
    }

    /// Records the seeds of an experiment's training runs (`ExperimentContext.runSeeds` does).
    public func record(runSeeds seeds: [UInt64], for experiment: String) {
        runSeeds[experiment, default: []] += seeds
    }

    /// The claims in the order they were recorded.
    public var orderedClaims: [Claim] { claimOrder.compactMap { claims[$0] } }

    /// The experiment that recorded `name` (a result) or `claim:<id>`.
    public func experiment(of name: String) -> String? { experimentOfName[name] }

    private func claim(_ name: String) {
        checkPrecondition(
            !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) },
            "ResultsStore: result name '\(name)' must be letters, digits, '-', '_' or '.'")
        checkPrecondition(
            !recordingOrder.contains(name),
            "ResultsStore: '\(name)' is recorded twice in lesson '\(lesson)'; give each result its own name")
        recordingOrder.append(name)
        if let currentExperiment { experimentOfName[name] = currentExperiment }
    }

    // MARK: - Lookup

    /// Every recorded name (values, series, tables and figures).
    public var allNames: [String] { recordingOrder }

    /// The value `name` refers to in a `{value}` role: a number, sample or text, or a series' `y`.
    func insertableValue(named name: String) -> (value: ResultValue, isSeries: Bool)? {
        if let entry = values[name] { return (entry.value, false) }
        if let entry = series[name] { return (.sample(entry.value.y), true) }
        return nil
    }
}
