import Testing

@testable import NotebookDocument

@Suite struct FrontLessonSourceTests {
    @Test("math survives cmark: $a*b*c$ is one formula, not emphasis")
    func mathSurvivesMarkdown() throws {
        let output = try assemble("# T\n\nThe product $a*b*c$ and $\\alpha_i$ and `$x$` stay.\n")
        let paragraph = try #require(firstParagraph(output.blocks))
        #expect(mathSources(paragraph) == ["a*b*c", #"\alpha_i"#])
        #expect(mathNodes(paragraph).last == [.scripts(base: .variable("α"), subscript: [.variable("i")], superscript: nil)])
        #expect(!paragraph.contains { if case .emphasis = $0 { return true } else { return false } })
        #expect(paragraph.contains { if case .code("$x$") = $0 { return true } else { return false } })
        #expect(paragraph.plainText.hasPrefix("The product "))
    }

    @Test("dollar amounts are not math")
    func dollarsAreNotMath() throws {
        let output = try assemble("It costs $5 and $10 today.\n")
        let paragraph = try #require(firstParagraph(output.blocks))
        #expect(mathSources(paragraph).isEmpty)
        #expect(paragraph.plainText == "It costs $5 and $10 today.")
    }

    @Test("display math becomes its own block with a label, even without blank lines")
    func displayMath() throws {
        let output = try assemble("Before\n$$\nE[y] = a\n$$ (eq-mean)\nafter {numref}`eq-mean`.\n")
        #expect(output.blocks.count == 3)
        guard case .displayMath(let math) = output.blocks[1] else {
            Issue.record("expected display math, got \(output.blocks[1])")
            return
        }
        #expect(math.label == "eq-mean")
        #expect(math.lines == [try MathFormula("E[y] = a")])
    }

    @Test("values, samples, texts and series statistics are inserted with their formats")
    func values() throws {
        let output = try assemble(
            "Acc {value}`val-accuracy:percent.1`, seeds {value}`seed-accuracies:percent.1`, best {value}`best-rate`, last {value}`val-curve:last fixed.2`.")
        let paragraph = try #require(firstParagraph(output.blocks))
        #expect(paragraph.plainText == "Acc 91.2\u{00A0}%, seeds 92.0 ± 2.0\u{00A0}%, best p = 0.5, last 0.80.")
        #expect(output.usedResults == ["val-accuracy", "seed-accuracies", "best-rate", "val-curve"])
    }

    @Test("the title, sections, labels and unnumbered headings")
    func headings() throws {
        let output = try assemble("# Dropout\n\n(sec-math)=\n## The math\n\n### Detail\n\n## Exercises {-}\n\nSee {numref}`sec-math`.")
        #expect(output.title == "Dropout")
        var headings: [Heading] = []
        for block in output.blocks { if case .heading(let heading) = block { headings.append(heading) } }
        #expect(headings.map(\.level) == [1, 2, 1])
        #expect(headings.map(\.label) == ["sec-math", nil, nil])
        #expect(headings.map(\.numbered) == [true, true, false])
        #expect(headings.map(\.content.plainText) == ["The math", "Detail", "Exercises"])
    }

    @Test("a figure directive carries the caption, the run's configuration and a label")
    func figure() throws {
        let output = try assemble(":::{figure} curves\n:label: fig-curves\n:width: 80%\nAccuracy per epoch, $p = 0.5$.\n:::\n\nSee {numref}`fig-curves`.")
        guard case .figure(let figure) = output.blocks[0] else {
            Issue.record("expected a figure, got \(output.blocks[0])")
            return
        }
        #expect(figure.label == "fig-curves")
        #expect(figure.widthFraction == 0.8)
        #expect(figure.caption.plainText == "Accuracy per epoch, p\u{00A0}=\u{00A0}0.5. (digits, seed 7, 40 epochs)")
        guard case .paragraph(let inlines) = output.blocks[1], case .reference("fig-curves")? = inlines.last(where: {
            if case .reference = $0 { return true } else { return false }
        }) else {
            Issue.record("expected a reference to fig-curves")
            return
        }
    }

    @Test("a results table is formatted per column and captioned")
    func table() throws {
        let output = try assemble(":::{table} ablation\nDropout ablation.\n:::\n")
        guard case .table(let table) = output.blocks[0] else {
            Issue.record("expected a table")
            return
        }
        #expect(table.header.map(\.plainText) == ["p", "val acc"])
        #expect(table.rows.map { $0.map(\.plainText) } == [["0.00", "88.0\u{00A0}%"], ["0.50", "91.2\u{00A0}%"]])
        #expect(table.alignments == [.right, .right])
        #expect(table.label == "ablation")
        #expect(table.caption.plainText == "Dropout ablation. (digits, 40 epochs, seed 7)")
    }

    @Test("snippets, call-outs and exercises become their blocks")
    func otherDirectives() throws {
        let source = """
            :::{snippet} dropout-forward
            :::

            ::::{pitfall} Forgetting eval()
            Text with $x$.

            :::{note}
            Nested.
            :::
            ::::

            :::{exercise} dropout-backward
            :title: Backward pass of dropout
            Write it.
            :::
            """
        let output = try assemble(source)
        #expect(output.blocks.count == 3)
        guard case .code(let code) = output.blocks[0], case .callout(let callout) = output.blocks[1],
            case .exercise(let exercise) = output.blocks[2]
        else {
            Issue.record("unexpected blocks \(output.blocks)")
            return
        }
        #expect(code.code == "let y = x * mask")
        #expect(code.source == "Sources/X/D.swift:2–2, snippet dropout-forward")
        #expect(callout.kind == .pitfall)
        #expect(callout.title?.plainText == "Forgetting eval()")
        #expect(callout.blocks.count == 2)
        #expect(exercise.identifier == "dropout-backward")
        #expect(exercise.title.plainText == "Backward pass of dropout")
        #expect(exercise.command == "swift test --filter ExerciseTests")
    }

    @Test("unknown names give file:line errors with near names")
    func unknownNames() throws {
        let source = """
            # T

            Accuracy {value}`val-acuracy:percent`.

            :::{figure} curvs
            :::

            :::{snippet} dropout-froward
            :::

            :::{takeway}
            x
            :::

            See {numref}`fig-curvs` and {nmref}`x`.

            :::{table} ablatoin
            :::
            """
        let errors = try assemblyErrors(source)
        let descriptions = errors.map(\.description)
        #expect(descriptions.count == 7)
        #expect(descriptions.contains { $0.hasPrefix("lessons/test.md:3: unknown result `val-acuracy`") && $0.contains("`val-accuracy`") })
        #expect(descriptions.contains { $0.hasPrefix("lessons/test.md:5: unknown figure `curvs`") && $0.contains("`curves`") })
        #expect(descriptions.contains { $0.hasPrefix("lessons/test.md:8: unknown snippet 'dropout-froward'") && $0.contains("`dropout-forward`") })
        #expect(descriptions.contains { $0.hasPrefix("lessons/test.md:11: unknown directive `{takeway}`") && $0.contains("`takeaway`") })
        #expect(descriptions.contains { $0.hasPrefix("lessons/test.md:15: unknown label `fig-curvs`") })
        #expect(descriptions.contains { $0.hasPrefix("lessons/test.md:15: unknown role `{nmref}`") && $0.contains("`numref`") })
        #expect(descriptions.contains { $0.hasPrefix("lessons/test.md:17: unknown table `ablatoin`") && $0.contains("`ablation`") })
    }

    @Test("bad math, formats and unclosed directives are errors at their lines")
    func otherErrors() throws {
        let errors = try assemblyErrors("Line one\n\n$\\lamda$ and {value}`val-accuracy:percentt`.\n\n:::{note}\nnever closed\n")
        let descriptions = errors.map(\.description)
        #expect(descriptions.count == 1)
        #expect(descriptions.first?.hasPrefix("lessons/test.md:5: directive `{note}` is never closed") == true)
        let more = try assemblyErrors("Line one\n\n$\\lamda$ and {value}`val-accuracy:percentt`.\n")
        #expect(more.map(\.location.line) == [3, 3])
        #expect(more.contains { $0.message.contains("\\lamda") && $0.message.contains("lambda") })
        #expect(more.contains { $0.message.contains("percentt") })
    }
}

@Suite struct FrontDirectiveFenceTests {
    @Test("directives nest with equal fences too, and a stray closing fence is an error")
    func fences() throws {
        let output = try assemble(":::{note}\nOuter.\n:::{pitfall}\nInner.\n:::\nAfter.\n:::\n")
        guard output.blocks.count == 1, case .callout(let outer) = output.blocks[0] else {
            Issue.record("expected one call-out, got \(output.blocks)")
            return
        }
        #expect(outer.kind == .note)
        #expect(outer.blocks.count == 3)
        let errors = try assemblyErrors("Text.\n\n:::\n")
        #expect(errors.map(\.description) == ["lessons/test.md:3: `:::` closes no directive; remove it, or open one with `:::{name}` above"])
    }
}

@Suite struct FrontExerciseTests {
    func assembleWithSheets(_ source: String) throws -> LessonAssembler.Output {
        var context = LessonAssembler.Context(
            file: "lessons/test.md", results: sampleResults(), snippets: try snippetsForTests(), seed: 7, quick: false)
        context.exerciseSheets = ["01-dropout.md", "06-adamw-label-smoothing.md"]
        return try LessonAssembler(context: context).assemble(source)
    }

    @Test("an exercise names a grader sheet, which the box points to")
    func sheet() throws {
        let output = try assembleWithSheets(":::{exercise} adamw\n:title: AdamW\nDo it.\n:::\n")
        guard case .exercise(let exercise) = output.blocks.first else {
            Issue.record("expected an exercise")
            return
        }
        #expect(exercise.blocks.count == 2)
        #expect(exercise.blocks.last.map { block in
            if case .paragraph(let inlines) = block { return inlines.plainText } else { return "" }
        } == "The exercise sheet is lessons/exercises/06-adamw-label-smoothing.md.")
    }

    @Test("an exercise without a sheet is an error with the near slug")
    func unknownExercise() throws {
        #expect {
            try assembleWithSheets(":::{exercise} dropuot\n:title: T\n:::\n")
        } throws: { error in
            "\(error)".contains("lessons/test.md:1: unknown exercise `dropuot` (did you mean `dropout`?)")
        }
    }
}

@Suite struct FrontEmptyInputTests {
    @Test("empty sources and empty bodies are handled, not crashed on")
    func empty() throws {
        let output = try assemble("")
        #expect(output.blocks.isEmpty)
        #expect(output.title == nil)
        let errors = try assemblyErrors(":::{note}\n:::\n")
        #expect(errors.map(\.description) == ["lessons/test.md:1: the `{note}` box is empty; write its text between the fences"])
    }
}

@Suite struct FrontRobustnessTests {
    /// Lesson sources made of the characters that mean something to the front end, in random
    /// orders: each must assemble or throw `LessonSourceErrors`, never trap or throw anything else.
    @Test("random sources assemble or fail with lesson errors, never crash")
    func randomSources() throws {
        let tokens: [String] = Array("$\\{}`:#()=*_[]|-! ~^a1p\n").map(String.init)
            + ["{value}`", "{numref}`", ":::{note}\n", ":::{figure} curves\n", "\n:::\n", "$$", "\\frac{", "\\alpha", "\n\n", "## ", "- "]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        for _ in 0..<300 {
            let length = next() % 40
            let source = (0..<length).map { _ in tokens[next() % tokens.count] }.joined()
            do {
                _ = try assemble(source)
            } catch is LessonSourceErrors {
            } catch {
                Issue.record("source \(source.debugDescription) threw \(error)")
            }
        }
    }
}
