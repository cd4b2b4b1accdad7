import CPangoCairo
import Foundation
import Plots
@testable import NotebookDocument
@testable import NotebookPDF

/// A small vector drawing for tests: axes, a decaying curve, and a label drawn with Pango, so that
/// the figure's text shows up in `pdftotext`.
struct SampleFigure: DrawableFigure {
    var size: (width: Double, height: Double) = (400, 220)
    var label = "validation loss"
    var fails = false

    struct DrawingFailed: Error, CustomStringConvertible {
        var description: String { "the sample figure was asked to fail" }
    }

    func draw(in context: OpaquePointer, width: Double, height: Double) throws {
        if fails { throw DrawingFailed() }
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_rectangle(context, 0, 0, width, height)
        cairo_fill(context)
        cairo_set_source_rgb(context, 0.2, 0.2, 0.2)
        cairo_set_line_width(context, 1)
        cairo_move_to(context, 40, 10)
        cairo_line_to(context, 40, height - 30)
        cairo_line_to(context, width - 10, height - 30)
        cairo_stroke(context)
        cairo_set_source_rgb(context, 0.12, 0.47, 0.71)
        cairo_set_line_width(context, 1.6)
        for step in 0...100 {
            let t = Double(step) / 100
            let x = 40 + t * (width - 60)
            let y = 20 + (height - 60) * (1 - exp(-4 * t))
            if step == 0 { cairo_move_to(context, x, height - y) } else { cairo_line_to(context, x, height - y) }
        }
        cairo_stroke(context)
        // Under the lock every Pango layout of the package is made under (see `PangoLayoutLock`).
        PangoLayoutLock.withLock {
            let layout = pango_cairo_create_layout(context)!
            // Points, whatever resolution the shared default font map was left at by other code.
            pango_cairo_context_set_resolution(pango_layout_get_context(layout), 72)
            pango_layout_context_changed(layout)
            let font = pango_font_description_from_string("DejaVu Sans 9")
            pango_layout_set_font_description(layout, font)
            pango_font_description_free(font)
            pango_layout_set_text(layout, label, -1)
            cairo_set_source_rgb(context, 0.1, 0.1, 0.1)
            cairo_move_to(context, width / 2 - 30, height - 24)
            pango_cairo_show_layout(context, layout)
            g_object_unref(UnsafeMutableRawPointer(layout))
        }
    }
}

enum SampleDocuments {
    static let swiftCode = """
        /// Inverted dropout: survivors are scaled by 1/(1-p) at training time.
        public func forward(_ input: Tensor<Float>) -> Tensor<Float> {
            switch phase {
            case .training:
                let keepProbability = 1 - probability  // 1 - p
                mask = Tensor.bernoulli(shape: input.shape, probability: keepProbability, using: &random)
                return input * mask / keepProbability
            case .evaluation:
                return input
            }
        }
        """

    static let longCode = (1...70).map { "let value\($0) = compute(\($0), \"label \($0)\")  /* step \($0) */" }
        .joined(separator: "\n")

    static func paragraph(_ words: Int, seed: Int) -> [Inline] {
        let vocabulary = ["dropout", "network", "training", "validation", "weights", "noise", "units",
                          "average", "ensemble", "regularisation", "expected", "activation", "scaled"]
        var text: [String] = []
        for index in 0..<words { text.append(vocabulary[(index * 7 + seed * 3) % vocabulary.count]) }
        return [.text(text.joined(separator: " ").capitalizedFirst + ".")]
    }

    /// One chapter with every kind of block.
    static func fullChapter(title: String, figureLabel: String = "fig-loss", includeLongCode: Bool = true) -> Chapter {
        var blocks: [Block] = [
            .heading(Heading(level: 1, [.text("Inverted dropout")], label: "sec-inverted")),
            .paragraph([
                .text("Dropout zeroes each activation with probability "), .math(formula("p")),
                .text(" and scales the survivors, so that "),
                .math(formula(#"E[y] = (1-p) \cdot \frac{a}{1-p} = a"#)),
                .text(". This is "), .emphasis([.text("inverted")]), .text(" dropout, and it is "),
                .strong([.text("the default in PyTorch")]), .text(". See "), .reference(figureLabel),
                .text(", "), .reference("tab-ablation"), .text(" and "), .reference("eq-expectation"),
                .text("; the code is in "), .reference("lst-forward"), .text(" and the method call is "),
                .code("layer.eval()"), .text(". More at "),
                .link(url: "https://pytorch.org/docs/stable/generated/torch.nn.Dropout.html", content: [.text("the PyTorch documentation")]),
                .text("."),
            ]),
            .displayMath(DisplayMath(
                formula(#"\mathbb{E}[y] = \frac{a}{1-p} \cdot \left(1 - p\right) = \sqrt{a^2} = \sum_{i=1}^{1} a"#),
                label: "eq-expectation")),
            .paragraph(paragraph(90, seed: 1)),
            .code(CodeBlock(
                code: swiftCode, caption: [.text("The forward pass of inverted dropout.")],
                source: "Sources/NeuralKit/Layers/Dropout.swift", label: "lst-forward")),
            .callout(CalloutBlock(kind: .keyTakeaway, blocks: [
                .paragraph([.text("Inverted dropout keeps the expected activation unchanged, so evaluation needs no rescaling.")]),
            ])),
            .heading(Heading(level: 2, [.text("The ablation")], label: "sec-ablation")),
            .paragraph(paragraph(60, seed: 2)),
            .figure(FigureBlock(
                drawing: SampleFigure(), caption: [.text("Validation loss per epoch (digits, seed 42, p = 0.5, 30 epochs).")],
                label: figureLabel)),
            .table(TableBlock(
                header: [[.text("rate "), .math(formula("p"))], [.text("train acc")], [.text("val acc")], [.text("gap")]],
                rows: [
                    [[.text("0.00")], [.text("99.8 %")], [.text("93.1 %")], [.text("6.7")]],
                    [[.text("0.25")], [.text("99.1 %")], [.text("94.6 %")], [.text("4.5")]],
                    [[.text("0.50")], [.text("97.9 %")], [.text("95.2 %")], [.text("2.7")]],
                    [[.text("0.75")], [.text("93.0 %")], [.text("92.4 %")], [.text("0.6")]],
                ],
                alignments: [.left, .right, .right, .right],
                caption: [.text("Final accuracies of the dropout-rate ablation.")], label: "tab-ablation")),
            .list(ListBlock(ordered: false, items: [
                [.paragraph([.text("Call "), .code("eval()"), .text(" before measuring accuracy.")])],
                [.paragraph(paragraph(30, seed: 3))],
                [.paragraph([.text("Nested:")]), .list(ListBlock(ordered: true, items: [
                    [.paragraph([.text("first nested item")])], [.paragraph([.text("second nested item")])],
                ]))],
            ])),
            .callout(CalloutBlock(kind: .pitfall, blocks: [
                .paragraph([.text("Forgetting "), .code("model.eval()"), .text(" leaves dropout on at test time.")]),
            ])),
            .callout(CalloutBlock(kind: .examTip, title: [.text("Exam tip: the variance")], blocks: [
                .paragraph([.text("The variance of a dropped-out unit is "), .math(formula(#"a^2 \cdot \frac{p}{1-p}"#)), .text(".")]),
            ])),
            .blockQuote([.paragraph([.text("Dropout prevents units from co-adapting too much.")])]),
            .thematicBreak,
            .heading(Heading(level: 1, [.text("Exercises")], numbered: false)),
            .exercise(ExerciseBlock(
                identifier: "dropout-forward", title: [.text("Implement the forward pass")],
                blocks: [.paragraph([.text("Write the forward pass of inverted dropout and check it against "), .reference("eq-expectation"), .text(".")])],
                command: "swift run grade dropout-forward", label: "ex-forward")),
            .heading(Heading(level: 3, [.text("A run-in heading")])),
            .table(TableBlock(
                header: [[.text("regulariser")], [.text("what it does")], [.text("typical value")]],
                rows: [
                    [[.text("dropout")], [.text("zeroes each unit with probability p during training and rescales the survivors by 1/(1 − p), so the expected activation is unchanged")], [.text("0.1–0.5")]],
                    [[.text("weight decay")], [.text("shrinks every weight towards zero by a factor (1 − ηλ) before each gradient step")], [.math(formula(#"\lambda = 10^{-4}"#))]],
                ],
                alignments: [.left, .left, .right],
                caption: [.text("A table whose middle column must wrap.")], label: "tab-wide")),
            .paragraph([.text("A long address must not overflow the margin: "),
                        .link(url: "https://example.org/a/very/long/path/that/does/not/fit/on/one/line/of/the/page/at/all/index.html",
                              content: [.text("https://example.org/a/very/long/path/that/does/not/fit/on/one/line/of/the/page/at/all/index.html")]),
                        .text(".")]),
            .paragraph(paragraph(40, seed: 4)),
        ]
        if includeLongCode {
            blocks.append(.code(CodeBlock(code: longCode, caption: [.text("A long listing that must break across pages.")])))
            blocks.append(.paragraph([.text("The end of the chapter, after "), .internalLink(label: "sec-inverted", content: [.text("the first section")]), .text(".")]))
        }
        return Chapter(title: title, subtitle: "Why inverted dropout needs no rescaling at test time", blocks: blocks,
                       colophon: [.init("Lesson seed", "42")])
    }

    static let metadata = DocumentMetadata(
        seed: 42, toolchain: "Swift 6.3.1, Debian 12", commit: "3f2a9c1", date: "25 November 2026",
        creationDate: "2026-11-25T09:00:00Z", extraFields: [.init("Data set", "UCI digits, 1,797 images")])

    static func lesson() -> Document {
        Document(
            kind: .lesson, title: "Dropout", subtitle: "Inverted dropout, the eval() trap and Monte-Carlo dropout",
            authors: ["Regularize"], chapters: [fullChapter(title: "Dropout")], metadata: metadata)
    }

    /// A real Plots figure: two loss curves.
    static func lossFigure() -> Plots.Figure {
        let epochs = (1...30).map(Double.init)
        var axes = Axes(xLabel: "epoch", yLabel: "loss")
        axes.plot(epochs, epochs.map { 2 * exp(-$0 / 6) + 0.1 }, label: "training")
        axes.plot(epochs, epochs.map { 2 * exp(-$0 / 8) + 0.3 + 0.004 * $0 }, label: "validation", dash: .dashed)
        return Plots.Figure(axes)
    }

    static func course() -> Document {
        var weightDecay = fullChapter(title: "Weight decay", includeLongCode: false)
        weightDecay.blocks.append(.figure(FigureBlock(
            drawing: lossFigure(), caption: [.text("Training and validation loss (digits, seed 42, λ = 10⁻⁴).")],
            label: "fig-plots")))
        return Document(
            kind: .course, title: "Regularization in Deep Learning", subtitle: "A course that runs its experiments",
            authors: ["Regularize"],
            chapters: [
                fullChapter(title: "Dropout"),
                weightDecay,
                fullChapter(title: "Batch normalisation", includeLongCode: false),
            ],
            metadata: metadata)
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

/// A formula of the lesson subset, for hand-built documents (the sources here are known to parse).
func formula(_ source: String) -> MathFormula {
    do { return try MathFormula(source) } catch { fatalError("test formula `\(source)`: \(error)") }
}
