import Foundation
import Testing

@testable import NotebookDocument

/// `:::{quiz}`: the model it builds, claim-bound answers, and every malformed source.
@Suite struct QuizDirectiveTests {
    /// Assembles `source` against the sample results plus a claim `a-beats-b` whose verdict
    /// follows `values` (all positive: holds; all negative: fails).
    static func assemble(_ source: String, claimValues: [Double] = [1, 2, 3]) throws -> LessonAssembler.Output {
        let results = sampleResults()
        results.record(claim: Claim(id: "a-beats-b", measure: "a minus b", rule: .positive(), values: claimValues, seeds: [1, 2, 3]))
        let context = LessonAssembler.Context(
            file: "lessons/test.md", results: results, snippets: try snippetsForTests(), seed: 7, quick: false)
        return try LessonAssembler(context: context).assemble(source)
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

    static func quizzes(_ blocks: [Block]) -> [QuizBlock] {
        blocks.compactMap { if case .quiz(let quiz) = $0 { return quiz } else { return nil } }
    }

    @Test("a quiz becomes a question, options with their explanations and which are right; values are the run's")
    func model() throws {
        let output = try Self.assemble("""
            # T

            :::{quiz}
            :label: quiz-rate
            Which rate did *best* in this run?
            - [ ] p = 0
              No: it reached {value}`val-accuracy:percent.1` only.
            - [x] p = 0.5
              Yes, {value}`best-rate`.
            :::
            """)
        let quiz = try #require(Self.quizzes(output.blocks).first)
        #expect(quiz.label == "quiz-rate")
        #expect(quiz.question.plainText == "Which rate did best in this run?")
        #expect(quiz.options.map(\.isRight) == [false, true])
        #expect(quiz.options.map(\.text.plainText) == ["p = 0", "p = 0.5"])
        #expect(quiz.options[0].explanation.plainText == "No: it reached 91.2\u{00A0}% only.")
        #expect(quiz.options[1].explanation.plainText == "Yes, p = 0.5.")
        #expect(!quiz.multipleAnswers)
        let numbering = try DocumentNumbering(Document(title: "T", chapters: [Chapter(title: "T", blocks: output.blocks)]))
        let entry = try numbering.resolve("quiz-rate", fromChapter: 0)
        #expect(entry.kind == .quiz && entry.reference == "Quick check 1")
    }

    @Test("two right options make checkboxes; :multiple: forces them")
    func multiple() throws {
        let two = try Self.assemble("# T\n\n:::{quiz}\nQ?\n- [x] a\n  why a\n- [X] b\n  why b\n- [ ] c\n  why c\n:::\n")
        #expect(Self.quizzes(two.blocks).first?.multipleAnswers == true)
        let forced = try Self.assemble("# T\n\n:::{quiz}\n:multiple: true\nQ?\n- [x] a\n  why a\n- [ ] b\n  why b\n:::\n")
        #expect(Self.quizzes(forced.blocks).first?.multipleAnswers == true)
    }

    @Test("options bound to a claim are right according to this run's verdict")
    func claimBound() throws {
        let source = """
            # T

            :::{quiz}
            Did a beat b in this run?
            - [a-beats-b: holds] Yes, on most runs.
              The claim holds.
            - [a-beats-b: mixed, fails] No, not reliably.
              The claim does not hold.
            :::
            """
        let holds = try #require(Self.quizzes(try Self.assemble(source, claimValues: [1, 2, 3]).blocks).first)
        #expect(holds.options.map(\.isRight) == [true, false])
        let fails = try #require(Self.quizzes(try Self.assemble(source, claimValues: [-1, -2, -3]).blocks).first)
        #expect(fails.options.map(\.isRight) == [false, true])
    }

    @Test("a quiz with no right answer for some verdict is refused, naming the verdict and the fix")
    func claimBoundIncomplete() {
        let errors = Self.errors("# T\n\n:::{quiz}\nQ?\n- [a-beats-b: holds] yes\n  y\n- [ ] no\n  n\n:::\n")
        #expect(errors.count == 1)
        #expect(errors.first?.description.contains("lessons/test.md:3") == true)
        #expect(errors.first?.message.contains("`a-beats-b` is mixed") == true)
        #expect(errors.first?.message.contains("[a-beats-b: mixed]") == true)
    }

    @Test("bad quizzes fail with file:line and a fix", arguments: [
        ("# T\n\n:::{quiz}\nQ?\n- [ ] a\n  why\n- [ ] b\n  why\n:::\n", 3, "no right answer; mark the right option(s) `- [x] …`"),
        ("# T\n\n:::{quiz}\n- [x] a\n  why\n- [ ] b\n  why\n:::\n", 3, "has no question"),
        ("# T\n\n:::{quiz}\nQ?\n- [x] a\n  why\n:::\n", 3, "give at least two"),
        ("# T\n\n:::{quiz}\nQ?\n- [x] a\n- [ ] b\n  why\n:::\n", 5, "has no explanation"),
        ("# T\n\n:::{quiz}\nQ?\n- [y] a\n  why\n- [x] b\n  why\n:::\n", 5, "unknown option marker `[y]`"),
        ("# T\n\n:::{quiz}\n:answer: b\nQ?\n- [x] a\n  why\n- [ ] b\n  why\n:::\n", 3, "`{quiz}` has no option `:answer:`"),
        ("# T\n\n:::{quiz}\nQ?\n- [x] a\n  why\nstray text\n- [ ] b\n  why\n:::\n", 7, "neither an option"),
        ("# T\n\n:::{quiz}\nQ?\n- [nope: holds] a\n  why\n- [nope: mixed, fails] b\n  why\n:::\n", 3, "unknown claim `nope`"),
        ("# T\n\n:::{quiz}\nQ?\n- [a-beats-b: wins] a\n  why\n- [x] b\n  why\n:::\n", 5, "`wins` is not a verdict"),
        ("# T\n\n:::{quiz}\nQ?\n- [x] a\n  {value}`val-acc`\n- [ ] b\n  why\n:::\n", 6, "unknown result `val-acc`"),
    ])
    func badSource(source: String, line: Int, message: String) {
        let errors = Self.errors(source)
        #expect(!errors.isEmpty)
        let match = errors.first { $0.message.contains(message) }
        #expect(match != nil, "expected “\(message)” in \(errors.map(\.description))")
        #expect(match?.location.line == line, "\(errors.map(\.description))")
    }
}
