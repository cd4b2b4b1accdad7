/// Where one panel goes and how its axes map data to points, decided before drawing.
struct PanelLayout {
    var index: Int
    var row: Int
    var column: Int
    var axes: Axes
    var series: [PreparedSeries]
    var extent: DataExtent
    var cell = PlotRect(x: 0, y: 0, width: 0, height: 0)
    var plotArea = PlotRect(x: 0, y: 0, width: 0, height: 0)
    var xLimits: ClosedRange<Double> = 0...1
    var yLimits: ClosedRange<Double> = 0...1
    var xTicks = TickSet(major: [], labels: [], minor: [])
    var yTicks = TickSet(major: [], labels: [], minor: [])
    var showsXTickLabels = true
    var showsYTickLabels = true
    var showsXLabel = true
    var showsYLabel = true
    var letter: String?
    /// Margins around the plot area inside the cell.
    var left = 0.0, right = 0.0, top = 0.0, bottom = 0.0

    var xMap: AxisMap {
        AxisMap(scale: axes.xScale, lower: xLimits.lowerBound, upper: xLimits.upperBound, start: plotArea.minX, end: plotArea.maxX)
    }

    var yMap: AxisMap {
        AxisMap(scale: axes.yScale, lower: yLimits.lowerBound, upper: yLimits.upperBound, start: plotArea.maxY, end: plotArea.minY)
    }

    /// The colour bar shown beside the panel: from the first heatmap or filled contour.
    var colorBar: (map: ColorMap, range: ClosedRange<Double>, levels: [Double]?)? {
        guard axes.showsColorBar else { return nil }
        for prepared in series {
            switch prepared {
            case .heatmap(let heatmap, let range): return (heatmap.colorMap, range, nil)
            case .contour(let contour, let range) where contour.fillLevels != nil:
                return (contour.colorMap, range, contour.fillLevels)
            default: continue
            }
        }
        return nil
    }
}

/// Axis limits that fit the data with a margin, or that were set by hand.
enum AxisLimits {
    static func fit(
        min low: Double, max high: Double, scale: Scale, manual: ClosedRange<Double>?, margin: Double,
        tight: Bool, fromZero: Bool, axis: String
    ) throws -> ClosedRange<Double> {
        if let manual {
            guard manual.lowerBound.isFinite, manual.upperBound.isFinite, manual.lowerBound < manual.upperBound else {
                throw PlotError.invalidLimits(axis: axis, lower: manual.lowerBound, upper: manual.upperBound, reason: "they must be finite with lower < upper")
            }
            if scale == .logarithmic, manual.lowerBound <= 0 {
                throw PlotError.invalidLimits(axis: axis, lower: manual.lowerBound, upper: manual.upperBound, reason: "a logarithmic axis needs lower > 0")
            }
            return manual
        }
        guard low.isFinite, high.isFinite else {
            return scale == .logarithmic ? 1...10 : 0...1
        }
        var a = scale.transform(low)
        var b = scale.transform(high)
        if a == b {
            let pad = scale == .logarithmic ? 0.5 : max(abs(a) * 0.1, 0.5)
            a -= pad
            b += pad
        } else if !tight {
            let span = b - a
            if !(fromZero && scale == .linear && low == 0) { a -= margin * span }
            b += (fromZero ? 1.25 : 1) * margin * span
        }
        return scale.inverse(a)...scale.inverse(b)
    }
}
