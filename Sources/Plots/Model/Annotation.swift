/// Marks placed at data coordinates on top of (or, for regions, behind) the series.
public enum Annotation: Sendable {
    /// A vertical line at x with a label written beside it near the top, e.g. "best epoch 23".
    case verticalLine(x: Double, label: String?, color: Color, dash: Dash)
    /// A horizontal line at y with a label written above it at the right end.
    case horizontalLine(y: Double, label: String?, color: Color, dash: Dash)
    /// A shaded vertical strip from x.lowerBound to x.upperBound, behind the data, with a label
    /// at its top (e.g. "overfitting").
    case region(x: ClosedRange<Double>, label: String?, color: Color)
    /// Text whose anchor point is at (x, y).
    case text(String, x: Double, y: Double, anchor: TextAnchor, color: Color)
    /// An arrow from the text position to the point it explains.
    case arrow(from: (x: Double, y: Double), to: (x: Double, y: Double), text: String?, color: Color)
}

/// Which point of a text box sits at the anchor position.
public enum TextAnchor: Sendable, Hashable {
    case center, left, right, top, bottom, topLeft, topRight, bottomLeft, bottomRight

    /// Horizontal fraction of the box width left of the anchor (0 left edge, 1 right edge).
    var horizontal: Double {
        switch self {
        case .left, .topLeft, .bottomLeft: return 0
        case .right, .topRight, .bottomRight: return 1
        case .center, .top, .bottom: return 0.5
        }
    }

    /// Vertical fraction of the box height above the anchor (0 top edge, 1 bottom edge).
    var vertical: Double {
        switch self {
        case .top, .topLeft, .topRight: return 0
        case .bottom, .bottomLeft, .bottomRight: return 1
        case .center, .left, .right: return 0.5
        }
    }
}

/// Where the legend goes.
public enum LegendPlacement: Sendable, Hashable {
    /// Inside the plot, at the candidate position that covers the fewest data points.
    case best
    case upperRight, upperLeft, lowerLeft, lowerRight, upperCenter, lowerCenter, centerRight, centerLeft
    /// Outside the plot, to the right of it (right of the colour bar, if any).
    case outsideRight
    /// Under the panel, entries side by side in as many columns as fit.
    case below
    /// No legend.
    case hidden
}
