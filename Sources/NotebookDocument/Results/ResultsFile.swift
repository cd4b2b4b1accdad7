import Foundation

/// The contents of `output/<lesson>/results.json`: every recorded result with its configuration,
/// the run's provenance, the figure files, and which results the lesson text used.
public struct ResultsFile: Codable, Sendable {
    public struct Value: Codable, Sendable {
        public var value: ResultValue
        public var configuration: String
    }

    public struct Series: Codable, Sendable {
        public var x: [Double]
        public var y: [Double]
        public var configuration: String
    }

    public struct Table: Codable, Sendable {
        public var columns: [String]
        public var rows: [[ResultValue]]
        public var configuration: String
    }

    public struct Figure: Codable, Sendable {
        public var configuration: String
        /// Paths relative to the lesson's output folder, e.g. `figures/ablation-curves.png`.
        public var files: [String]
    }

    /// An interactive figure: the swept parameter and the value of each frame.
    public struct Explorer: Codable, Sendable {
        public var parameter: String
        public var frames: [String]
        public var groups: [String?]
        public var configuration: String
    }

    /// A claim in this run: the sentence the text typeset for its verdict (nil when the text does
    /// not state it), the verdict, its evidence, and the seeds of the runs behind it.
    public struct ClaimEntry: Codable, Sendable, Equatable {
        public var statement: String?
        public var verdict: ClaimVerdict
        public var evidence: ClaimEvidence
        public var seeds: [UInt64]
        public var experiment: String?
    }

    /// An experiment of the lesson: whether this build ran it, the seeds of its training runs, and
    /// its settings (with the command line's overrides).
    public struct ExperimentEntry: Codable, Sendable, Equatable {
        public var section: String
        public var summary: String
        /// False when `--only` left it out: none of its results are in this file.
        public var ran: Bool
        public var runSeeds: [UInt64]
        public var settings: [SettingsSheet.Entry]
        /// `name → value` of the settings `--set` changed.
        public var overrides: [String: String]

        public init(
            section: String, summary: String, ran: Bool, runSeeds: [UInt64], settings: [SettingsSheet.Entry],
            overrides: [String: String]
        ) {
            self.section = section
            self.summary = summary
            self.ran = ran
            self.runSeeds = runSeeds
            self.settings = settings
            self.overrides = overrides
        }
    }

    public var lesson: String
    public var provenance: Provenance
    /// Every claim by id.
    public var claims: [String: ClaimEntry]
    /// Every declared experiment by id (empty for a lesson without declared experiments; then
    /// `runSeeds` of the lesson as a whole are under the lesson's name).
    public var experiments: [String: ExperimentEntry]
    public var values: [String: Value]
    public var series: [String: Series]
    public var tables: [String: Table]
    public var figures: [String: Figure]
    /// Interactive figures (`:::{explorer}`); absent in files written before they existed.
    public var explorers: [String: Explorer]?
    /// The results the lesson text refers to (values, tables, figures), sorted.
    public var usedByText: [String]

    /// Collects the store's contents.
    public init(
        store: ResultsStore, provenance: Provenance, figureFiles: [String: [String]], usedByText: Set<String>,
        statements: [String: String] = [:], experiments: [String: ExperimentEntry] = [:]
    ) {
        lesson = store.lesson
        self.provenance = provenance
        claims = store.claims.mapValues { claim in
            ClaimEntry(
                statement: statements[claim.id], verdict: claim.verdict, evidence: claim.evidence,
                seeds: claim.seeds, experiment: store.experiment(of: "claim:" + claim.id))
        }
        var experiments = experiments
        for (experiment, seeds) in store.runSeeds where experiments[experiment] == nil {
            experiments[experiment] = ExperimentEntry(
                section: "", summary: "", ran: true, runSeeds: seeds, settings: [], overrides: [:])
        }
        self.experiments = experiments
        values = store.values.mapValues { Value(value: $0.value, configuration: $0.configuration) }
        series = store.series.mapValues { Series(x: $0.value.x, y: $0.value.y, configuration: $0.configuration) }
        tables = store.tables.mapValues {
            Table(columns: $0.value.columns.map(\.header), rows: $0.value.rows, configuration: $0.configuration)
        }
        figures = store.figures.mapValues { Figure(configuration: $0.configuration, files: []) }
        for (name, files) in figureFiles { figures[name]?.files = files }
        let explorers = store.explorers.mapValues { entry in
            Explorer(
                parameter: entry.value.parameter, frames: entry.value.frames.map(\.value),
                groups: entry.value.frames.map(\.group), configuration: entry.configuration)
        }
        self.explorers = explorers.isEmpty ? nil : explorers
        self.usedByText = usedByText.sorted()
    }

    /// Pretty-printed JSON with sorted keys, so that two runs with the same seed give the same bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    /// Writes the JSON to `url` atomically.
    public func write(to url: URL) throws {
        try AtomicFile.write(try encoded(), to: url)
    }
}
