import CPangoCairo
import Foundation

/// Renders a figure onto a PNG, PDF or SVG surface and writes the file atomically.
enum FigureWriter {
    /// The creation and modification date written into every PDF, so equal figures give equal
    /// bytes.
    static let fixedPDFDate = "2026-01-01T00:00:00Z"

    static func write(renderer: FigureRenderer, to url: URL, format: ImageFormat, scale: Double) throws {
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PlotError.unwritablePath(file: url.path, reason: "the folder \(directory.path) does not exist; create it first")
        }
        let bytes = try data(renderer: renderer, format: format, scale: scale)
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: bytes) else {
            throw PlotError.unwritablePath(file: url.path, reason: "could not create a file in \(directory.path) (permission denied or read-only)")
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw PlotError.unwritablePath(file: url.path, reason: reason)
        }
    }

    /// The encoded bytes of the figure in `format`.
    static func data(renderer: FigureRenderer, format: ImageFormat, scale: Double) throws -> Data {
        let width = renderer.width
        let height = renderer.height
        switch format {
        case .png:
            let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32((width * scale).rounded()), Int32((height * scale).rounded()))!
            defer { cairo_surface_destroy(surface) }
            let context = cairo_create(surface)!
            cairo_scale(context, scale, scale)
            defer { cairo_destroy(context) }
            try renderer.draw(in: context)
            cairo_surface_flush(surface)
            return try collect(operation: "encode PNG") { closure, box in
                cairo_surface_write_to_png_stream(surface, closure, box)
            }
        case .pdf, .svg:
            let sink = ByteSink()
            let box = Unmanaged.passUnretained(sink).toOpaque()
            let surface: OpaquePointer
            if format == .pdf {
                surface = cairo_pdf_surface_create_for_stream(ByteSink.writeFunction, box, width, height)
                cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, fixedPDFDate)
                cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, fixedPDFDate)
                cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Regularize Plots")
            } else {
                surface = cairo_svg_surface_create_for_stream(ByteSink.writeFunction, box, width, height)
                cairo_svg_surface_restrict_to_version(surface, CAIRO_SVG_VERSION_1_1)
            }
            let context = cairo_create(surface)!
            do {
                try renderer.draw(in: context)
            } catch {
                cairo_destroy(context)
                cairo_surface_destroy(surface)
                throw error
            }
            cairo_destroy(context)
            cairo_surface_finish(surface)
            let status = cairo_surface_status(surface)
            cairo_surface_destroy(surface)
            guard status == CAIRO_STATUS_SUCCESS else {
                throw PlotError.cairo(operation: "write \(format.rawValue.uppercased())", status: String(cString: cairo_status_to_string(status)))
            }
            return format == .svg ? SVGIdentifiers.canonical(sink.data) : sink.data
        }
    }

    /// Draws onto an image surface and returns its pixels un-premultiplied.
    static func raster(renderer: FigureRenderer, scale: Double) throws -> Raster {
        let width = Int((renderer.width * scale).rounded())
        let height = Int((renderer.height * scale).rounded())
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))!
        defer { cairo_surface_destroy(surface) }
        let context = cairo_create(surface)!
        defer { cairo_destroy(context) }
        cairo_scale(context, scale, scale)
        try renderer.draw(in: context)
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface)) / 4
        let pixels = UnsafeRawPointer(cairo_image_surface_get_data(surface)!).bindMemory(to: UInt32.self, capacity: stride * height)
        var rgba = [UInt8](repeating: 0, count: width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                let value = pixels[y * stride + x]
                let alpha = Double(value >> 24)
                func channel(_ shift: UInt32) -> UInt8 {
                    let premultiplied = Double((value >> shift) & 0xFF)
                    return alpha == 0 ? 0 : UInt8(min(255, (premultiplied * 255 / alpha).rounded()))
                }
                let i = (y * width + x) * 4
                rgba[i] = channel(16)
                rgba[i + 1] = channel(8)
                rgba[i + 2] = channel(0)
                rgba[i + 3] = UInt8(alpha)
            }
        }
        return Raster(width: width, height: height, rgba: rgba)
    }

    private static func collect(
        operation: String, _ body: (cairo_write_func_t, UnsafeMutableRawPointer) -> cairo_status_t
    ) throws -> Data {
        let sink = ByteSink()
        let status = body(ByteSink.writeFunction, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.cairo(operation: operation, status: String(cString: cairo_status_to_string(status)))
        }
        return sink.data
    }
}

/// Collects bytes written by Cairo's stream functions.
final class ByteSink {
    var data = Data()

    static let writeFunction: cairo_write_func_t = { closure, bytes, length in
        guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
        let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
        sink.data.append(bytes, count: Int(length))
        return CAIRO_STATUS_SUCCESS
    }
}

/// Cairo numbers some SVG elements from process-wide counters, so the same figure drawn twice
/// in one process gets different ids. Renumbering them in order of appearance makes SVG output
/// depend only on the figure.
enum SVGIdentifiers {
    static func canonical(_ data: Data) -> Data {
        guard var text = String(data: data, encoding: .utf8) else { return data }
        for prefix in ["surface", "image", "pattern", "clip", "mask", "source", "glyph", "linear", "radial", "filter"] {
            text = renumber(text, prefix: prefix)
        }
        return Data(SVGPrecision.compact(text).utf8)
    }

    /// Renumbers ids `prefix<digits>` (with an optional `-<digits>` suffix kept) in order of
    /// first appearance.
    private static func renumber(_ text: String, prefix: String) -> String {
        guard text.contains("id=\"\(prefix)") else { return text }
        var mapping = [Substring: String]()
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var rest = Substring(text)
        while let range = rest.range(of: prefix) {
            result += rest[..<range.lowerBound]
            result += prefix
            var end = range.upperBound
            while end < rest.endIndex, rest[end].isASCII, rest[end].isNumber { end = rest.index(after: end) }
            let digits = rest[range.upperBound..<end]
            let before = range.lowerBound > rest.startIndex ? rest[rest.index(before: range.lowerBound)] : " "
            if !digits.isEmpty, before == "\"" || before == "#" || before == "(" {
                if let mapped = mapping[digits] {
                    result += mapped
                } else {
                    let fresh = String(mapping.count)
                    mapping[digits] = fresh
                    result += fresh
                }
            } else {
                result += digits
            }
            rest = rest[end...]
        }
        result += rest
        return result
    }
}
