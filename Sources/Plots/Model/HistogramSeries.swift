/// One or more distributions binned on common bin edges.
public struct HistogramSeries: Sendable {
    public var datasets: [HistogramData]
    public var bins: HistogramBins
    public var layout: HistogramLayout
    /// Draws the bin that contains 0 with a hatched outline and a note of its share of the
    /// values: the spike of exact or near zeros that L1 regularisation produces.
    public var highlightsZeroBin: Bool

    public init(
        datasets: [HistogramData], bins: HistogramBins = .count(30),
        layout: HistogramLayout = .overlaid(opacity: 0.5), highlightsZeroBin: Bool = false
    ) {
        self.datasets = datasets
        self.bins = bins
        self.layout = layout
        self.highlightsZeroBin = highlightsZeroBin
    }
}

/// The values of one distribution. Non-finite values are an error (a diverged run's weights
/// cannot be binned).
public struct HistogramData: Sendable {
    public var values: [Double]
    public var label: String?
    public var color: Color?

    public init(values: [Double], label: String? = nil, color: Color? = nil) {
        self.values = values
        self.label = label
        self.color = color
    }
}

/// How the bin edges are chosen.
public enum HistogramBins: Sendable, Hashable {
    /// `n` equal bins spanning all values of all datasets.
    case count(Int)
    /// Equal bins of this width, aligned so that 0 is a bin centre (the zero bin is symmetric).
    case width(Double)
    /// Explicit increasing edges; values outside are not counted.
    case edges([Double])
}

/// How several distributions share the bins.
public enum HistogramLayout: Sendable, Hashable {
    /// Bars on top of each other with transparency.
    case overlaid(opacity: Double)
    /// Each bin split into one narrow bar per dataset.
    case sideBySide
    /// Outlines only, no fill.
    case step
}
