import Foundation

/// A series after validation, with its colours resolved and derived data (bins, value ranges)
/// computed, ready to draw.
enum PreparedSeries {
    case line(LineSeries, color: Color)
    case scatter(ScatterSeries, color: Color)
    case band(BandSeries, color: Color)
    case histogram(HistogramSeries, BinnedHistogram, colors: [Color])
    case bars(BarChart, colors: [Color])
    case heatmap(Heatmap, valueRange: ClosedRange<Double>)
    case contour(ContourPlot, valueRange: ClosedRange<Double>)
}

/// The data's extent along both axes, and how limits should be fitted around it.
struct DataExtent {
    var xMin = Double.infinity, xMax = -Double.infinity
    var yMin = Double.infinity, yMax = -Double.infinity
    /// Bars and histograms: the y axis starts at 0 (on a linear scale).
    var yFromZero = false
    /// Heatmaps and fields: limits are exactly the data extent, without margin.
    var tightX = false
    var tightY = false

    mutating func include(x: Double) {
        guard x.isFinite else { return }
        xMin = min(xMin, x)
        xMax = max(xMax, x)
    }

    mutating func include(y: Double) {
        guard y.isFinite else { return }
        yMin = min(yMin, y)
        yMax = max(yMax, y)
    }

    mutating func merge(_ other: DataExtent) {
        xMin = min(xMin, other.xMin); xMax = max(xMax, other.xMax)
        yMin = min(yMin, other.yMin); yMax = max(yMax, other.yMax)
        yFromZero = yFromZero || other.yFromZero
        tightX = tightX || other.tightX
        tightY = tightY || other.tightY
    }
}

/// Checks every series of a panel against the policy for bad input and prepares it.
///
/// Policy: an empty series, x and y of different lengths, a non-positive value on a logarithmic
/// axis, and NaN or ±∞ in histograms, bars, bands' x, or fields' coordinates are thrown errors
/// naming the series. NaN or ±∞ points of a line or scatter become gaps (skipped markers) and a
/// warning; a series with no finite point at all is an error, so a figure is never silently blank.
/// NaN cells of a heatmap or field are left transparent with a warning.
struct SeriesPreparation {
    let axes: Axes
    let panelName: String
    var warnings: [String] = []
    var extent = DataExtent()
    var prepared: [PreparedSeries] = []
    private var nextColor = 0

    init(axes: Axes, panelName: String) {
        self.axes = axes
        self.panelName = panelName
    }

    mutating func takeColor(_ explicit: Color?) -> Color {
        if let explicit { return explicit }
        defer { nextColor += 1 }
        return Palette.color(at: nextColor)
    }

    func name(_ series: Series, index: Int) -> String {
        if let label = series.label { return "\(series.kindName) '\(label)' in \(panelName)" }
        return "\(series.kindName) #\(index + 1) in \(panelName)"
    }

    mutating func prepareAll() throws {
        for (index, series) in axes.series.enumerated() {
            try prepare(series, name: name(series, index: index))
        }
        for annotation in axes.annotations {
            switch annotation {
            case .verticalLine(let x, _, _, _): extent.include(x: x)
            case .horizontalLine(let y, _, _, _): extent.include(y: y)
            case .text(_, let x, let y, _, _):
                extent.include(x: x); extent.include(y: y)
            case .arrow(let from, let to, _, _):
                extent.include(x: from.x); extent.include(y: from.y)
                extent.include(x: to.x); extent.include(y: to.y)
            case .region: break
            }
        }
    }

    private func checkLog(_ values: [Double], scale: Scale, axis: String, series: String) throws {
        guard scale == .logarithmic else { return }
        if let index = values.firstIndex(where: { $0.isFinite && $0 <= 0 }) {
            throw PlotError.nonPositiveOnLogAxis(series: series, axis: axis, index: index, value: values[index])
        }
    }

    private func checkFinite(_ values: [Double], series: String) throws {
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw PlotError.nonFiniteValue(series: series, index: index, value: values[index])
        }
    }

    /// Validates x/y pairs of a line or scatter; returns how many points are not finite.
    private mutating func checkPoints(_ x: [Double], _ y: [Double], series: String) throws {
        guard !x.isEmpty || !y.isEmpty else { throw PlotError.emptySeries(series: series) }
        guard x.count == y.count else {
            throw PlotError.lengthMismatch(series: series, what: "y", expected: x.count, actual: y.count)
        }
        try checkLog(x, scale: axes.xScale, axis: "x", series: series)
        try checkLog(y, scale: axes.yScale, axis: "y", series: series)
        let bad = zip(x, y).enumerated().filter { !$0.element.0.isFinite || !$0.element.1.isFinite }.map(\.offset)
        if bad.count == x.count { throw PlotError.noFiniteValues(series: series) }
        if let first = bad.first {
            warnings.append("\(series): \(bad.count) of \(x.count) points are NaN or infinite (first at index \(first)); they are left out (gaps in the line)")
        }
        for (a, b) in zip(x, y) where a.isFinite && b.isFinite {
            extent.include(x: a)
            extent.include(y: b)
        }
    }

    private mutating func prepare(_ series: Series, name: String) throws {
        switch series {
        case .line(let line):
            try checkPoints(line.x, line.y, series: name)
            prepared.append(.line(line, color: takeColor(line.color)))

        case .scatter(let scatter):
            try checkPoints(scatter.x, scatter.y, series: name)
            prepared.append(.scatter(scatter, color: takeColor(scatter.color)))

        case .band(let band):
            guard !band.x.isEmpty else { throw PlotError.emptySeries(series: name) }
            guard band.lower.count == band.x.count else {
                throw PlotError.lengthMismatch(series: name, what: "lower", expected: band.x.count, actual: band.lower.count)
            }
            guard band.upper.count == band.x.count else {
                throw PlotError.lengthMismatch(series: name, what: "upper", expected: band.x.count, actual: band.upper.count)
            }
            try checkFinite(band.x, series: name + " (x)")
            try checkLog(band.x, scale: axes.xScale, axis: "x", series: name)
            try checkLog(band.lower, scale: axes.yScale, axis: "y", series: name + " (lower)")
            try checkLog(band.upper, scale: axes.yScale, axis: "y", series: name + " (upper)")
            let finite = zip(band.lower, band.upper).filter { $0.0.isFinite && $0.1.isFinite }.count
            if finite == 0 { throw PlotError.noFiniteValues(series: name) }
            if finite < band.x.count {
                warnings.append("\(name): \(band.x.count - finite) of \(band.x.count) points are NaN or infinite; the band has gaps there")
            }
            band.x.forEach { extent.include(x: $0) }
            band.lower.forEach { extent.include(y: $0) }
            band.upper.forEach { extent.include(y: $0) }
            prepared.append(.band(band, color: takeColor(band.color)))

        case .histogram(let histogram):
            guard !histogram.datasets.isEmpty else { throw PlotError.emptySeries(series: name) }
            for (k, dataset) in histogram.datasets.enumerated() {
                let datasetName = dataset.label.map { "histogram '\($0)' in \(panelName)" } ?? "\(name), dataset #\(k + 1)"
                guard !dataset.values.isEmpty else { throw PlotError.emptySeries(series: datasetName) }
                try checkFinite(dataset.values, series: datasetName)
                try checkLog(dataset.values, scale: axes.xScale, axis: "x", series: datasetName)
            }
            if case .overlaid(let opacity) = histogram.layout, !(opacity > 0 && opacity <= 1) {
                throw PlotError.invalidOption(series: name, option: "opacity", value: "\(opacity)", expected: "a value in (0, 1]")
            }
            let binned = try HistogramBinning.bin(histogram, series: name)
            extent.include(x: binned.edges.first!)
            extent.include(x: binned.edges.last!)
            for counts in binned.counts {
                for count in counts where axes.yScale == .linear || count > 0 { extent.include(y: count) }
            }
            if axes.yScale == .linear { extent.include(y: 0) }
            extent.yFromZero = true
            let colors = histogram.datasets.map { takeColor($0.color) }
            prepared.append(.histogram(histogram, binned, colors: colors))

        case .bars(let chart):
            guard !chart.categories.isEmpty, !chart.groups.isEmpty else { throw PlotError.emptySeries(series: name) }
            for (k, group) in chart.groups.enumerated() {
                let groupName = group.label.map { "bar group '\($0)' in \(panelName)" } ?? "\(name), group #\(k + 1)"
                guard group.values.count == chart.categories.count else {
                    throw PlotError.lengthMismatch(series: groupName, what: "values", expected: chart.categories.count, actual: group.values.count)
                }
                try checkFinite(group.values, series: groupName)
                try checkLog(group.values, scale: axes.yScale, axis: "y", series: groupName)
                if let errors = group.errors {
                    guard errors.count == chart.categories.count else {
                        throw PlotError.lengthMismatch(series: groupName, what: "errors", expected: chart.categories.count, actual: errors.count)
                    }
                    try checkFinite(errors, series: groupName + " (errors)")
                    if let index = errors.firstIndex(where: { $0 < 0 }) {
                        throw PlotError.invalidOption(series: groupName, option: "errors[\(index)]", value: "\(errors[index])", expected: "a non-negative half-length")
                    }
                }
                for (i, value) in group.values.enumerated() {
                    let error = group.errors?[i] ?? 0
                    extent.include(y: value + error)
                    extent.include(y: axes.yScale == .logarithmic && value - error <= 0 ? value : value - error)
                }
            }
            if axes.yScale == .linear { extent.include(y: 0) }
            extent.yFromZero = true
            extent.include(x: -0.5)
            extent.include(x: Double(chart.categories.count) - 0.5)
            extent.tightX = true
            let colors = chart.groups.map { takeColor($0.color) }
            prepared.append(.bars(chart, colors: colors))

        case .heatmap(let heatmap):
            let columns = heatmap.values.first?.count ?? 0
            guard heatmap.values.count > 0, columns > 0 else { throw PlotError.emptySeries(series: name) }
            if let row = heatmap.values.firstIndex(where: { $0.count != columns }) {
                throw PlotError.lengthMismatch(series: name + " (row \(row))", what: "row \(row)", expected: columns, actual: heatmap.values[row].count)
            }
            guard axes.xScale == .linear, axes.yScale == .linear else {
                throw PlotError.invalidOption(series: name, option: "axis scale", value: "logarithmic", expected: "linear axes for a heatmap")
            }
            let range = try valueRange(heatmap.values.flatMap { $0 }, explicit: heatmap.valueRange, series: name)
            extent.include(x: heatmap.x.lowerBound); extent.include(x: heatmap.x.upperBound)
            extent.include(y: heatmap.y.lowerBound); extent.include(y: heatmap.y.upperBound)
            extent.tightX = true
            extent.tightY = true
            prepared.append(.heatmap(heatmap, valueRange: range))

        case .contour(let contour):
            let field = contour.field
            guard field.columns >= 2, field.rows >= 2 else {
                throw PlotError.invalidOption(series: name, option: "field size", value: "\(field.columns) x \(field.rows)", expected: "at least 2 x 2 grid points")
            }
            guard field.values.count == field.columns * field.rows else {
                throw PlotError.lengthMismatch(series: name, what: "field values", expected: field.columns * field.rows, actual: field.values.count)
            }
            guard axes.xScale == .linear, axes.yScale == .linear else {
                throw PlotError.invalidOption(series: name, option: "axis scale", value: "logarithmic", expected: "linear axes for a contour plot")
            }
            if let levels = contour.fillLevels {
                guard levels.count >= 2, zip(levels, levels.dropFirst()).allSatisfy({ $0 < $1 }) else {
                    throw PlotError.invalidOption(series: name, option: "fillLevels", value: "\(levels)", expected: "at least two strictly increasing levels")
                }
            }
            let range = try valueRange(field.values, explicit: contour.fillLevels.map { $0.first!...$0.last! }, series: name)
            extent.include(x: field.x.lowerBound); extent.include(x: field.x.upperBound)
            extent.include(y: field.y.lowerBound); extent.include(y: field.y.upperBound)
            extent.tightX = true
            extent.tightY = true
            prepared.append(.contour(contour, valueRange: range))
        }
    }

    /// The value range mapped onto a colour map: explicit, or the finite data's min...max.
    private mutating func valueRange(_ values: [Double], explicit: ClosedRange<Double>?, series: String) throws -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        if finite.isEmpty { throw PlotError.noFiniteValues(series: series) }
        if finite.count < values.count {
            warnings.append("\(series): \(values.count - finite.count) of \(values.count) cells are NaN or infinite; they are left blank")
        }
        if let explicit {
            guard explicit.lowerBound.isFinite, explicit.upperBound.isFinite, explicit.lowerBound < explicit.upperBound else {
                throw PlotError.invalidOption(series: series, option: "valueRange", value: "\(explicit)", expected: "finite bounds with lower < upper")
            }
            return explicit
        }
        let low = finite.min()!
        let high = finite.max()!
        return low < high ? low...high : (low - 0.5)...(high + 0.5)
    }
}
