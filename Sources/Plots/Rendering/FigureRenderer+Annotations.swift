import CPangoCairo
import Foundation

extension FigureRenderer {
    /// Boxes of annotation texts and points along arrows, which a legend should not cover.
    func annotationObstacles(_ panel: PanelLayout) -> (boxes: [PlotRect], lines: [[(Double, Double)?]]) {
        let area = panel.plotArea
        var boxes = [PlotRect]()
        var lines = [[(Double, Double)?]]()
        for annotation in panel.axes.annotations {
            switch annotation {
            case .region(let range, let label, _):
                guard let label else { continue }
                let x0 = max(area.minX, panel.xMap.position(range.lowerBound))
                let x1 = min(area.maxX, panel.xMap.position(range.upperBound))
                let size = measurer.measure(label, annotationStyle)
                boxes.append(PlotRect(x: (x0 + x1) / 2 - size.width / 2, y: area.minY + 4, width: size.width, height: size.height))
            case .verticalLine:
                continue
            case .horizontalLine(let y, _, _, _):
                let position = panel.yMap.position(y)
                lines.append([(area.minX, position), (area.maxX, position)])
            case .text(let string, let x, let y, let anchor, _):
                boxes.append(textBox(string, x: x, y: y, anchor: anchor, panel: panel))
            case .arrow(let from, let to, let label, _):
                let x0 = panel.xMap.position(from.x)
                let y0 = panel.yMap.position(from.y)
                lines.append([(x0, y0), (panel.xMap.position(to.x), panel.yMap.position(to.y))])
                if let label {
                    let size = measurer.measure(label, annotationStyle)
                    boxes.append(PlotRect(x: x0 - size.width, y: y0 - size.height, width: 2 * size.width, height: 2 * size.height))
                }
            }
        }
        boxes += referenceLabelBoxes(panel).values
        return (boxes, lines)
    }

    /// The box of a text annotation: the point of the box named by `anchor` at (x, y), 4 pt
    /// from it on each axis away from the box's centre; then, if a reference line would run
    /// through the text, the nearest shift sideways (off a vertical line) or up or down (off a
    /// horizontal one) that leaves the text clear of every reference line, inside the plot area
    /// if one is.
    func textBox(_ string: String, x: Double, y: Double, anchor: TextAnchor, panel: PanelLayout) -> PlotRect {
        let size = measurer.measure(string, annotationStyle)
        let placed = PlotRect(
            x: panel.xMap.position(x) + (0.5 - anchor.horizontal) * 8 - size.width * anchor.horizontal,
            y: panel.yMap.position(y) + (0.5 - anchor.vertical) * 8 - size.height * anchor.vertical,
            width: size.width, height: size.height)
        let gap = 3.0
        var verticals = [Double]()
        var horizontals = [Double]()
        for annotation in panel.axes.annotations {
            switch annotation {
            case .verticalLine(let lineX, _, _, _): verticals.append(panel.xMap.position(lineX))
            case .horizontalLine(let lineY, _, _, _): horizontals.append(panel.yMap.position(lineY))
            default: continue
            }
        }
        func crossed(_ box: PlotRect) -> (verticals: [Double], horizontals: [Double]) {
            (verticals.filter { $0 > box.minX - gap && $0 < box.maxX + gap },
             horizontals.filter { $0 > box.minY - gap && $0 < box.maxY + gap })
        }
        let crossing = crossed(placed)
        guard !crossing.verticals.isEmpty || !crossing.horizontals.isEmpty else { return placed }
        var moved = [PlotRect]()
        for line in crossing.verticals {
            moved.append(PlotRect(x: line + gap, y: placed.y, width: size.width, height: size.height))
            moved.append(PlotRect(x: line - gap - size.width, y: placed.y, width: size.width, height: size.height))
        }
        for line in crossing.horizontals {
            moved.append(PlotRect(x: placed.x, y: line - gap - size.height, width: size.width, height: size.height))
            moved.append(PlotRect(x: placed.x, y: line + gap, width: size.width, height: size.height))
        }
        let clear = moved
            .filter { crossed($0).verticals.isEmpty && crossed($0).horizontals.isEmpty }
            .sorted { abs($0.x - placed.x) + abs($0.y - placed.y) < abs($1.x - placed.x) + abs($1.y - placed.y) }
        let area = panel.plotArea
        let inside = clear.first { $0.minX >= area.minX && $0.maxX <= area.maxX && $0.minY >= area.minY && $0.maxY <= area.maxY }
        return inside ?? clear.first ?? placed
    }

    /// Where the label of each reference line goes (keyed by annotation index): of the four
    /// corners beside the line, the first that covers no text annotation and the fewest data
    /// points.
    func referenceLabelBoxes(_ panel: PanelLayout) -> [Int: PlotRect] {
        let area = panel.plotArea
        var boxes = [Int: PlotRect]()
        var samples: [(Double, Double)]?
        let texts = panel.axes.annotations.compactMap { annotation -> PlotRect? in
            guard case .text(let string, let x, let y, let anchor, _) = annotation else { return nil }
            return textBox(string, x: x, y: y, anchor: anchor, panel: panel)
        }
        /// The data points a box covers, and a text it covers as worse than any number of points.
        func covered(_ box: PlotRect) -> Int {
            if samples == nil { samples = dataSamples(panel, includingAnnotations: false) }
            let grown = PlotRect(x: box.x - 1, y: box.y - 1, width: box.width + 2, height: box.height + 2)
            let points = samples!.reduce(0) { $0 + (grown.contains($1.0, $1.1) ? 1 : 0) }
            return points + texts.filter { $0.intersects(grown) }.count * 1_000_000
        }
        func inside(_ box: PlotRect) -> Bool {
            box.minX >= area.minX + 1 && box.maxX <= area.maxX - 1 && box.minY >= area.minY + 1 && box.maxY <= area.maxY - 1
        }
        for (index, annotation) in panel.axes.annotations.enumerated() {
            var candidates = [PlotRect]()
            switch annotation {
            case .verticalLine(let x, let label?, _, _):
                let position = panel.xMap.position(x)
                let size = measurer.measure(label, annotationStyle)
                for top in [true, false] {
                    let y = top ? area.minY + 3 : area.maxY - 3 - size.height
                    candidates.append(PlotRect(x: position + 3, y: y, width: size.width, height: size.height))
                    candidates.append(PlotRect(x: position - 3 - size.width, y: y, width: size.width, height: size.height))
                }
            case .horizontalLine(let y, let label?, _, _):
                let position = panel.yMap.position(y)
                let size = measurer.measure(label, annotationStyle)
                for above in [true, false] {
                    let top = above ? position - size.height - 1 : position + 1
                    candidates.append(PlotRect(x: area.maxX - 4 - size.width, y: top, width: size.width, height: size.height))
                    candidates.append(PlotRect(x: area.minX + 4, y: top, width: size.width, height: size.height))
                }
            default:
                continue
            }
            let fitting = candidates.filter(inside)
            let pool = fitting.isEmpty ? candidates : fitting
            var best = pool[0]
            var bestCount = covered(best)
            for candidate in pool.dropFirst() where bestCount > 0 {
                let count = covered(candidate)
                if count < bestCount {
                    best = candidate
                    bestCount = count
                }
            }
            boxes[index] = best
        }
        return boxes
    }

    /// Shaded regions, drawn behind the data, each with its label at the top.
    func drawRegions(_ panel: PanelLayout, canvas: CairoCanvas, text: TextRenderer) {
        let area = panel.plotArea
        for annotation in panel.axes.annotations {
            guard case .region(let range, let label, let color) = annotation else { continue }
            let x0 = max(area.minX, panel.xMap.position(range.lowerBound))
            let x1 = min(area.maxX, panel.xMap.position(range.upperBound))
            guard x1 > x0 else { continue }
            canvas.fillRect(PlotRect(x: x0, y: area.minY, width: x1 - x0, height: area.height), color)
            if let label {
                text.draw(label, x: (x0 + x1) / 2, y: area.minY + 4, style: TextStyle(size: theme.annotationSize, italic: true, color: Color.grey.lightened(-0.3)), anchor: .top)
            }
        }
    }

    /// Vertical and horizontal reference lines with their labels.
    func drawReferenceLines(_ panel: PanelLayout, canvas: CairoCanvas, text: TextRenderer) {
        let area = panel.plotArea
        let labelBoxes = referenceLabelBoxes(panel)
        for (index, annotation) in panel.axes.annotations.enumerated() {
            switch annotation {
            case .verticalLine(let x, let label, let color, let dash):
                let position = panel.xMap.position(x)
                canvas.line(position, area.minY, position, area.maxY, color, width: 1.1, dash: dash)
                if let label, let box = labelBoxes[index] {
                    canvas.fillRect(box, theme.background.withAlpha(0.8))
                    text.draw(label, x: box.x, y: box.y, style: TextStyle(size: theme.annotationSize, color: color), anchor: .topLeft)
                }
            case .horizontalLine(let y, let label, let color, let dash):
                let position = panel.yMap.position(y)
                canvas.line(area.minX, position, area.maxX, position, color, width: 1.1, dash: dash)
                if let label, let box = labelBoxes[index] {
                    canvas.fillRect(box, theme.background.withAlpha(0.8))
                    text.draw(label, x: box.x, y: box.y, style: TextStyle(size: theme.annotationSize, color: color), anchor: .topLeft)
                }
            default:
                continue
            }
        }
    }

    /// Free text and arrows, drawn on top of everything in the plot area (not clipped, so a
    /// note may reach into the margin).
    func drawTextAnnotations(_ panel: PanelLayout, canvas: CairoCanvas, text: TextRenderer) {
        for annotation in panel.axes.annotations {
            switch annotation {
            case .text(let string, let x, let y, let anchor, let color):
                let box = textBox(string, x: x, y: y, anchor: anchor, panel: panel)
                text.draw(string, x: box.x, y: box.y, style: TextStyle(size: theme.annotationSize, color: color), anchor: .topLeft)
            case .arrow(let from, let to, let label, let color):
                let x0 = panel.xMap.position(from.x)
                let y0 = panel.yMap.position(from.y)
                let x1 = panel.xMap.position(to.x)
                let y1 = panel.yMap.position(to.y)
                var startX = x0
                var startY = y0
                if let label {
                    // The text sits at `from`, on the side away from the arrow's head.
                    let anchor: TextAnchor = abs(x1 - x0) >= abs(y1 - y0)
                        ? (x1 > x0 ? .right : .left) : (y1 > y0 ? .bottom : .top)
                    let box = text.draw(label, x: x0, y: y0, style: TextStyle(size: theme.annotationSize, color: color), anchor: anchor)
                    switch anchor {
                    case .right: startX = box.maxX + 3
                    case .left: startX = box.minX - 3
                    case .bottom: startY = box.maxY + 2
                    default: startY = box.minY - 2
                    }
                    if anchor == .right || anchor == .left { startX = anchor == .right ? x0 + 3 : x0 - 3 }
                }
                canvas.arrow(startX, startY, x1, y1, color, width: 1.0)
            default:
                continue
            }
        }
    }
}
