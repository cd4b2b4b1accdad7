/// One panel: a coordinate system with its series, annotations, labels and legend.
///
/// ```swift
/// var axes = Axes(xLabel: "epoch", yLabel: "loss")
/// axes.yScale = .logarithmic
/// axes.plot(epochs, trainingLoss, label: "training")
/// axes.plot(epochs, validationLoss, label: "validation", dash: .dashed)
/// axes.verticalLine(at: 23, label: "best epoch 23")
/// ```
/// Labels are Pango markup when they parse as markup (`"<i>p</i> = 0.5"`, `"L<sub>2</sub>"`),
/// otherwise plain text (so `"a < b"` shows as written). Unicode (λ, θ, Σ, L₂, x²) works in both.
public struct Axes: Sendable {
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    public var xScale: Scale = .linear
    public var yScale: Scale = .linear
    /// Fixed limits; `nil` fits the data with `margin`.
    public var xLimits: ClosedRange<Double>?
    public var yLimits: ClosedRange<Double>?
    /// Space added on each side of automatic limits, as a fraction of the data range.
    public var margin: Double = 0.04
    /// Light grid lines at the major ticks.
    public var grid: Bool = true
    public var legend: LegendPlacement = .best
    /// Title of the colour bar of a heatmap or filled contour (shown when such a series exists).
    public var colorBarLabel: String?
    /// Whether a heatmap or filled contour gets a colour bar (switch off in all but one panel
    /// of a grid that shares the colour scale).
    public var showsColorBar = true
    /// Explicit tick positions (and optional labels) replace the automatic ones.
    public var xTicks: [Tick]?
    public var yTicks: [Tick]?
    public var series: [Series] = []
    public var annotations: [Annotation] = []

    public init(title: String? = nil, xLabel: String? = nil, yLabel: String? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    // MARK: - Series

    /// A line through (x[i], y[i]).
    public mutating func plot(
        _ x: [Double], _ y: [Double], label: String? = nil, color: Color? = nil, dash: Dash = .solid,
        marker: Marker = .none, lineWidth: Double = 1.6
    ) {
        series.append(.line(LineSeries(x: x, y: y, label: label, color: color, dash: dash, marker: marker, lineWidth: lineWidth)))
    }

    /// Markers at (x[i], y[i]).
    public mutating func scatter(
        _ x: [Double], _ y: [Double], label: String? = nil, color: Color? = nil, marker: Marker = .circle,
        markerSize: Double = 5, filled: Bool = true
    ) {
        series.append(.scatter(ScatterSeries(x: x, y: y, label: label, color: color, marker: marker, markerSize: markerSize, filled: filled)))
    }

    /// A shaded band between `lower` and `upper` (mean ± std: pass mean − std and mean + std).
    public mutating func band(
        _ x: [Double], lower: [Double], upper: [Double], label: String? = nil, color: Color? = nil,
        opacity: Double = 0.25
    ) {
        series.append(.band(BandSeries(x: x, lower: lower, upper: upper, label: label, color: color, opacity: opacity)))
    }

    /// A histogram of one or more distributions on shared bins.
    public mutating func histogram(
        _ datasets: [HistogramData], bins: HistogramBins = .count(30),
        layout: HistogramLayout = .overlaid(opacity: 0.5), highlightsZeroBin: Bool = false
    ) {
        series.append(.histogram(HistogramSeries(datasets: datasets, bins: bins, layout: layout, highlightsZeroBin: highlightsZeroBin)))
    }

    /// Grouped bars with optional error bars; the x axis shows the category names.
    public mutating func bars(categories: [String], groups: [BarGroup]) {
        series.append(.bars(BarChart(categories: categories, groups: groups)))
    }

    public mutating func heatmap(_ heatmap: Heatmap) {
        series.append(.heatmap(heatmap))
    }

    public mutating func contour(_ contour: ContourPlot) {
        series.append(.contour(contour))
    }

    // MARK: - Annotations

    public mutating func verticalLine(at x: Double, label: String? = nil, color: Color = .ink, dash: Dash = .dashed) {
        annotations.append(.verticalLine(x: x, label: label, color: color, dash: dash))
    }

    public mutating func horizontalLine(at y: Double, label: String? = nil, color: Color = .ink, dash: Dash = .dashed) {
        annotations.append(.horizontalLine(y: y, label: label, color: color, dash: dash))
    }

    /// Shades x in `range` behind the data.
    public mutating func shade(_ range: ClosedRange<Double>, label: String? = nil, color: Color = Color(hex: 0x999999, alpha: 0.15)) {
        annotations.append(.region(x: range, label: label, color: color))
    }

    public mutating func text(_ text: String, x: Double, y: Double, anchor: TextAnchor = .center, color: Color = .ink) {
        annotations.append(.text(text, x: x, y: y, anchor: anchor, color: color))
    }

    /// An arrow pointing at `to`, starting at `from` where `text` is written.
    public mutating func arrow(from: (x: Double, y: Double), to: (x: Double, y: Double), text: String? = nil, color: Color = .ink) {
        annotations.append(.arrow(from: from, to: to, text: text, color: color))
    }
}

/// A tick mark at `value`, labelled `label` (or the formatted value when `nil`).
public struct Tick: Sendable, Hashable {
    public var value: Double
    public var label: String?

    public init(_ value: Double, label: String? = nil) {
        self.value = value
        self.label = label
    }
}
