import CPangoCairo
import Foundation
import NotebookDocument

/// Typesets a ``Document`` into an A4 PDF with Cairo and Pango.
///
/// The look is that of a plain textbook: DejaVu Serif text, DejaVu Sans headings, numbered figures,
/// tables, listings and equations, call-out boxes, a running header, page numbers, a footer with
/// the seed, commit and toolchain, PDF bookmarks and working internal links. A course additionally
/// gets a title page, a table of contents with page numbers (a second layout pass fills them in)
/// and an index of exercises.
///
/// The output is reproducible: the same document gives a byte-identical PDF (the creation date
/// comes from ``DocumentMetadata/creationDate``, never from the clock). The file is written
/// atomically: a temporary file in the same folder, renamed over the destination when complete.
///
/// ```swift
/// let typesetter = PDFTypesetter()
/// try typesetter.write(document, to: URL(fileURLWithPath: "output/dropout/dropout.pdf"))
/// ```
public struct PDFTypesetter: Sendable {
    /// Settings of the typesetter.
    public struct Options: Sendable {
        /// The size of the body text in points.
        public var bodyFontSize: Double
        /// Justified paragraphs (`true`) or ragged right (`false`).
        public var justify: Bool
        /// Hyphenate justified paragraphs (US English patterns, see `Hyphenator`).
        public var hyphenate: Bool
        /// The PDF's "Creator" entry.
        public var creator: String
        /// The document's language (BCP 47), for screen readers and hyphenation-aware viewers.
        public var language = "en-GB"

        public init(
            bodyFontSize: Double = 10, justify: Bool = true, hyphenate: Bool = true,
            creator: String = "Regularize Notebook"
        ) {
            self.bodyFontSize = bodyFontSize
            self.justify = justify
            self.hyphenate = hyphenate
            self.creator = creator
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// The result of laying out a document, before drawing.
    struct Layout {
        let composer: Composer
        let pages: [Page]
        let pageNumbers: [String: Int]
    }

    /// Typesets `document` and writes it to `url` atomically. Several documents may be typeset at
    /// once on several threads: each has a Pango font map of its own, and Pango's layouts are made
    /// under `PangoLayoutLock`, so a document's bytes do not depend on what else is typeset.
    /// - Returns: the number of pages.
    @discardableResult
    public func write(_ document: Document, to url: URL) throws -> Int {
        guard options.bodyFontSize >= 6, options.bodyFontSize <= 16 else {
            throw TypesettingError.invalidDocument(
                "body font size \(options.bodyFontSize) pt is outside 6...16 pt; 10 reads well on A4")
        }
        let directory = url.deletingLastPathComponent()
        // `.tmp-<pid>-`: the runner removes such a file once its process is gone (a killed run).
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(getpid())-\(UUID().uuidString.prefix(8)).partial")
        let style = TypesetStyle(bodySize: options.bodyFontSize, justify: options.justify, hyphenate: options.hyphenate)
        let numbering = try DocumentNumbering(document)
        if style.hyphenate { _ = try Hyphenator.required() }

        return try Self.withPangoContext { context in
            try write(document, to: url, temporary: temporary, style: style, numbering: numbering, context: context)
        }
    }

    /// Runs `body` with a Pango context of its own font map at 72 dpi (points), without hinted
    /// metrics and without rounding glyph positions, so that what is measured is what the PDF shows
    /// and every glyph has the advance the font gives it. (Pango rounds positions to whole device
    /// units by default, which at 72 dpi is a whole point: in 10 pt DejaVu Serif a `d` of 6.40 pt
    /// was set 6 pt wide and an `r` of 4.78 pt 5 pt.) A private font map leaves the shared default
    /// one, which Plots uses, alone.
    static func withPangoContext<Result>(_ body: (OpaquePointer) throws -> Result) rethrows -> Result {
        let fontMap = pango_cairo_font_map_new()!
        defer { g_object_unref(UnsafeMutableRawPointer(fontMap)) }
        pango_cairo_font_map_set_resolution(OpaquePointer(fontMap), 72)
        let context = pango_font_map_create_context(fontMap)!
        defer { g_object_unref(UnsafeMutableRawPointer(context)) }
        let fontOptions = cairo_font_options_create()!
        cairo_font_options_set_hint_metrics(fontOptions, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(fontOptions, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(context, fontOptions)
        cairo_font_options_destroy(fontOptions)
        pango_context_set_round_glyph_positions(context, 0)
        InlineMathObject.installRenderer(on: context)
        return try body(context)
    }

    private func write(
        _ document: Document, to url: URL, temporary: URL, style: TypesetStyle, numbering: DocumentNumbering,
        context: OpaquePointer
    ) throws -> Int {
        let layout = try self.layout(document, style: style, numbering: numbering, context: context)

        let surface = cairo_pdf_surface_create(temporary.path, style.pageWidth, style.pageHeight)!
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw TypesettingError.cannotWrite(path: url.path, reason: String(cString: cairo_status_to_string(status)))
        }
        let cairo = cairo_create(surface)!
        var finished = false
        defer {
            if !finished {
                cairo_destroy(cairo)
                cairo_surface_finish(surface)
                cairo_surface_destroy(surface)
                try? FileManager.default.removeItem(at: temporary)
            }
        }
        setMetadata(of: surface, document: document)
        let structure = try PageRenderer(
            items: layout.composer.items, pages: layout.pages, style: style, composer: layout.composer,
            surface: surface, cairo: cairo
        ).render()
        let drawingStatus = cairo_status(cairo)
        cairo_destroy(cairo)
        cairo_surface_finish(surface)
        let surfaceStatus = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        finished = true
        for status in [drawingStatus, surfaceStatus] where status != CAIRO_STATUS_SUCCESS {
            try? FileManager.default.removeItem(at: temporary)
            throw TypesettingError.cannotWrite(path: url.path, reason: String(cString: cairo_status_to_string(status)))
        }
        do {
            try TaggedPDFFinisher.finish(
                temporary, language: options.language, alternatives: structure.alternatives,
                formulaActualTexts: structure.formulaActualTexts)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw TypesettingError.cannotWrite(path: url.path, reason: "tagging the PDF: \(error)")
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw TypesettingError.cannotWrite(path: url.path, reason: reason)
        }
        return layout.pages.count
    }

    /// Composes and paginates; for a course (and a lesson with quick checks), repeats until the
    /// page numbers printed in the contents, the exercise index and the quick checks' pointers to
    /// their answers are those the pages really have.
    func layout(
        _ document: Document, style: TypesetStyle, numbering: DocumentNumbering, context: OpaquePointer
    ) throws -> Layout {
        var pageNumbers: [String: Int] = [:]
        // A lesson prints page numbers only when it has quick checks (the page of their answers).
        let lessonNeedsPages = document.chapters.contains { $0.blocks.containsQuiz }
        let layouts = TextLayoutCache()
        for pass in 0..<3 {
            let composer = Composer(
                document: document, style: style, numbering: numbering, context: context, pageNumbers: pageNumbers,
                layouts: layouts)
            try composer.compose()
            var paginator = Paginator(items: composer.items, style: style)
            let pages = paginator.paginate()
            var found: [String: Int] = [:]
            for (index, page) in pages.enumerated() {
                for placement in page.placements where placement.units.lowerBound == 0 {
                    for destination in composer.items[placement.item].destinations where found[destination] == nil {
                        found[destination] = index + 1
                    }
                }
            }
            if (document.kind == .lesson && (!lessonNeedsPages || pass == 2)) || found == pageNumbers {
                return Layout(composer: composer, pages: pages, pageNumbers: found)
            }
            pageNumbers = found
        }
        throw TypesettingError.invalidDocument(
            "the page numbers of '\(document.title)' did not settle after three layout passes")
    }

    func setMetadata(of surface: OpaquePointer, document: Document) {
        let date = document.metadata.creationDate ?? "2000-01-01T00:00:00Z"
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, document.title)
        if !document.authors.isEmpty {
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, document.authors.joined(separator: ", "))
        }
        if let subtitle = document.subtitle {
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, subtitle)
        }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, options.creator)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date)
    }
}

extension Array where Element == Block {
    /// Whether a quick check stands anywhere in these blocks (also inside call-outs and lists).
    var containsQuiz: Bool {
        contains { block in
            if case .quiz = block { return true }
            return block.childBlocks.contains { $0.containsQuiz }
        }
    }
}
