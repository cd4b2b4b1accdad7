/// One thing drawn in a panel from data. Each case carries a plain value describing the data and
/// its style; the Cairo backend turns it into pixels or vector paths.
public enum Series: Sendable {
    case line(LineSeries)
    case scatter(ScatterSeries)
    case band(BandSeries)
    case histogram(HistogramSeries)
    case bars(BarChart)
    case heatmap(Heatmap)
    case contour(ContourPlot)

    /// The label that names the series in the legend and in error messages.
    var label: String? {
        switch self {
        case .line(let s): return s.label
        case .scatter(let s): return s.label
        case .band(let s): return s.label
        case .histogram(let s): return s.datasets.compactMap(\.label).first
        case .bars(let s): return s.groups.compactMap(\.label).first
        case .heatmap(let s): return s.label
        case .contour(let s): return s.label
        }
    }

    var kindName: String {
        switch self {
        case .line: return "line"
        case .scatter: return "scatter"
        case .band: return "band"
        case .histogram: return "histogram"
        case .bars: return "bar chart"
        case .heatmap: return "heatmap"
        case .contour: return "contour plot"
        }
    }
}

/// A polyline through (x[i], y[i]), optionally with markers.
///
/// Non-finite points (NaN, ±∞) are not drawn: the line has a gap there and Plots prints a warning
/// (a diverged run should still show the epochs before it diverged).
public struct LineSeries: Sendable {
    public var x: [Double]
    public var y: [Double]
    public var label: String?
    /// `nil`: the next colour of the palette.
    public var color: Color?
    public var dash: Dash
    public var marker: Marker
    public var lineWidth: Double
    public var markerSize: Double

    public init(
        x: [Double], y: [Double], label: String? = nil, color: Color? = nil, dash: Dash = .solid,
        marker: Marker = .none, lineWidth: Double = 1.6, markerSize: Double = 5
    ) {
        self.x = x
        self.y = y
        self.label = label
        self.color = color
        self.dash = dash
        self.marker = marker
        self.lineWidth = lineWidth
        self.markerSize = markerSize
    }
}

/// Unconnected markers at (x[i], y[i]). Non-finite points are skipped with a warning.
public struct ScatterSeries: Sendable {
    public var x: [Double]
    public var y: [Double]
    public var label: String?
    public var color: Color?
    public var marker: Marker
    /// Marker diameter in points.
    public var markerSize: Double
    /// `false` draws only the outline (for example validation points beside filled training points).
    public var filled: Bool
    /// Outline colour of filled markers (white separates overlapping points).
    public var edgeColor: Color?

    public init(
        x: [Double], y: [Double], label: String? = nil, color: Color? = nil, marker: Marker = .circle,
        markerSize: Double = 5, filled: Bool = true, edgeColor: Color? = Color.white
    ) {
        self.x = x
        self.y = y
        self.label = label
        self.color = color
        self.marker = marker
        self.markerSize = markerSize
        self.filled = filled
        self.edgeColor = edgeColor
    }
}

/// A shaded region between two curves, such as mean ± standard deviation over seeds.
public struct BandSeries: Sendable {
    public var x: [Double]
    public var lower: [Double]
    public var upper: [Double]
    public var label: String?
    public var color: Color?
    /// Opacity of the fill.
    public var opacity: Double

    public init(
        x: [Double], lower: [Double], upper: [Double], label: String? = nil, color: Color? = nil,
        opacity: Double = 0.25
    ) {
        self.x = x
        self.lower = lower
        self.upper = upper
        self.label = label
        self.color = color
        self.opacity = opacity
    }
}
