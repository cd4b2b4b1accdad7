import CPangoCairo
import Foundation

/// Turns a `Figure` value into drawing commands on a Cairo context: validates the data,
/// fits limits, places ticks and panels, then draws.
final class FigureRenderer {
    let figure: Figure
    let width: Double
    let height: Double
    var panels: [PanelLayout] = []
    var warnings: [String] = []
    private let scratchSurface: OpaquePointer
    private let scratchContext: OpaquePointer
    /// Measures text; layout uses the same font options as drawing, so sizes agree.
    let measurer: TextRenderer
    var theme: Theme { figure.theme }

    init(figure: Figure, width: Double, height: Double) throws {
        guard width.isFinite, height.isFinite, width >= 40, height >= 40, width <= 20_000, height <= 20_000 else {
            throw PlotError.invalidLayout("size \(width) x \(height) pt is invalid; use 40...20000 pt per side")
        }
        guard figure.panels.count == figure.rows * figure.columns else {
            throw PlotError.invalidLayout("\(figure.panels.count) panels for a \(figure.rows) x \(figure.columns) grid")
        }
        self.figure = figure
        self.width = width
        self.height = height
        try FontCheck.require(figure.theme.fontFamily)
        scratchSurface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)
        scratchContext = cairo_create(scratchSurface)
        TextRenderer.applyFontOptions(to: scratchContext)
        measurer = TextRenderer(context: scratchContext, family: figure.theme.fontFamily)
        try prepare()
        try fitLimits()
        layout()
    }

    deinit {
        cairo_destroy(scratchContext)
        cairo_surface_destroy(scratchSurface)
    }

    // MARK: - Styles

    var tickStyle: TextStyle { TextStyle(size: theme.tickLabelSize) }
    var axisLabelStyle: TextStyle { TextStyle(size: theme.axisLabelSize) }
    var titleStyle: TextStyle { TextStyle(size: theme.titleSize) }
    var legendStyle: TextStyle { TextStyle(size: theme.legendSize) }
    var annotationStyle: TextStyle { TextStyle(size: theme.annotationSize) }
    var letterStyle: TextStyle { TextStyle(size: theme.panelLetterSize, bold: true) }

    // MARK: - Preparation

    private func prepare() throws {
        for (index, axes) in figure.panels.enumerated() {
            let letter = figure.panelLetters ? "(\(Character(UnicodeScalar(UInt8(97 + index % 26)))))" : nil
            let panelName = figure.panels.count > 1 ? "panel \(letter ?? "#\(index + 1)")" : "the figure"
            var preparation = SeriesPreparation(axes: axes, panelName: panelName)
            try preparation.prepareAll()
            warnings += preparation.warnings
            var panel = PanelLayout(
                index: index, row: index / figure.columns, column: index % figure.columns, axes: axes,
                series: preparation.prepared, extent: preparation.extent)
            panel.letter = letter
            panels.append(panel)
        }
    }

    private func fitLimits() throws {
        var shared = DataExtent()
        for panel in panels { shared.merge(panel.extent) }
        for i in panels.indices {
            let axes = panels[i].axes
            let extent = panels[i].extent
            let name = figure.panels.count > 1 ? " of panel \(panels[i].letter ?? "#\(i + 1)")" : ""
            let xSource = figure.sharedX ? shared : extent
            let ySource = figure.sharedY ? shared : extent
            let xManual = figure.sharedX ? (panels.lazy.compactMap(\.axes.xLimits).first) : axes.xLimits
            let yManual = figure.sharedY ? (panels.lazy.compactMap(\.axes.yLimits).first) : axes.yLimits
            panels[i].xLimits = try AxisLimits.fit(
                min: xSource.xMin, max: xSource.xMax, scale: axes.xScale, manual: xManual, margin: axes.margin,
                tight: xSource.tightX, fromZero: false, axis: "x" + name)
            panels[i].yLimits = try AxisLimits.fit(
                min: ySource.yMin, max: ySource.yMax, scale: axes.yScale, manual: yManual, margin: axes.margin,
                tight: ySource.tightY, fromZero: ySource.yFromZero, axis: "y" + name)
            panels[i].showsXTickLabels = !figure.sharedX || panels[i].row == figure.rows - 1
            panels[i].showsYTickLabels = !figure.sharedY || panels[i].column == 0
            panels[i].showsXLabel = axes.xLabel != nil && (!figure.sharedX || panels[i].row == figure.rows - 1)
            panels[i].showsYLabel = axes.yLabel != nil && (!figure.sharedY || panels[i].column == 0)
        }
    }

    // MARK: - Layout

    /// Ticks for an axis of `length` points; fewer ticks when labels would overlap.
    private func ticks(explicit: [Tick]?, limits: ClosedRange<Double>, scale: Scale, length: Double, isX: Bool, categories: [String]?) -> TickSet {
        if let explicit {
            let inside = explicit.filter { limits.contains($0.value) }
            let values = inside.map(\.value)
            let step = TickLocator.niceStep(span: limits.upperBound - limits.lowerBound, targetCount: 20)
            let automatic = NumberFormat.labels(for: values, step: step)
            return TickSet(major: values, labels: zip(inside, automatic).map { $0.label ?? $1 }, minor: [])
        }
        if let categories {
            let values = categories.indices.map(Double.init)
            return TickSet(major: values, labels: categories, minor: [])
        }
        let spacing = isX ? 62.0 : 38.0
        func locate(_ target: Int) -> TickSet {
            scale == .logarithmic
                ? TickLocator.logarithmic(lower: limits.lowerBound, upper: limits.upperBound, targetCount: target)
                : TickLocator.linear(lower: limits.lowerBound, upper: limits.upperBound, targetCount: target)
        }
        var target = max(2, min(9, Int(length / spacing)))
        var set = locate(target)
        while target > 2 && labelsCrowd(set, length: length, limits: limits, scale: scale, isX: isX) {
            target -= 1
            set = locate(target)
        }
        // Too few labels to read the scale: ask for more while they still fit.
        var more = target
        while set.major.count < 3 && more < target + 5 {
            more += 1
            let candidate = locate(more)
            if labelsCrowd(candidate, length: length, limits: limits, scale: scale, isX: isX) { break }
            if candidate.major.count > set.major.count { set = candidate }
        }
        return set
    }

    /// Whether neighbouring tick labels would overlap (or nearly touch).
    private func labelsCrowd(_ set: TickSet, length: Double, limits: ClosedRange<Double>, scale: Scale, isX: Bool) -> Bool {
        guard set.major.count >= 2 else { return false }
        let map = AxisMap(scale: scale, lower: limits.lowerBound, upper: limits.upperBound, start: 0, end: length)
        let sizes = set.labels.map { measurer.measure($0, tickStyle) }
        for k in 1..<set.major.count {
            let distance = abs(map.position(set.major[k]) - map.position(set.major[k - 1]))
            let needed = isX ? (sizes[k].width + sizes[k - 1].width) / 2 + 8 : (sizes[k].height + sizes[k - 1].height) / 2 + 4
            if distance < needed { return true }
        }
        return false
    }

    private func categories(of panel: PanelLayout) -> [String]? {
        for prepared in panel.series {
            if case .bars(let chart, _) = prepared { return chart.categories }
        }
        return nil
    }

    private func layout() {
        let titleHeight = figure.title.map { measurer.measure($0, TextStyle(size: theme.figureTitleSize, bold: true)).height + 8 } ?? 0
        let cellWidth = width / Double(figure.columns)
        let cellHeight = (height - titleHeight) / Double(figure.rows)
        for i in panels.indices {
            panels[i].cell = PlotRect(
                x: Double(panels[i].column) * cellWidth, y: titleHeight + Double(panels[i].row) * cellHeight,
                width: cellWidth, height: cellHeight)
            panels[i].left = 50; panels[i].right = 12; panels[i].top = 12; panels[i].bottom = 36
        }
        for _ in 0..<2 {
            for i in panels.indices {
                let plotWidth = max(20, panels[i].cell.width - panels[i].left - panels[i].right)
                let plotHeight = max(20, panels[i].cell.height - panels[i].top - panels[i].bottom)
                let axes = panels[i].axes
                panels[i].xTicks = ticks(
                    explicit: axes.xTicks, limits: panels[i].xLimits, scale: axes.xScale, length: plotWidth, isX: true,
                    categories: categories(of: panels[i]))
                panels[i].yTicks = ticks(
                    explicit: axes.yTicks, limits: panels[i].yLimits, scale: axes.yScale, length: plotHeight, isX: false,
                    categories: nil)
                measureMargins(&panels[i])
            }
            alignMargins()
            for i in panels.indices {
                let cell = panels[i].cell
                panels[i].plotArea = PlotRect(
                    x: cell.x + panels[i].left, y: cell.y + panels[i].top,
                    width: max(20, cell.width - panels[i].left - panels[i].right),
                    height: max(20, cell.height - panels[i].top - panels[i].bottom))
            }
        }
    }

    private func measureMargins(_ panel: inout PanelLayout) {
        let axes = panel.axes
        let tickGap = theme.tickLength + 3
        let yTickWidth = panel.showsYTickLabels ? (panel.yTicks.labels.map { measurer.measure($0, tickStyle).width }.max() ?? 0) : 0
        let xTickHeight = panel.showsXTickLabels && !panel.xTicks.labels.isEmpty ? measurer.measure("0", tickStyle).height : 0
        let yLabelHeight = panel.showsYLabel ? measurer.measure(axes.yLabel!, axisLabelStyle).height + 3 : 0
        let xLabelHeight = panel.showsXLabel ? measurer.measure(axes.xLabel!, axisLabelStyle).height + 2 : 0
        let titleHeight = axes.title.map { measurer.measure($0, titleStyle).height } ?? 0
        let letterHeight = panel.letter.map { measurer.measure($0, letterStyle).height } ?? 0
        panel.left = 4 + yLabelHeight + yTickWidth + tickGap
        panel.bottom = tickGap + xTickHeight + xLabelHeight + 4
        panel.top = max(titleHeight, letterHeight) > 0 ? max(titleHeight, letterHeight) + 8 : 10
        // Room for half of the last x tick label beyond the right edge.
        let lastLabel = panel.showsXTickLabels ? (panel.xTicks.labels.last.map { measurer.measure($0, tickStyle).width / 2 } ?? 0) : 0
        panel.right = max(10, lastLabel + 3)
        let colorBar = colorBarSpace(panel)
        if colorBar > 0 { panel.right = max(panel.right, colorBar + 4) }
        if axes.legend == .outsideRight, let size = legendSize(panel) {
            panel.right = max(panel.right, colorBar + size.width + 14)
        }
        if axes.legend == .below, let size = legendSize(panel) {
            panel.bottom += size.height + 4
        }
    }

    static let colorBarWidth = 10.0
    static let colorBarGap = 12.0

    /// Makes panels in one column share left/right margins and panels in one row share
    /// top/bottom margins, so plot areas line up.
    private func alignMargins() {
        for column in 0..<figure.columns {
            let members = panels.indices.filter { panels[$0].column == column }
            let left = members.map { panels[$0].left }.max() ?? 0
            let right = members.map { panels[$0].right }.max() ?? 0
            for i in members { panels[i].left = left; panels[i].right = right }
        }
        for row in 0..<figure.rows {
            let members = panels.indices.filter { panels[$0].row == row }
            let top = members.map { panels[$0].top }.max() ?? 0
            let bottom = members.map { panels[$0].bottom }.max() ?? 0
            for i in members { panels[i].top = top; panels[i].bottom = bottom }
        }
    }

    // MARK: - Drawing

    /// Draws the whole figure at the context's current origin.
    func draw(in context: OpaquePointer) throws {
        let canvas = CairoCanvas(context: context, theme: theme)
        let text = TextRenderer(context: context, family: theme.fontFamily)
        cairo_save(context)
        defer { cairo_restore(context) }
        TextRenderer.applyFontOptions(to: context)
        canvas.fillRect(PlotRect(x: 0, y: 0, width: width, height: height), theme.background)
        for panel in panels {
            drawPanel(panel, canvas: canvas, text: text)
        }
        if let title = figure.title {
            text.draw(title, x: width / 2, y: 4, style: TextStyle(size: theme.figureTitleSize, bold: true), anchor: .top)
        }
        let status = cairo_status(context)
        if status != CAIRO_STATUS_SUCCESS {
            throw PlotError.cairo(operation: "draw the figure", status: String(cString: cairo_status_to_string(status)))
        }
        for warning in warnings {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
    }

    private func drawPanel(_ panel: PanelLayout, canvas: CairoCanvas, text: TextRenderer) {
        let area = panel.plotArea
        canvas.save()
        canvas.clip(to: area)
        if panel.axes.grid { drawGrid(panel, canvas: canvas) }
        drawRegions(panel, canvas: canvas, text: text)
        for prepared in panel.series {
            drawSeries(prepared, panel: panel, canvas: canvas, text: text)
        }
        drawReferenceLines(panel, canvas: canvas, text: text)
        canvas.restore()
        drawTextAnnotations(panel, canvas: canvas, text: text)
        drawFrameAndTicks(panel, canvas: canvas, text: text)
        drawLabels(panel, canvas: canvas, text: text)
        drawColorBar(panel, canvas: canvas, text: text)
        drawLegend(panel, canvas: canvas, text: text)
    }
}
