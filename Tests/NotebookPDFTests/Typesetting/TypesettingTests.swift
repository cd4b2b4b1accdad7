import Foundation
import Testing
@testable import NotebookDocument
@testable import NotebookPDF

/// Typesets hand-built documents with every block kind and reads the PDFs back with poppler.
@Suite(.serialized) struct LessonTypesettingTests {
    let directory: URL
    let url: URL
    let pageCount: Int

    init() throws {
        directory = try temporaryDirectory()
        url = directory.appendingPathComponent("lesson.pdf")
        pageCount = try PDFTypesetter().write(SampleDocuments.lesson(), to: url)
    }

    @Test("the PDF is A4 with the page count the typesetter reports and the metadata given")
    func pageSizeAndMetadata() throws {
        let info = try PDFTools.info(of: url)
        #expect(info["Page size"]?.hasPrefix("595.276 x 841.89 pts (A4)") == true)
        #expect(info["Pages"] == String(pageCount))
        #expect(pageCount >= 3)
        #expect(info["Title"] == "Dropout")
        #expect(info["Author"] == "Regularize")
        #expect(info["CreationDate"]?.contains("2026") == true)
    }

    @Test("the text of every block kind is there, in reading order")
    func textInOrder() throws {
        let text = try PDFTools.text(of: url)
        let (inOrder, missing) = text.containsInOrder([
            "Dropout", "Inverted dropout, the eval() trap", "25 November 2026",
            "1 Inverted dropout", "See Figure 1, Table 1 and Equation (1); the code is in Listing 1",
            "layer.eval()", "the PyTorch documentation",
            "(1)",
            "Listing 1: The forward pass of inverted dropout.", "Sources/NeuralKit/Layers/Dropout.swift",
            "public func forward(_ input: Tensor<Float>) -> Tensor<Float>",
            "Key takeaway", "Inverted dropout keeps the expected activation unchanged",
            "1.1 The ablation",
            "Call eval() before measuring accuracy.", "first nested item", "second nested item",
            "Pitfall", "Exam tip: the variance", "Dropout prevents units from co-adapting",
            "Exercises", "Exercise 1: Implement the forward pass", "Check your solution: swift run grade dropout-forward",
            "A run-in heading", "Listing 2: A long listing", "let value1 =", "let value70 =",
            "The end of the chapter, after the first section.",
            "About this document", "Seed: 42", "Toolchain: Swift 6.3.1, Debian 12", "Source commit: 3f2a9c1",
            "Data set: UCI digits, 1,797 images",
        ])
        #expect(inOrder, "missing or out of order: \(missing ?? "")")
        // Floats may move, but their captions and contents are there.
        for phrase in ["Figure 1: Validation loss per epoch (digits, seed 42, p = 0.5, 30 epochs).", "validation loss",
                       "Table 1: Final accuracies of the dropout-rate ablation.", "rate p train acc val acc gap",
                       "0.50 97.9 % 95.2 % 2.7"] {
            #expect(text.contains(phrase), "missing: \(phrase)")
        }
    }

    @Test("every page but the first has a running header; every page has a number and the provenance footer")
    func headersAndFooters() throws {
        for page in 1...pageCount {
            let text = try PDFTools.text(of: url, page: page)
            #expect(text.contains("seed 42 · commit 3f2a9c1 · Swift 6.3.1, Debian 12"), "page \(page) lacks the footer")
            #expect(text.hasSuffix(String(page)) || text.contains(" \(page) "), "page \(page) lacks its number")
            if page > 1 { #expect(text.hasPrefix("Dropout"), "page \(page) lacks the running header") }
        }
    }

    @Test("cross-references, links and bookmarks are real PDF objects")
    func linksAndBookmarks() throws {
        let destinations = try PDFTools.destinations(of: url)
        for name in ["c1-section-1", "c1-section-1.1", "c1-figure-1", "c1-table-1", "c1-equation-1",
                     "c1-listing-1", "c1-listing-2", "c1-exercise-1"] {
            #expect(destinations[name] != nil, "no destination \(name)")
        }
        let raw = try PDFTools.raw(url)
        for link in ["/Dest (c1-figure-1)", "/Dest (c1-table-1)", "/Dest (c1-equation-1)", "/Dest (c1-listing-1)",
                     "/Dest (c1-section-1)", "/URI (https://pytorch.org/docs/stable/generated/torch.nn.Dropout.html)"] {
            #expect(raw.contains(link), "no link \(link)")
        }
        #expect(raw.contains("/Outlines"))
        for bookmark in ["/Title (1 Inverted dropout)", "/Title (1.1 The ablation)", "/Title (Exercises)"] {
            #expect(raw.contains(bookmark), "no bookmark \(bookmark)")
        }
    }

    @Test("the figure is on the page its destination says, and the table is not split from its caption")
    func floatsLandWhereDestinationsSay() throws {
        let destinations = try PDFTools.destinations(of: url)
        let figurePage = try #require(destinations["c1-figure-1"])
        #expect(try PDFTools.text(of: url, page: figurePage).contains("Figure 1: Validation loss"))
        let tablePage = try #require(destinations["c1-table-1"])
        let tableText = try PDFTools.text(of: url, page: tablePage)
        #expect(tableText.contains("Table 1:") && tableText.contains("0.75 93.0 % 92.4 % 0.6"))
    }

    @Test("the same document gives a byte-identical PDF")
    func reproducible() throws {
        let second = directory.appendingPathComponent("again.pdf")
        try PDFTypesetter().write(SampleDocuments.lesson(), to: second)
        #expect(try Data(contentsOf: url) == Data(contentsOf: second))
    }

    @Test("only the PDF is left in the folder: the temporary file was renamed")
    func noTemporaryFilesLeft() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!names.contains { $0.hasSuffix(".partial") })
    }
}

@Suite(.serialized) struct CourseTypesettingTests {
    let url: URL
    let pageCount: Int

    init() throws {
        url = try temporaryDirectory().appendingPathComponent("course.pdf")
        pageCount = try PDFTypesetter().write(SampleDocuments.course(), to: url)
    }

    @Test("title page, then contents, then chapters numbered across the course")
    func structure() throws {
        #expect(try PDFTools.text(of: url, page: 1).contains("Regularization in Deep Learning"))
        #expect(try !PDFTools.text(of: url, page: 1).contains("Contents"))
        let contents = try PDFTools.text(of: url, page: 2)
        #expect(contents.hasPrefix("Contents"))
        let text = try PDFTools.text(of: url)
        let (inOrder, missing) = text.containsInOrder([
            "CHAPTER 1 Dropout", "1.1 Inverted dropout", "See Figure 1.1, Table 1.1 and Equation (1.1)",
            "CHAPTER 2 Weight decay", "2.1 Inverted dropout", "See Figure 2.1, Table 2.1 and Equation (2.1)",
            "Exercise 2.1: Implement the forward pass",
            "CHAPTER 3 Batch normalisation", "Index of exercises", "Colophon",
        ])
        #expect(inOrder, "missing or out of order: \(missing ?? "")")
    }

    @Test("the page numbers in the contents and the exercise index are the real ones")
    func contentsPageNumbers() throws {
        let contents = try PDFTools.text(of: url, page: 2, keepingLayout: true)
        let destinations = try PDFTools.destinations(of: url)
        for (index, title) in ["Dropout", "Weight decay", "Batch normalisation"].enumerated() {
            let page = try #require(destinations["c\(index + 1)-chapter-\(index + 1)"])
            #expect(contents.contains("\(index + 1) \(title) \(page)"), "contents lack '\(title) \(page)'")
            #expect(try PDFTools.text(of: url, page: page).contains("CHAPTER \(index + 1) \(title)"))
        }
        let indexPage = try #require(destinations["exercises"])
        let exerciseIndex = try PDFTools.text(of: url, page: indexPage, keepingLayout: true)
        for chapter in 1...3 {
            let page = try #require(destinations["c\(chapter)-exercise-\(chapter).1"])
            #expect(exerciseIndex.contains("\(chapter).1 Implement the forward pass dropout-forward \(page)"))
            #expect(try PDFTools.text(of: url, page: page).contains("Exercise \(chapter).1"))
        }
    }

    @Test("chapters are top-level bookmarks with their sections below them; links in the contents work")
    func bookmarks() throws {
        let raw = try PDFTools.raw(url)
        for bookmark in ["/Title (Contents)", "/Title (1 Dropout)", "/Title (2.1 Inverted dropout)",
                         "/Title (3.1.1 The ablation)", "/Title (Index of exercises)"] {
            #expect(raw.contains(bookmark), "no bookmark \(bookmark)")
        }
        for link in ["/Dest (c2-chapter-2)", "/Dest (c3-section-3.1)", "/Dest (c1-exercise-1.1)", "/Dest (exercises)"] {
            #expect(raw.contains(link), "no link \(link)")
        }
    }

    @Test("a real Plots figure is drawn as vector graphics with its labels as text")
    func plotsFigure() throws {
        let text = try PDFTools.text(of: url)
        #expect(text.contains("Figure 2.2: Training and validation loss"))
        #expect(text.contains("epoch"))
    }
}

/// A fresh folder for a test's PDFs; `TYPESETTING_PREVIEW=/some/folder` keeps them there to look at.
func temporaryDirectory() throws -> URL {
    if let preview = ProcessInfo.processInfo.environment["TYPESETTING_PREVIEW"] {
        let url = URL(fileURLWithPath: preview)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("typesetting-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct LongTableTests {
    @Test("a table longer than a page breaks between rows and repeats its header")
    func longTable() throws {
        let rows: [[[Inline]]] = (1...120).map { [[.text("epoch \($0)")], [.text(String(format: "%.3f", 1 / Double($0)))]] }
        let document = Document(title: "Long", chapters: [Chapter(title: "Long", blocks: [
            .paragraph([.text("Before the table.")]),
            .table(TableBlock(header: [[.text("epoch")], [.text("loss")]], rows: rows, alignments: [.left, .right],
                              caption: [.text("Loss per epoch.")])),
            .paragraph([.text("After the table.")]),
        ])])
        let url = try temporaryDirectory().appendingPathComponent("long-table.pdf")
        let pages = try PDFTypesetter().write(document, to: url)
        #expect(pages >= 3)
        let text = try PDFTools.text(of: url, keepingLayout: true)
        let (inOrder, missing) = text.containsInOrder(
            ["Before the table.", "Table 1: Loss per epoch.", "epoch loss", "epoch 1 1.000"]
                + (2...120).map { "epoch \($0) " } + ["After the table."])
        #expect(text.contains("Table 1 (continued)"))
        #expect(inOrder, "missing or out of order: \(missing ?? "")")
        for page in 2...pages {
            let pageText = try PDFTools.text(of: url, page: page, keepingLayout: true)
            if pageText.contains("epoch 1") { #expect(pageText.contains("epoch loss"), "page \(page) lacks the header") }
        }
    }
}
