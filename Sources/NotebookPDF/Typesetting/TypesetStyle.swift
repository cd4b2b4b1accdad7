import NotebookDocument

/// The look of the page: geometry, fonts, sizes and colours, in points (1/72 inch).
///
/// A4 with generous margins; DejaVu Serif for the text, DejaVu Sans for headings, captions and the
/// furniture of the page, DejaVu Sans Mono for code.
struct TypesetStyle {
    // MARK: Page
    let pageWidth = 595.276  // A4: 210 mm
    let pageHeight = 841.89  // A4: 297 mm
    let marginLeft = 78.0
    let marginRight = 78.0
    let marginTop = 84.0
    let marginBottom = 78.0
    var textWidth: Double { pageWidth - marginLeft - marginRight }
    var bodyHeight: Double { pageHeight - marginTop - marginBottom }
    /// Baseline of the running header and of the footer.
    let headerBaseline = 52.0
    var footerBaseline: Double { pageHeight - 44 }

    // MARK: Fonts
    var bodySize: Double
    var justify: Bool
    /// Hyphenate justified paragraphs.
    var hyphenate: Bool
    var body: FontSpec { FontSpec(family: "DejaVu Serif", size: bodySize) }
    var sans: FontSpec { FontSpec(family: "DejaVu Sans", size: bodySize) }
    var monospace: FontSpec { FontSpec(family: "DejaVu Sans Mono", size: bodySize * 0.82) }
    var caption: FontSpec { FontSpec(family: "DejaVu Sans", size: bodySize * 0.84) }
    var small: FontSpec { FontSpec(family: "DejaVu Sans", size: bodySize * 0.74) }
    /// Line height as a multiple of the font height.
    let lineSpacing = 1.28
    let codeLineSpacing = 1.12

    // MARK: Spacing
    var paragraphSpace: Double { bodySize * 0.65 }
    var blockSpace: Double { bodySize * 1.1 }
    var listIndent: Double { bodySize * 1.9 }
    var quoteIndent: Double { bodySize * 1.6 }
    let boxPadding = 8.0
    let barWidth = 3.2

    // MARK: Colours (hex for Pango markup; RGB for cairo)
    let textColor = "#1a1a1a"
    /// `textColor` for cairo (formulas drawn as glyphs and rules).
    let textRGB = (0.102, 0.102, 0.102)
    let linkColor = "#1f4e9a"
    let inlineCodeColor = "#3a3a3a"
    let mutedColor = "#6b6b6b"
    let ruleRGB = (0.55, 0.55, 0.55)
    let codeBackgroundRGB = (0.965, 0.969, 0.976)
    let codeBorderRGB = (0.86, 0.87, 0.89)

    init(bodySize: Double, justify: Bool, hyphenate: Bool = true) {
        self.bodySize = bodySize
        self.justify = justify
        self.hyphenate = justify && hyphenate
    }
}

/// Bar and background colours of a boxed aside.
struct BoxColors {
    let bar: (Double, Double, Double)
    let background: (Double, Double, Double)
    /// Title colour for Pango markup.
    let title: String

    static func forCallout(_ kind: CalloutBlock.Kind) -> BoxColors {
        switch kind {
        case .keyTakeaway:
            return BoxColors(bar: (0.18, 0.49, 0.20), background: (0.93, 0.965, 0.93), title: "#1f5e22")
        case .pitfall:
            return BoxColors(bar: (0.78, 0.16, 0.16), background: (0.985, 0.935, 0.93), title: "#8e1b1b")
        case .examTip:
            return BoxColors(bar: (0.08, 0.40, 0.75), background: (0.93, 0.953, 0.985), title: "#0d4a8f")
        case .note:
            return BoxColors(bar: (0.45, 0.45, 0.45), background: (0.955, 0.955, 0.955), title: "#3d3d3d")
        }
    }

    static let exercise = BoxColors(
        bar: (0.85, 0.42, 0.05), background: (0.995, 0.955, 0.91), title: "#8a3d00")
}
