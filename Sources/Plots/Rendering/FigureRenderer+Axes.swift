import CPangoCairo
import Foundation

extension FigureRenderer {
    /// The frame around the plot area, outward ticks, and tick labels.
    func drawFrameAndTicks(_ panel: PanelLayout, canvas: CairoCanvas, text: TextRenderer) {
        let area = panel.plotArea
        let tick = theme.tickLength
        for value in panel.xTicks.major {
            let x = panel.xMap.position(value)
            canvas.line(x, area.maxY, x, area.maxY + tick, .ink, width: theme.frameWidth)
        }
        for value in panel.xTicks.minor {
            let x = panel.xMap.position(value)
            canvas.line(x, area.maxY, x, area.maxY + tick * 0.55, .ink, width: theme.frameWidth * 0.75)
        }
        for value in panel.yTicks.major {
            let y = panel.yMap.position(value)
            canvas.line(area.minX - tick, y, area.minX, y, .ink, width: theme.frameWidth)
        }
        for value in panel.yTicks.minor {
            let y = panel.yMap.position(value)
            canvas.line(area.minX - tick * 0.55, y, area.minX, y, .ink, width: theme.frameWidth * 0.75)
        }
        canvas.strokeRect(area, .ink, width: theme.frameWidth)
        if panel.showsXTickLabels {
            for (value, label) in zip(panel.xTicks.major, panel.xTicks.labels) {
                text.draw(label, x: panel.xMap.position(value), y: area.maxY + tick + 2, style: tickStyle, anchor: .top)
            }
        }
        if panel.showsYTickLabels {
            for (value, label) in zip(panel.yTicks.major, panel.yTicks.labels) {
                text.draw(label, x: area.minX - tick - 3, y: panel.yMap.position(value), style: tickStyle, anchor: .right)
            }
        }
    }

    /// Axis labels, title and panel letter.
    func drawLabels(_ panel: PanelLayout, canvas: CairoCanvas, text: TextRenderer) {
        let area = panel.plotArea
        let cell = panel.cell
        if panel.showsXLabel, let label = panel.axes.xLabel {
            let tickLabels = panel.showsXTickLabels && !panel.xTicks.labels.isEmpty ? text.measure("0", tickStyle).height : 0
            text.draw(label, x: area.minX + area.width / 2, y: area.maxY + theme.tickLength + 3 + tickLabels + 2, style: axisLabelStyle, anchor: .top)
        }
        if panel.showsYLabel, let label = panel.axes.yLabel {
            text.draw(label, x: cell.minX + 3, y: area.minY + area.height / 2, style: axisLabelStyle, anchor: .top, angle: Double.pi / 2)
        }
        var titleLeft = area.minX
        if let letter = panel.letter {
            let box = text.draw(letter, x: cell.minX + 3, y: area.minY - 5, style: letterStyle, anchor: .bottomLeft)
            titleLeft = max(titleLeft, box.maxX + 6)
        }
        if let title = panel.axes.title {
            let size = text.measure(title, titleStyle)
            let centred = area.minX + area.width / 2
            let x = max(centred, titleLeft + size.width / 2)
            text.draw(title, x: x, y: area.minY - 5, style: titleStyle, anchor: .bottom)
        }
    }

    /// The colour bar right of the plot area: a smooth gradient for heatmaps, bands for filled
    /// contours, with ticks and the bar's label.
    func drawColorBar(_ panel: PanelLayout, canvas: CairoCanvas, text: TextRenderer) {
        guard let bar = panel.colorBar else { return }
        let area = panel.plotArea
        let rect = PlotRect(x: area.maxX + Self.colorBarGap, y: area.minY, width: Self.colorBarWidth, height: area.height)
        let map = AxisMap(scale: .linear, lower: bar.range.lowerBound, upper: bar.range.upperBound, start: rect.maxY, end: rect.minY)
        if let levels = bar.levels {
            let colors = Self.bandColors(levels, map: bar.map)
            for k in colors.indices {
                let top = map.position(levels[k + 1])
                let bottom = map.position(levels[k])
                canvas.fillRect(PlotRect(x: rect.x, y: top, width: rect.width, height: bottom - top), colors[k])
            }
        } else {
            let steps = 128
            for k in 0..<steps {
                let top = rect.maxY - rect.height * Double(k + 1) / Double(steps)
                // Overlap by a hair so no background shows between steps.
                canvas.fillRect(PlotRect(x: rect.x, y: top, width: rect.width, height: rect.height / Double(steps) + 0.3),
                    bar.map.color(at: (Double(k) + 0.5) / Double(steps)))
            }
        }
        canvas.strokeRect(rect, .ink, width: theme.frameWidth * 0.8)
        let ticks = colorBarTicks(bar)
        var widest = 0.0
        for (value, label) in zip(ticks.major, ticks.labels) {
            let y = map.position(value)
            canvas.line(rect.maxX, y, rect.maxX + theme.tickLength, y, .ink, width: theme.frameWidth * 0.8)
            let box = text.draw(label, x: rect.maxX + theme.tickLength + 2, y: y, style: tickStyle, anchor: .left)
            widest = max(widest, box.width)
        }
        if let label = panel.axes.colorBarLabel {
            text.draw(label, x: rect.maxX + theme.tickLength + 4 + widest + 2, y: rect.minY + rect.height / 2,
                style: axisLabelStyle, anchor: .bottom, angle: -Double.pi / 2)
        }
    }
}

extension FigureRenderer {
    /// Ticks of a colour bar: the band edges of filled contours (every other one when there
    /// are many), or nice values for a smooth map.
    func colorBarTicks(_ bar: (map: ColorMap, range: ClosedRange<Double>, levels: [Double]?)) -> TickSet {
        if let levels = bar.levels {
            let shown = levels.count <= 11 ? levels : stride(from: 0, to: levels.count, by: 2).map { levels[$0] }
            return TickSet(major: shown, labels: NumberFormat.labels(for: shown, step: NumberFormat.stepOf(shown)), minor: [])
        }
        return TickLocator.linear(lower: bar.range.lowerBound, upper: bar.range.upperBound, targetCount: 5)
    }

    /// Width right of the plot area taken by the colour bar with its ticks and label (0: none).
    func colorBarSpace(_ panel: PanelLayout) -> Double {
        guard let bar = panel.colorBar else { return 0 }
        let labelWidth = colorBarTicks(bar).labels.map { measurer.measure($0, tickStyle).width }.max() ?? 0
        let titleWidth = panel.axes.colorBarLabel.map { measurer.measure($0, axisLabelStyle).height + 4 } ?? 0
        return Self.colorBarGap + Self.colorBarWidth + theme.tickLength + 2 + labelWidth + titleWidth + 2
    }
}

extension NumberFormat {
    /// The smallest gap between consecutive values (for choosing decimals of arbitrary levels).
    static func stepOf(_ values: [Double]) -> Double {
        zip(values, values.dropFirst()).map { abs($1 - $0) }.filter { $0 > 0 }.min() ?? 1
    }
}
