import CPangoCairo
import Foundation

extension FigureRenderer {
    /// Device points of (x[i], y[i]); `nil` where the point is not finite (a gap).
    func devicePoints(_ x: [Double], _ y: [Double], panel: PanelLayout) -> [(Double, Double)?] {
        let xMap = panel.xMap
        let yMap = panel.yMap
        return zip(x, y).map { a, b in
            guard a.isFinite, b.isFinite else { return nil }
            return (xMap.position(a), yMap.position(b))
        }
    }

    func drawSeries(_ prepared: PreparedSeries, panel: PanelLayout, canvas: CairoCanvas, text: TextRenderer) {
        switch prepared {
        case .line(let line, let color):
            let points = devicePoints(line.x, line.y, panel: panel)
            let bucket = 1 / pixelsPerPoint(canvas.context)
            let isDense = Double(points.count) > 2 * panel.plotArea.width / bucket
            let isSorted = zip(line.x, line.x.dropFirst()).allSatisfy { !($0 > $1) }
            let drawn = isDense && isSorted && line.dash == .solid ? thinned(points, bucket: bucket) : points
            canvas.polyline(drawn, color, width: line.lineWidth, dash: line.dash, join: isDense ? CAIRO_LINE_JOIN_BEVEL : CAIRO_LINE_JOIN_ROUND)
            if line.marker != .none {
                canvas.markers(line.marker, at: points.compactMap { $0 }, size: line.markerSize, color: color, filled: true, edge: .white)
            }

        case .scatter(let scatter, let color):
            canvas.markers(
                scatter.marker, at: devicePoints(scatter.x, scatter.y, panel: panel).compactMap { $0 }, size: scatter.markerSize,
                color: color, filled: scatter.filled, edge: scatter.edgeColor)

        case .band(let band, let color):
            drawBand(band, color: color, panel: panel, canvas: canvas)

        case .histogram(let histogram, let binned, let colors):
            drawHistogram(histogram, binned, colors: colors, panel: panel, canvas: canvas, text: text)

        case .bars(let chart, let colors):
            drawBars(chart, colors: colors, panel: panel, canvas: canvas)

        case .heatmap(let heatmap, let range):
            drawHeatmap(heatmap, range: range, panel: panel, canvas: canvas, text: text)

        case .contour(let contour, let range):
            drawContour(contour, range: range, panel: panel, canvas: canvas)
        }
    }

    private func drawBand(_ band: BandSeries, color: Color, panel: PanelLayout, canvas: CairoCanvas) {
        let xMap = panel.xMap
        let yMap = panel.yMap
        // Split at non-finite points; each finite run is one polygon.
        var run = [Int]()
        func flush() {
            defer { run.removeAll() }
            guard run.count >= 2 else { return }
            let upper = run.map { (xMap.position(band.x[$0]), yMap.position(band.upper[$0])) }
            let lower = run.reversed().map { (xMap.position(band.x[$0]), yMap.position(band.lower[$0])) }
            canvas.fillPolygon(upper + lower, color.withAlpha(band.opacity * color.alpha))
        }
        for i in band.x.indices {
            if band.lower[i].isFinite && band.upper[i].isFinite { run.append(i) } else { flush() }
        }
        flush()
    }

    /// Rectangles of each dataset's bars in device points, and the fill of each.
    func histogramBars(_ histogram: HistogramSeries, _ binned: BinnedHistogram, panel: PanelLayout) -> [[PlotRect]] {
        let xMap = panel.xMap
        let yMap = panel.yMap
        let base = panel.axes.yScale == .logarithmic ? panel.yLimits.lowerBound : 0
        let datasetCount = binned.counts.count
        return binned.counts.enumerated().map { d, counts in
            counts.enumerated().compactMap { k, count -> PlotRect? in
                guard count > 0 else { return nil }
                var left = xMap.position(binned.edges[k])
                var right = xMap.position(binned.edges[k + 1])
                if case .sideBySide = histogram.layout {
                    let width = (right - left) / Double(datasetCount)
                    left += width * Double(d)
                    right = left + width
                }
                let top = yMap.position(count)
                let bottom = yMap.position(base)
                return PlotRect(x: left, y: top, width: right - left, height: bottom - top)
            }
        }
    }

    private func drawHistogram(
        _ histogram: HistogramSeries, _ binned: BinnedHistogram, colors: [Color], panel: PanelLayout, canvas: CairoCanvas,
        text: TextRenderer
    ) {
        let bars = histogramBars(histogram, binned, panel: panel)
        for (d, rects) in bars.enumerated() {
            let color = colors[d]
            switch histogram.layout {
            case .overlaid(let opacity):
                for rect in rects { canvas.fillRect(rect, color.withAlpha(opacity)) }
                drawStepOutline(rects, color: color, canvas: canvas, width: 0.9)
            case .sideBySide:
                for rect in rects { canvas.fillRect(rect, color) }
            case .step:
                drawStepOutline(rects, color: color, canvas: canvas, width: 1.5)
            }
        }
        guard histogram.highlightsZeroBin, let zero = binned.zeroBin else { return }
        // The zero bin of every dataset in full colour with a black outline; the legend gives
        // each dataset's share of values in it.
        // Tallest first, so that overlaid zero bars of different heights all stay visible.
        let order = binned.counts.indices.sorted { binned.counts[$0][zero] > binned.counts[$1][zero] }
        for d in order where binned.counts[d][zero] > 0 {
            let counts = binned.counts[d]
            var left = panel.xMap.position(binned.edges[zero])
            var right = panel.xMap.position(binned.edges[zero + 1])
            if case .sideBySide = histogram.layout {
                let width = (right - left) / Double(binned.counts.count)
                left += width * Double(d)
                right = left + width
            }
            let top = panel.yMap.position(counts[zero])
            let base = panel.yMap.position(panel.axes.yScale == .logarithmic ? panel.yLimits.lowerBound : 0)
            let rect = PlotRect(x: left, y: top, width: right - left, height: base - top)
            canvas.fillRect(rect, colors[d])
            canvas.strokeRect(rect, .black, width: 0.9)
        }
    }

    /// The outline of a histogram: the top of each bar and the sides where heights change.
    private func drawStepOutline(_ rects: [PlotRect], color: Color, canvas: CairoCanvas, width: Double) {
        canvas.setColor(color)
        canvas.setLine(width: width, join: CAIRO_LINE_JOIN_MITER)
        var previous: PlotRect?
        for rect in rects {
            if let p = previous, abs(p.maxX - rect.minX) < 1e-6 {
                cairo_line_to(canvas.context, rect.minX, rect.minY)
            } else {
                if let p = previous { cairo_line_to(canvas.context, p.maxX, p.maxY) }
                cairo_move_to(canvas.context, rect.minX, rect.maxY)
                cairo_line_to(canvas.context, rect.minX, rect.minY)
            }
            cairo_line_to(canvas.context, rect.maxX, rect.minY)
            previous = rect
        }
        if let p = previous { cairo_line_to(canvas.context, p.maxX, p.maxY) }
        cairo_stroke(canvas.context)
    }

    /// Bar rectangles per group, in device points.
    func barRects(_ chart: BarChart, panel: PanelLayout) -> [[PlotRect]] {
        let slot = chart.groupWidth / Double(chart.groups.count)
        let base = panel.axes.yScale == .logarithmic ? panel.yLimits.lowerBound : 0
        return chart.groups.enumerated().map { g, group in
            group.values.enumerated().map { c, value in
                let left = Double(c) - chart.groupWidth / 2 + Double(g) * slot + slot * 0.05
                let x0 = panel.xMap.position(left)
                let x1 = panel.xMap.position(left + slot * 0.9)
                let top = panel.yMap.position(max(value, base))
                let bottom = panel.yMap.position(min(value, base))
                return PlotRect(x: x0, y: top, width: x1 - x0, height: bottom - top)
            }
        }
    }

    private func drawBars(_ chart: BarChart, colors: [Color], panel: PanelLayout, canvas: CairoCanvas) {
        let rects = barRects(chart, panel: panel)
        for (g, group) in chart.groups.enumerated() {
            for rect in rects[g] { canvas.fillRect(rect, colors[g]) }
            guard let errors = group.errors else { continue }
            for (c, value) in group.values.enumerated() {
                let x = rects[g][c].x + rects[g][c].width / 2
                let capHalf = min(4, rects[g][c].width * 0.3)
                let lowValue = panel.axes.yScale == .logarithmic ? max(value - errors[c], panel.yLimits.lowerBound) : value - errors[c]
                let top = panel.yMap.position(value + errors[c])
                let bottom = panel.yMap.position(lowValue)
                canvas.line(x, top, x, bottom, .ink, width: 1.1)
                canvas.line(x - capHalf, top, x + capHalf, top, .ink, width: 1.1)
                canvas.line(x - capHalf, bottom, x + capHalf, bottom, .ink, width: 1.1)
            }
        }
    }

    /// A premultiplied ARGB32 pixel for a colour.
    static func pixel(_ color: Color) -> UInt32 {
        let a = color.alpha
        func channel(_ v: Double) -> UInt32 { UInt32((min(1, max(0, v)) * 255).rounded()) }
        return channel(a) << 24 | channel(color.red * a) << 16 | channel(color.green * a) << 8 | channel(color.blue * a)
    }

    private func drawHeatmap(_ heatmap: Heatmap, range: ClosedRange<Double>, panel: PanelLayout, canvas: CairoCanvas, text: TextRenderer) {
        let rows = heatmap.values.count
        let columns = heatmap.values[0].count
        let image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(columns), Int32(rows))!
        defer { cairo_surface_destroy(image) }
        cairo_surface_flush(image)
        let stride = Int(cairo_image_surface_get_stride(image)) / 4
        let pixels = UnsafeMutableRawPointer(cairo_image_surface_get_data(image)!).bindMemory(to: UInt32.self, capacity: stride * rows)
        let span = range.upperBound - range.lowerBound
        for imageRow in 0..<rows {
            let dataRow = heatmap.rowZeroAtTop ? imageRow : rows - 1 - imageRow
            for column in 0..<columns {
                let value = heatmap.values[dataRow][column]
                pixels[imageRow * stride + column] = value.isFinite
                    ? Self.pixel(heatmap.colorMap.color(at: (value - range.lowerBound) / span)) : 0
            }
        }
        cairo_surface_mark_dirty(image)
        let x0 = panel.xMap.position(heatmap.x.lowerBound)
        let x1 = panel.xMap.position(heatmap.x.upperBound)
        let y0 = panel.yMap.position(heatmap.y.upperBound)
        let y1 = panel.yMap.position(heatmap.y.lowerBound)
        let context = canvas.context
        cairo_save(context)
        cairo_translate(context, x0, y0)
        cairo_scale(context, (x1 - x0) / Double(columns), (y1 - y0) / Double(rows))
        cairo_set_source_surface(context, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(context), CAIRO_FILTER_NEAREST)
        cairo_rectangle(context, 0, 0, Double(columns), Double(rows))
        cairo_fill(context)
        cairo_restore(context)
        guard let decimals = heatmap.valueDecimals else { return }
        let cellWidth = (x1 - x0) / Double(columns)
        let cellHeight = (y1 - y0) / Double(rows)
        for imageRow in 0..<rows {
            let dataRow = heatmap.rowZeroAtTop ? imageRow : rows - 1 - imageRow
            for column in 0..<columns {
                let value = heatmap.values[dataRow][column]
                guard value.isFinite else { continue }
                let color = heatmap.colorMap.color(at: (value - range.lowerBound) / span)
                let luminance = 0.2126 * color.red + 0.7152 * color.green + 0.0722 * color.blue
                let style = TextStyle(size: min(theme.annotationSize, cellHeight * 0.45), color: luminance > 0.5 ? .ink : .white)
                text.draw(
                    NumberFormat.fixed(value, decimals: decimals), x: x0 + (Double(column) + 0.5) * cellWidth,
                    y: y0 + (Double(imageRow) + 0.5) * cellHeight, style: style, anchor: .center)
            }
        }
    }

    /// Colours of the filled bands between consecutive levels, spread over the whole map.
    static func bandColors(_ levels: [Double], map: ColorMap) -> [Color] {
        let count = levels.count - 1
        return (0..<count).map { map.color(at: count == 1 ? 0.5 : Double($0) / Double(count - 1)) }
    }

    private func drawContour(_ contour: ContourPlot, range: ClosedRange<Double>, panel: PanelLayout, canvas: CairoCanvas) {
        let field = contour.field
        let xMap = panel.xMap
        let yMap = panel.yMap
        func device(_ point: MarchingSquares.GridPoint) -> (Double, Double) {
            (xMap.position(field.xValue(column: point.column)), yMap.position(field.yValue(row: point.row)))
        }
        let context = canvas.context
        if let levels = contour.fillLevels {
            drawFilledBands(field, levels: levels, colors: Self.bandColors(levels, map: contour.colorMap), panel: panel, canvas: canvas)
        }
        for line in contour.lineLevels {
            let polylines = MarchingSquares.contourLines(field, level: line.level)
            canvas.setColor(line.color)
            canvas.setLine(width: line.lineWidth, dash: line.dash, cap: CAIRO_LINE_CAP_ROUND)
            for polyline in polylines where polyline.count >= 2 {
                let first = device(polyline[0])
                cairo_move_to(context, first.0, first.1)
                for point in polyline.dropFirst() {
                    let p = device(point)
                    cairo_line_to(context, p.0, p.1)
                }
            }
            cairo_stroke(context)
        }
    }

    /// Pixels per point of the context's target: the device scale for images, 3 (216 dpi) for
    /// vector surfaces, where fields are embedded as images.
    func pixelsPerPoint(_ context: OpaquePointer) -> Double {
        guard cairo_surface_get_type(cairo_get_target(context)) == CAIRO_SURFACE_TYPE_IMAGE else { return 3 }
        var dx = 1.0
        var dy = 0.0
        cairo_user_to_device_distance(context, &dx, &dy)
        return max(0.1, hypot(dx, dy))
    }

    /// Filled contours: each pixel takes the colour of the band that holds the bilinear
    /// interpolation of the field at its centre, so band edges are smooth at any resolution and
    /// rendering costs one pass over the pixels (no polygons).
    func drawFilledBands(_ field: Field, levels: [Double], colors: [Color], panel: PanelLayout, canvas: CairoCanvas) {
        let context = canvas.context
        let x0 = panel.xMap.position(field.x.lowerBound)
        let x1 = panel.xMap.position(field.x.upperBound)
        let y0 = panel.yMap.position(field.y.upperBound)
        let y1 = panel.yMap.position(field.y.lowerBound)
        let density = pixelsPerPoint(context)
        let width = max(1, min(4096, Int(((x1 - x0) * density).rounded(.up))))
        let height = max(1, min(4096, Int(((y1 - y0) * density).rounded(.up))))
        guard let image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else { return }
        defer { cairo_surface_destroy(image) }
        cairo_surface_flush(image)
        let stride = Int(cairo_image_surface_get_stride(image)) / 4
        let pixels = UnsafeMutableRawPointer(cairo_image_surface_get_data(image)!).bindMemory(to: UInt32.self, capacity: stride * height)
        let bandPixels = colors.map(Self.pixel)
        let inner = Array(levels.dropFirst().dropLast())
        let columns = field.columns
        // Grid position of each pixel column: cell index and fraction within the cell.
        let cellOfColumn = (0..<width).map { px -> (Int, Double) in
            let position = (Double(px) + 0.5) / Double(width) * Double(columns - 1)
            let cell = min(columns - 2, Int(position))
            return (cell, position - Double(cell))
        }
        field.values.withUnsafeBufferPointer { values in
            for py in 0..<height {
                let position = (1 - (Double(py) + 0.5) / Double(height)) * Double(field.rows - 1)
                let row = min(field.rows - 2, Int(position))
                let u = position - Double(row)
                let below = row * columns
                let above = below + columns
                for px in 0..<width {
                    let (cell, t) = cellOfColumn[px]
                    let value = (1 - u) * ((1 - t) * values[below + cell] + t * values[below + cell + 1])
                        + u * ((1 - t) * values[above + cell] + t * values[above + cell + 1])
                    var band = 0
                    if value.isNaN {
                        pixels[py * stride + px] = 0
                        continue
                    }
                    while band < inner.count && value >= inner[band] { band += 1 }
                    pixels[py * stride + px] = bandPixels[band]
                }
            }
        }
        cairo_surface_mark_dirty(image)
        cairo_save(context)
        cairo_translate(context, x0, y0)
        cairo_scale(context, (x1 - x0) / Double(width), (y1 - y0) / Double(height))
        cairo_set_source_surface(context, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(context), CAIRO_FILTER_NEAREST)
        cairo_rectangle(context, 0, 0, Double(width), Double(height))
        cairo_fill(context)
        cairo_restore(context)
    }

    /// Thins a dense polyline whose x increases: within each `bucket`-wide column of x it keeps
    /// the first, lowest, highest and last point, which draws the same pixels as all points.
    func thinned(_ points: [(Double, Double)?], bucket: Double) -> [(Double, Double)?] {
        var result = [(Double, Double)?]()
        result.reserveCapacity(min(points.count, 4096))
        var group = [(Double, Double)]()
        var groupIndex = Int.min
        func flush() {
            guard !group.isEmpty else { return }
            if group.count <= 4 {
                result += group.map { Optional($0) }
            } else {
                let low = group.indices.min { group[$0].1 < group[$1].1 }!
                let high = group.indices.max { group[$0].1 < group[$1].1 }!
                for index in Set([0, low, high, group.count - 1]).sorted() { result.append(group[index]) }
            }
            group.removeAll(keepingCapacity: true)
        }
        for point in points {
            guard let p = point else {
                flush()
                result.append(nil)
                groupIndex = Int.min
                continue
            }
            let index = Int((p.0 / bucket).rounded(.down))
            if index != groupIndex {
                flush()
                groupIndex = index
            }
            group.append(p)
        }
        flush()
        return result
    }

    func drawGrid(_ panel: PanelLayout, canvas: CairoCanvas) {
        let area = panel.plotArea
        let isBars = panel.series.contains { if case .bars = $0 { return true } else { return false } }
        let hasField = panel.series.contains {
            switch $0 {
            case .heatmap, .contour: return true
            default: return false
            }
        }
        guard !hasField else { return }
        if !isBars {
            for value in panel.xTicks.major {
                let x = panel.xMap.position(value)
                canvas.line(x, area.minY, x, area.maxY, theme.gridColor, width: theme.gridWidth)
            }
        }
        for value in panel.yTicks.major {
            let y = panel.yMap.position(value)
            canvas.line(area.minX, y, area.maxX, y, theme.gridColor, width: theme.gridWidth)
        }
    }
}
