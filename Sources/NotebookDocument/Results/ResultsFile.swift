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

    public var lesson: String
    public var provenance: Provenance
    public var values: [String: Value]
    public var series: [String: Series]
    public var tables: [String: Table]
    public var figures: [String: Figure]
    /// The results the lesson text refers to (values, tables, figures), sorted.
    public var usedByText: [String]

    /// Collects the store's contents.
    public init(
        store: ResultsStore, provenance: Provenance, figureFiles: [String: [String]], usedByText: Set<String>
    ) {
        lesson = store.lesson
        self.provenance = provenance
        values = store.values.mapValues { Value(value: $0.value, configuration: $0.configuration) }
        series = store.series.mapValues { Series(x: $0.value.x, y: $0.value.y, configuration: $0.configuration) }
        tables = store.tables.mapValues {
            Table(columns: $0.value.columns.map(\.header), rows: $0.value.rows, configuration: $0.configuration)
        }
        figures = store.figures.mapValues { Figure(configuration: $0.configuration, files: []) }
        for (name, files) in figureFiles { figures[name]?.files = files }
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
