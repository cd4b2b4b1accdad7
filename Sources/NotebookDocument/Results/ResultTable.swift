/// A table an experiment recorded: named columns and rows of cells (numbers, samples or texts),
/// e.g. an ablation: rate, train accuracy, validation accuracy, gap.
public struct ResultTable: Sendable, Equatable, Codable {
    /// One column: its header and how its numbers print unless the lesson overrides it.
    public struct Column: Sendable, Equatable, Codable {
        public var header: String
        /// A `ValueFormat` spec such as `"percent.1"`; empty prints numbers automatically.
        public var format: String

        public init(_ header: String, format: String = "") {
            self.header = header
            self.format = format
        }
    }

    public var columns: [Column]
    public var rows: [[ResultValue]]

    public init(columns: [Column], rows: [[ResultValue]]) {
        self.columns = columns
        self.rows = rows
    }
}
