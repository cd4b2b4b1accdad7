import CPangoCairo
import Foundation

/// What a legend entry shows beside its label.
enum LegendSymbol {
    case line(Color, Dash, width: Double, marker: Marker)
    case marker(Marker, Color, filled: Bool)
    /// A filled square; outlined when it stands for a highlighted (zero) bin.
    case patch(Color, outlined: Bool = false)
}

extension FigureRenderer {
    static let legendPadding = 5.0
    static let legendHandle = 20.0
    static let legendGap = 5.0

    func legendEntries(_ panel: PanelLayout) -> [(label: String, symbol: LegendSymbol)] {
        var entries = [(label: String, symbol: LegendSymbol)]()
        var lastEntries = [(label: String, symbol: LegendSymbol)]()
        for prepared in panel.series {
            switch prepared {
            case .line(let line, let color):
                if let label = line.label { entries.append((label, .line(color, line.dash, width: line.lineWidth, marker: line.marker))) }
            case .scatter(let scatter, let color):
                if let label = scatter.label { entries.append((label, .marker(scatter.marker, color, filled: scatter.filled))) }
            case .band(let band, let color):
                if let label = band.label { entries.append((label, .patch(color.withAlpha(band.opacity * color.alpha)))) }
            case .histogram(let histogram, let binned, let colors):
                for (index, (dataset, color)) in zip(histogram.datasets, colors).enumerated() {
                    guard var label = dataset.label else { continue }
                    if histogram.highlightsZeroBin, let zero = binned.zeroBin {
                        // The share of values in the zero bin: the sparsity the highlight shows.
                        let share = 100 * binned.counts[index][zero] / Double(max(1, dataset.values.count))
                        label += " (" + NumberFormat.fixed(share, decimals: share < 10 ? 1 : 0) + " % in zero bin)"
                    }
                    if case .overlaid(let opacity) = histogram.layout {
                        entries.append((label, .patch(color.withAlpha(opacity))))
                    } else if case .step = histogram.layout {
                        entries.append((label, .line(color, .solid, width: 1.5, marker: .none)))
                    } else {
                        entries.append((label, .patch(color)))
                    }
                }
            case .bars(let chart, let colors):
                for (group, color) in zip(chart.groups, colors) {
                    if let label = group.label { entries.append((label, .patch(color))) }
                }
            case .contour(let contour, _):
                // Contour lines go last (below the points drawn on top of the field).
                for line in contour.lineLevels {
                    if let label = line.label { lastEntries.append((label, .line(line.color, line.dash, width: line.lineWidth, marker: .none))) }
                }
            case .heatmap:
                continue
            }
        }
        return entries + lastEntries
    }

    /// The legend box's size and grid, or `nil` when there is nothing to show. A legend below
    /// the plot puts as many entries side by side as fit in the panel's width.
    func legendSize(_ panel: PanelLayout) -> LegendBox? {
        guard panel.axes.legend != .hidden else { return nil }
        let entries = legendEntries(panel)
        guard !entries.isEmpty else { return nil }
        let sizes = entries.map { measurer.measure($0.label, legendStyle) }
        let rowHeight = max(sizes.map(\.height).max() ?? 0, 8) + 1
        let columnWidth = Self.legendHandle + Self.legendGap + (sizes.map(\.width).max() ?? 0) + 8
        var columns = 1
        if panel.axes.legend == .below {
            let available = panel.cell.width - 8
            columns = max(1, min(entries.count, Int((available - Self.legendPadding * 2 + 8) / columnWidth)))
        }
        let rows = (entries.count + columns - 1) / columns
        let width = Self.legendPadding * 2 + Double(columns) * columnWidth - 8
        let height = Self.legendPadding * 2 + Double(rows) * rowHeight
        return LegendBox(width: width, height: height, columns: columns, columnWidth: columnWidth, rowHeight: rowHeight)
    }

    /// The legend's rectangle at a named position inside the plot area.
    func legendRect(_ placement: LegendPlacement, size: (width: Double, height: Double), area: PlotRect) -> PlotRect {
        let inset = 6.0
        let left = area.minX + inset
        let right = area.maxX - inset - size.width
        let centreX = area.minX + (area.width - size.width) / 2
        let top = area.minY + inset
        let bottom = area.maxY - inset - size.height
        let centreY = area.minY + (area.height - size.height) / 2
        let (x, y): (Double, Double)
        switch placement {
        case .upperRight, .best, .hidden: (x, y) = (right, top)
        case .upperLeft: (x, y) = (left, top)
        case .lowerLeft: (x, y) = (left, bottom)
        case .lowerRight: (x, y) = (right, bottom)
        case .upperCenter: (x, y) = (centreX, top)
        case .lowerCenter: (x, y) = (centreX, bottom)
        case .centerRight: (x, y) = (right, centreY)
        case .centerLeft: (x, y) = (left, centreY)
        case .outsideRight, .below: (x, y) = (area.maxX + 10, area.minY)
        }
        return PlotRect(x: x, y: y, width: size.width, height: size.height)
    }

    /// Sample points (device coordinates) of everything the legend should avoid covering:
    /// line vertices and points every ~3 pt along segments, markers, band edges, bar areas and
    /// contour lines.
    func dataSamples(_ panel: PanelLayout, includingAnnotations: Bool = true) -> [(Double, Double)] {
        var samples = [(Double, Double)]()
        func addPolyline(_ points: [(Double, Double)?]) {
            var previous: (Double, Double)?
            for point in points {
                guard let p = point else { previous = nil; continue }
                if let q = previous {
                    let length = hypot(p.0 - q.0, p.1 - q.1)
                    let steps = min(200, Int(length / 3))
                    if steps > 0 {
                        for s in 1...steps {
                            let t = Double(s) / Double(steps + 1)
                            samples.append((q.0 + t * (p.0 - q.0), q.1 + t * (p.1 - q.1)))
                        }
                    }
                }
                samples.append(p)
                previous = p
            }
        }
        func addArea(_ rect: PlotRect) {
            var y = rect.minY + 1.5
            while y < rect.maxY {
                var x = rect.minX + 1.5
                while x < rect.maxX { samples.append((x, y)); x += 3 }
                y += 3
            }
        }
        for prepared in panel.series {
            switch prepared {
            case .line(let line, _): addPolyline(devicePoints(line.x, line.y, panel: panel))
            case .scatter(let scatter, _): samples += devicePoints(scatter.x, scatter.y, panel: panel).compactMap { $0 }
            case .band(let band, _):
                addPolyline(devicePoints(band.x, band.lower, panel: panel))
                addPolyline(devicePoints(band.x, band.upper, panel: panel))
                for (x, (low, high)) in zip(band.x, zip(band.lower, band.upper)) {
                    addPolyline(devicePoints([x, x], [low, high], panel: panel))
                }
            case .histogram(let histogram, let binned, _):
                histogramBars(histogram, binned, panel: panel).joined().forEach(addArea)
            case .bars(let chart, _):
                barRects(chart, panel: panel).joined().forEach(addArea)
            case .contour(let contour, _):
                for line in contour.lineLevels {
                    for polyline in MarchingSquares.contourLines(contour.field, level: line.level) {
                        addPolyline(polyline.map {
                            (panel.xMap.position(contour.field.xValue(column: $0.column)), panel.yMap.position(contour.field.yValue(row: $0.row)))
                        })
                    }
                }
            case .heatmap:
                continue
            }
        }
        if includingAnnotations {
            let obstacles = annotationObstacles(panel)
            obstacles.boxes.forEach(addArea)
            obstacles.lines.forEach(addPolyline)
        }
        return samples
    }

    /// The placement that covers the fewest data samples (the first in matplotlib's order on ties).
    func bestLegendPlacement(_ panel: PanelLayout, size: (width: Double, height: Double)) -> LegendPlacement {
        let candidates: [LegendPlacement] = [.upperRight, .upperLeft, .lowerLeft, .lowerRight, .centerRight, .centerLeft, .lowerCenter, .upperCenter]
        let samples = dataSamples(panel)
        var best = LegendPlacement.upperRight
        var bestCount = Int.max
        for candidate in candidates {
            let rect = legendRect(candidate, size: size, area: panel.plotArea)
            let grown = PlotRect(x: rect.x - 2, y: rect.y - 2, width: rect.width + 4, height: rect.height + 4)
            let count = samples.reduce(0) { $0 + (grown.contains($1.0, $1.1) ? 1 : 0) }
            if count < bestCount {
                best = candidate
                bestCount = count
            }
        }
        return best
    }

    /// The legend's rectangle as drawn, or `nil` when the panel has no legend.
    func legendFrame(_ panel: PanelLayout) -> PlotRect? {
        guard let box = legendSize(panel) else { return nil }
        let size = (width: box.width, height: box.height)
        switch panel.axes.legend {
        case .best:
            return legendRect(bestLegendPlacement(panel, size: size), size: size, area: panel.plotArea)
        case .outsideRight:
            let x = panel.plotArea.maxX + 10 + colorBarSpace(panel)
            return PlotRect(x: x, y: panel.plotArea.minY, width: box.width, height: box.height)
        case .below:
            let x = panel.plotArea.minX + (panel.plotArea.width - box.width) / 2
            return PlotRect(x: max(panel.cell.minX + 2, x), y: panel.cell.maxY - box.height - 2, width: box.width, height: box.height)
        default:
            return legendRect(panel.axes.legend, size: size, area: panel.plotArea)
        }
    }

    func drawLegend(_ panel: PanelLayout, canvas: CairoCanvas, text: TextRenderer) {
        guard let box = legendSize(panel), let rect = legendFrame(panel) else { return }
        canvas.fillRect(rect, theme.background.withAlpha(0.88))
        canvas.strokeRect(rect, Color(hex: 0xCCCCCC), width: 0.6)
        for (index, entry) in legendEntries(panel).enumerated() {
            let row = index / box.columns
            let column = index % box.columns
            let centreY = rect.minY + Self.legendPadding + (Double(row) + 0.5) * box.rowHeight
            let handleX = rect.minX + Self.legendPadding + Double(column) * box.columnWidth
            switch entry.symbol {
            case .line(let color, let dash, let width, let marker):
                canvas.line(handleX, centreY, handleX + Self.legendHandle, centreY, color, width: width, dash: dash)
                if marker != .none {
                    canvas.markers(marker, at: [(handleX + Self.legendHandle / 2, centreY)], size: 5, color: color, filled: true, edge: .white)
                }
            case .marker(let marker, let color, let filled):
                canvas.markers(marker, at: [(handleX + Self.legendHandle / 2, centreY)], size: 5.5, color: color, filled: filled, edge: .white)
            case .patch(let color, let outlined):
                let patch = PlotRect(x: handleX + 2, y: centreY - 4, width: Self.legendHandle - 4, height: 8)
                canvas.fillRect(patch, color)
                if outlined { canvas.strokeRect(patch, .black, width: 1) }
            }
            text.draw(entry.label, x: handleX + Self.legendHandle + Self.legendGap, y: centreY, style: legendStyle, anchor: .left)
        }
    }
}

/// The size of a legend and the grid of its entries.
struct LegendBox {
    var width: Double
    var height: Double
    var columns: Int
    var columnWidth: Double
    var rowHeight: Double
}
