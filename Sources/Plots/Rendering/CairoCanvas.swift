import CPangoCairo
import Foundation

/// A thin drawing vocabulary over a Cairo context (`cairo_t *`): colours, paths, markers and
/// text. Everything the renderer draws goes through here, so the figure code reads in terms of
/// lines and rectangles rather than Cairo calls.
struct CairoCanvas {
    let context: OpaquePointer
    let theme: Theme

    // MARK: - State

    func save() { cairo_save(context) }
    func restore() { cairo_restore(context) }

    func setColor(_ color: Color) {
        cairo_set_source_rgba(context, color.red, color.green, color.blue, color.alpha)
    }

    func setLine(width: Double, dash: Dash = .solid, cap: cairo_line_cap_t = CAIRO_LINE_CAP_BUTT,
                 join: cairo_line_join_t = CAIRO_LINE_JOIN_ROUND) {
        cairo_set_line_width(context, width)
        cairo_set_line_cap(context, cap)
        cairo_set_line_join(context, join)
        let pattern = dash.pattern(lineWidth: width)
        pattern.withUnsafeBufferPointer { buffer in
            cairo_set_dash(context, buffer.baseAddress, Int32(buffer.count), 0)
        }
    }

    func clip(to rect: PlotRect) {
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(context)
    }

    // MARK: - Shapes

    func fillRect(_ rect: PlotRect, _ color: Color) {
        setColor(color)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_fill(context)
    }

    func strokeRect(_ rect: PlotRect, _ color: Color, width: Double) {
        setColor(color)
        setLine(width: width, join: CAIRO_LINE_JOIN_MITER)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_stroke(context)
    }

    /// A straight segment.
    func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, _ color: Color, width: Double, dash: Dash = .solid) {
        setColor(color)
        setLine(width: width, dash: dash)
        cairo_move_to(context, x0, y0)
        cairo_line_to(context, x1, y1)
        cairo_stroke(context)
    }

    /// A polyline through points; `nil` entries break the line (gaps at non-finite data).
    func polyline(_ points: [(Double, Double)?], _ color: Color, width: Double, dash: Dash, join: cairo_line_join_t = CAIRO_LINE_JOIN_ROUND) {
        setColor(color)
        setLine(width: width, dash: dash, cap: dash == .solid ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT, join: join)
        var penDown = false
        for point in points {
            guard let (x, y) = point else {
                penDown = false
                continue
            }
            if penDown {
                cairo_line_to(context, x, y)
            } else {
                cairo_move_to(context, x, y)
                penDown = true
            }
        }
        cairo_stroke(context)
    }

    /// A closed polygon filled with `color`.
    func fillPolygon(_ points: [(Double, Double)], _ color: Color) {
        guard let first = points.first else { return }
        setColor(color)
        cairo_move_to(context, first.0, first.1)
        for point in points.dropFirst() { cairo_line_to(context, point.0, point.1) }
        cairo_close_path(context)
        cairo_fill(context)
    }

    /// Adds the outline of a marker of diameter `size` centred at (x, y) to the current path.
    func markerPath(_ marker: Marker, x: Double, y: Double, size: Double) {
        let r = size / 2
        switch marker {
        case .none:
            return
        case .circle:
            cairo_new_sub_path(context)
            cairo_arc(context, x, y, r, 0, 2 * Double.pi)
            cairo_close_path(context)
        case .square:
            let s = r * 0.886 // equal area to the circle
            cairo_rectangle(context, x - s, y - s, 2 * s, 2 * s)
        case .triangle:
            let s = r * 1.2
            cairo_move_to(context, x, y - s)
            cairo_line_to(context, x + s * 0.866, y + s * 0.5)
            cairo_line_to(context, x - s * 0.866, y + s * 0.5)
            cairo_close_path(context)
        case .diamond:
            let s = r * 1.2
            cairo_move_to(context, x, y - s)
            cairo_line_to(context, x + s * 0.75, y)
            cairo_line_to(context, x, y + s)
            cairo_line_to(context, x - s * 0.75, y)
            cairo_close_path(context)
        case .cross:
            let s = r * 0.8
            cairo_move_to(context, x - s, y - s)
            cairo_line_to(context, x + s, y + s)
            cairo_move_to(context, x - s, y + s)
            cairo_line_to(context, x + s, y - s)
        case .plus:
            cairo_move_to(context, x - r, y)
            cairo_line_to(context, x + r, y)
            cairo_move_to(context, x, y - r)
            cairo_line_to(context, x, y + r)
        }
    }

    /// Draws markers at the given points: filled with an edge, outline only, or strokes for
    /// the cross and plus shapes.
    func markers(_ marker: Marker, at points: [(Double, Double)], size: Double, color: Color, filled: Bool, edge: Color?) {
        guard marker != .none, !points.isEmpty else { return }
        let isStroked = marker == .cross || marker == .plus
        if isStroked || !filled {
            for (x, y) in points { markerPath(marker, x: x, y: y, size: size) }
            setColor(color)
            setLine(width: isStroked ? max(1.2, size / 4) : max(1.0, size / 5), cap: CAIRO_LINE_CAP_ROUND)
            cairo_stroke(context)
            return
        }
        let target = cairo_get_target(context)
        if cairo_surface_get_type(target) == CAIRO_SURFACE_TYPE_IMAGE, points.count > 20 {
            stampMarkers(marker, at: points, size: size, color: color, edge: edge)
            return
        }
        // One path per marker keeps the overlap order of the data (later points on top).
        for (x, y) in points {
            drawFilledMarker(marker, x: x, y: y, size: size, color: color, edge: edge)
        }
    }

    private func drawFilledMarker(_ marker: Marker, x: Double, y: Double, size: Double, color: Color, edge: Color?) {
        markerPath(marker, x: x, y: y, size: size)
        setColor(color)
        if let edge {
            cairo_fill_preserve(context)
            setColor(edge)
            setLine(width: max(0.4, size / 12))
            cairo_stroke(context)
        } else {
            cairo_fill(context)
        }
    }

    /// On raster targets, draws the marker once into a small image and stamps that image at
    /// every point: the same look as drawing each path, several times faster for many points.
    private func stampMarkers(_ marker: Marker, at points: [(Double, Double)], size: Double, color: Color, edge: Color?) {
        var dx = 1.0
        var dy = 0.0
        cairo_user_to_device_distance(context, &dx, &dy)
        let density = max(0.1, hypot(dx, dy))
        let half = size * 0.75 + 1
        let pixels = Int32((2 * half * density).rounded(.up))
        guard let sprite = cairo_surface_create_similar_image(cairo_get_target(context), CAIRO_FORMAT_ARGB32, pixels, pixels) else { return }
        defer { cairo_surface_destroy(sprite) }
        let spriteContext = cairo_create(sprite)!
        cairo_scale(spriteContext, density, density)
        CairoCanvas(context: spriteContext, theme: theme).drawFilledMarker(marker, x: half, y: half, size: size, color: color, edge: edge)
        cairo_destroy(spriteContext)
        let pattern = cairo_pattern_create_for_surface(sprite)!
        defer { cairo_pattern_destroy(pattern) }
        var matrix = cairo_matrix_t()
        for (x, y) in points {
            // Pattern space is sprite pixels: user (x − half, y − half) maps to pixel (0, 0).
            cairo_matrix_init_scale(&matrix, density, density)
            cairo_matrix_translate(&matrix, half - x, half - y)
            cairo_pattern_set_matrix(pattern, &matrix)
            cairo_set_source(context, pattern)
            cairo_rectangle(context, x - half, y - half, 2 * half, 2 * half)
            cairo_fill(context)
        }
    }

    /// An arrow from (x0, y0) to (x1, y1) with a filled head at the end.
    func arrow(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, _ color: Color, width: Double) {
        let angle = atan2(y1 - y0, x1 - x0)
        let headLength = 3.5 + 2.5 * width
        let headHalfWidth = headLength * 0.45
        let baseX = x1 - headLength * cos(angle)
        let baseY = y1 - headLength * sin(angle)
        line(x0, y0, baseX, baseY, color, width: width)
        fillPolygon([
            (x1, y1),
            (baseX - headHalfWidth * sin(angle), baseY + headHalfWidth * cos(angle)),
            (baseX + headHalfWidth * sin(angle), baseY - headHalfWidth * cos(angle)),
        ], color)
    }
}
