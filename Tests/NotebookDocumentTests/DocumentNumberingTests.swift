import Testing
@testable import NotebookDocument

@Suite struct DocumentNumberingTests {
    static let chapterBlocks: [Block] = [
        .heading(Heading(level: 1, [.text("Intro")], label: "sec-intro")),
        .figure(FigureBlock(drawing: TestFigure(), caption: [.text("A.")], label: "fig-a")),
        .heading(Heading(level: 2, [.text("Detail")], label: "sec-detail")),
        .displayMath(DisplayMath(formula("x"))),  // unlabelled: not numbered
        .displayMath(DisplayMath(formula("y"), label: "eq-y")),
        .callout(CalloutBlock(kind: .note, blocks: [
            .figure(FigureBlock(drawing: TestFigure(), caption: [.text("B, inside a call-out.")], label: "fig-b")),
        ])),
        .code(CodeBlock(code: "let a = 1")),  // no caption, no label: not numbered
        .code(CodeBlock(code: "let b = 2", label: "lst-b")),
        .heading(Heading(level: 1, [.text("Exercises")], numbered: false)),
        .heading(Heading(level: 1, [.text("Second")])),
        .table(TableBlock(header: [[.text("h")]], rows: [], caption: [.text("T.")], label: "tab-t")),
        .exercise(ExerciseBlock(identifier: "ex", title: [.text("Do it")], blocks: [], label: "ex-1")),
    ]

    @Test("a lesson numbers sections, figures, equations, listings, tables and exercises in reading order")
    func lessonNumbers() throws {
        let document = Document(title: "L", chapters: [Chapter(title: "L", blocks: Self.chapterBlocks)])
        let numbering = try DocumentNumbering(document)
        func reference(_ label: String) throws -> String { try numbering.resolve(label, fromChapter: 0).reference }
        #expect(try reference("sec-intro") == "Section 1")
        #expect(try reference("sec-detail") == "Section 1.1")
        #expect(try reference("fig-a") == "Figure 1")
        #expect(try reference("fig-b") == "Figure 2")
        #expect(try reference("eq-y") == "Equation (1)")
        #expect(try reference("lst-b") == "Listing 1")
        #expect(try reference("tab-t") == "Table 1")
        #expect(try reference("ex-1") == "Exercise 1")
        let sections = numbering.entriesByChapter[0].filter { $0.kind == .section }.map(\.number)
        #expect(sections == ["1", "1.1", "2"])
        #expect(try numbering.resolve("sec-detail", fromChapter: 0).title == "Detail")
    }

    @Test("a course prefixes numbers with the chapter; labels resolve in their own chapter first")
    func courseNumbers() throws {
        let document = Document(
            kind: .course, title: "C",
            chapters: [
                Chapter(title: "One", label: "ch-one", blocks: Self.chapterBlocks),
                Chapter(title: "Two", blocks: Self.chapterBlocks),
                Chapter(title: "Three", blocks: [.figure(FigureBlock(drawing: TestFigure(), caption: [], label: "fig-only"))]),
            ])
        let numbering = try DocumentNumbering(document)
        #expect(try numbering.resolve("fig-b", fromChapter: 1).reference == "Figure 2.2")
        #expect(try numbering.resolve("fig-b", fromChapter: 0).reference == "Figure 1.2")
        #expect(try numbering.resolve("eq-y", fromChapter: 1).number == "(2.1)")
        #expect(try numbering.resolve("sec-detail", fromChapter: 1).reference == "Section 2.1.1")
        #expect(try numbering.resolve("ch-one", fromChapter: 2).reference == "Chapter 1")
        // Unique elsewhere: found from any chapter.
        #expect(try numbering.resolve("fig-only", fromChapter: 0).reference == "Figure 3.1")
        // Defined in two other chapters but not here: ambiguous.
        #expect(throws: TypesettingError.unknownLabel("fig-a", chapterIndex: 2, candidates: 2)) {
            try numbering.resolve("fig-a", fromChapter: 2)
        }
        let destinations = numbering.entriesByChapter.flatMap { $0.map(\.destination) }
        #expect(Set(destinations).count == destinations.count, "destinations must be unique")
    }
}
