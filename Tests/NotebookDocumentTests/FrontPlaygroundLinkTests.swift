import Testing

@testable import NotebookDocument

/// A figure the playground can rerun carries a link to it at the end of its caption; others do not.
struct FrontPlaygroundLinkTests {
    func figureCaption(links: [String: String]) throws -> [Inline] {
        var context = LessonAssembler.Context(
            file: "lessons/test.md", results: sampleResults(), snippets: try snippetsForTests(), seed: 7, quick: false)
        context.playgroundLinks = links
        let output = try LessonAssembler(context: context).assemble(":::{figure} curves\nThe curves.\n:::\n")
        for block in output.blocks {
            if case .figure(let figure) = block { return figure.caption }
        }
        Issue.record("no figure in \(output.blocks)")
        return []
    }

    @Test func aLinkedFigureEndsItsCaptionWithThePlaygroundLink() throws {
        let url = "http://127.0.0.1:8765/?dataset=digits&dropout=0.5"
        let caption = try figureCaption(links: ["curves": url, "other": "http://127.0.0.1:8765/?x"])
        let links = caption.compactMap { inline -> String? in
            if case .link(let target, let content) = inline, content.map(\.plainText).joined() == "Try a run like this in the playground" {
                return target
            }
            return nil
        }
        #expect(links == [url])
        // After the configuration, so the caption still says what ran.
        #expect(caption.map(\.plainText).joined().hasPrefix("The curves. (digits, seed 7, 40 epochs) Try a run like this"))
    }

    @Test func anUnlinkedFigureHasNoLink() throws {
        let caption = try figureCaption(links: ["something-else": "http://127.0.0.1:8765/?x"])
        #expect(!caption.contains { if case .link = $0 { return true } else { return false } })
    }
}
