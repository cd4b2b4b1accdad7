import Foundation
import Testing

@testable import NotebookDocument

/// `:::{explorer}`: recorded frames become an interactive figure numbered as a figure.
@Suite struct ExplorerDirectiveTests {
    static func results() -> ResultsStore {
        let results = sampleResults()
        results.record(
            explorer: ExplorerFrames(
                parameter: "dropout rate p",
                frames: [0, 0.25, 0.5].map { ExplorerFrames.Frame(value: "p = \($0)", figure: TestFigure()) },
                defaultFrame: 2),
            named: "rates", configuration: "digits, 40 epochs")
        results.record(
            explorer: ExplorerFrames(
                parameter: "mask",
                frames: [
                    .init(value: "mask 1", group: "training", figure: TestFigure()),
                    .init(value: "mask 2", group: "training", figure: TestFigure()),
                    .init(value: "all units", group: "inference", figure: TestFigure()),
                ]),
            named: "masks", configuration: "seed 3")
        return results
    }

    static func assemble(_ source: String) throws -> [Block] {
        let context = LessonAssembler.Context(
            file: "lessons/test.md", results: results(), snippets: try snippetsForTests(), seed: 7, quick: false)
        return try LessonAssembler(context: context).assemble(source).blocks
    }

    static func errors(_ source: String) -> [LessonSourceError] {
        do {
            _ = try assemble(source)
            return []
        } catch let errors as LessonSourceErrors {
            return errors.errors
        } catch {
            return [LessonSourceError(SourceLocation(file: "?", line: 0), "\(error)")]
        }
    }

    @Test("an explorer carries the recorded frames, the default frame, the printed frames and the configuration in its caption")
    func model() throws {
        let blocks = try Self.assemble("""
            # T

            See {numref}`fig-rates`.

            :::{explorer} rates
            :label: fig-rates
            :pdf-frames: 1, last
            :animate:
            Accuracy per rate.
            :::

            :::{figure} curves
            After.
            :::
            """)
        let explorer = try #require(blocks.compactMap { if case .explorer(let e) = $0 { return e } else { return nil } }.first)
        #expect(explorer.frames.map(\.value) == ["p = 0.0", "p = 0.25", "p = 0.5"])
        #expect(explorer.initialFrame == 2 && explorer.printedFrames == [0, 2] && explorer.animated)
        #expect(explorer.parameter == "dropout rate p")
        #expect(explorer.caption.plainText == "Accuracy per rate. (digits, 40 epochs, seed 7)")
        let numbering = try DocumentNumbering(Document(title: "T", chapters: [Chapter(title: "T", blocks: blocks)]))
        #expect(try numbering.resolve("fig-rates", fromChapter: 0).reference == "Figure 1")
        #expect(try numbering.resolve("curves", fromChapter: 0).reference == "Figure 2")
    }

    @Test("groups are kept in order with their frames")
    func groups() throws {
        let blocks = try Self.assemble("# T\n\n:::{explorer} masks\nMasks.\n:::\n")
        guard case .explorer(let explorer) = blocks.first else { Issue.record("no explorer"); return }
        #expect(explorer.groups.map(\.name) == ["training", "inference"])
        #expect(explorer.groups.map(\.frames) == [[0, 1], [2]])
        #expect(explorer.printedFrames == [0])
    }

    @Test("bad explorers fail with file:line and a fix", arguments: [
        ("# T\n\n:::{explorer} rate\nC.\n:::\n", "unknown explorer `rate` (did you mean `rates`?)"),
        ("# T\n\n:::{explorer} curves\nC.\n:::\n", "`curves` is a figure, not an explorer"),
        ("# T\n\n:::{explorer} rates\n:pdf-frames: 0, 4\nC.\n:::\n", "must list frame numbers between 1 and 3"),
        ("# T\n\n:::{explorer} rates\n:animate: sometimes\nC.\n:::\n", "`:animate: sometimes` must be"),
        ("# T\n\n:::{explorer}\nC.\n:::\n", "needs one explorer name"),
        ("# T\n\n:::{explorer} rates\n:slider: p\nC.\n:::\n", "has no option `:slider:`"),
    ])
    func badSource(source: String, message: String) {
        let errors = Self.errors(source)
        let match = errors.first { $0.message.contains(message) }
        #expect(match != nil, "expected “\(message)” in \(errors.map(\.description))")
        #expect(match?.location.line == 3)
    }
}
