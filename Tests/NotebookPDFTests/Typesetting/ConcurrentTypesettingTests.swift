import Foundation
import Testing

@testable import NotebookDocument
@testable import NotebookPDF

/// Two documents typeset at the same time on several threads must give the bytes each gives
/// alone: a lesson's PDF may not depend on what else the process is typesetting (`course --jobs 2`,
/// see `PangoLayoutLock` for the Pango race this guards against).
@Suite struct ConcurrentTypesettingTests {
    /// Two different small documents: the sample lesson and a second one with other text, other
    /// formulas and a Plots figure (so the two share fonts, but not glyphs or pages).
    static func documents() -> [Document] {
        var other = SampleDocuments.fullChapter(title: "Weight decay", figureLabel: "fig-decay", includeLongCode: false)
        other.blocks.append(.figure(FigureBlock(
            drawing: SampleDocuments.lossFigure(), caption: [.text("Training and validation loss, λ = 10⁻⁴.")],
            label: "fig-plots")))
        other.blocks.append(.displayMath(DisplayMath(formula(#"\hat{w} = \arg\min_w \frac{1}{n} \sum_{i=1}^{n} \ell_i + \frac{\lambda}{2} \|w\|^2"#))))
        let second = Document(
            kind: .lesson, title: "Weight decay", subtitle: "Shrinking weights towards zero", authors: ["Regularize"],
            chapters: [other], metadata: SampleDocuments.metadata)
        return [SampleDocuments.lesson(), second]
    }

    /// Threads per round: each document twice, so that four layouts compete for two cores.
    static let threads = 4

    static func typeset(_ document: Document, into folder: URL, name: String) throws -> Data {
        let url = folder.appendingPathComponent(name)
        try PDFTypesetter().write(document, to: url)
        return try Data(contentsOf: url)
    }

    @Test("two documents typeset at once on four threads, many times, give the bytes each gives alone")
    func concurrentTypesettingIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("concurrent-typesetting-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if ProcessInfo.processInfo.environment["KEEP_PDFS"] == nil { try? FileManager.default.removeItem(at: folder) } }
        let documents = Self.documents()
        let serial = try documents.enumerated().map { try Self.typeset($0.element, into: folder, name: "serial-\($0.offset).pdf") }
        #expect(serial[0] != serial[1])

        // Without `PangoLayoutLock`, 8 rounds showed other bytes in 3 runs out of 3.
        let rounds = 8
        let results = Results(count: rounds * Self.threads)
        for round in 0..<rounds {
            let done = DispatchGroup()
            for slot in 0..<(Self.threads) {
                let index = slot % documents.count
                done.enter()
                Thread.detachNewThread {
                    results.set(round * Self.threads + slot, Result {
                        try Self.typeset(documents[index], into: folder, name: "round-\(round)-\(slot).pdf")
                    })
                    done.leave()
                }
            }
            done.wait()
        }
        for round in 0..<rounds {
            for slot in 0..<Self.threads {
                let index = slot % documents.count
                let bytes = try results.get(round * Self.threads + slot).get()
                #expect(bytes == serial[index], "round \(round): document \(index) has \(bytes.count) bytes, alone \(serial[index].count)")
            }
        }
    }

    /// Thread-safe slots for the threads' results.
    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Result<Data, any Error>?]
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: Result<Data, any Error>) { lock.withLock { slots[index] = value } }
        func get(_ index: Int) -> Result<Data, any Error> { lock.withLock { slots[index]! } }
    }
}
