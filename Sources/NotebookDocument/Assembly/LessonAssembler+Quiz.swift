import Foundation

/// `:::{quiz}`: a quick check.
///
/// ```
/// :::{quiz}
/// :label: quiz-inference
/// What does the trained network do with its dropout layers at inference?
///
/// - [x] Keeps every unit; inverted dropout already scaled the kept ones during training.
///   Right: the expected activation is the same in both modes ({value}`eval-gap:percent.1` …).
/// - [ ] Draws a fresh mask for every prediction.
///   No: that is Monte Carlo dropout, a different use …
/// :::
/// ```
/// The question is the text before the first option; each option is a line `- [x] text` (right),
/// `- [ ] text` (wrong) or `- [claim-id: holds] text` (right when this run's verdict of the claim
/// is one of the verdicts listed), followed by its explanation, indented. A quiz bound to a claim
/// must have a right option whatever the verdict, so it stays right for any seed.
extension LessonAssembler {
    private struct QuizOptionSource {
        var marker: String
        var text: String
        var line: Int
        var explanation: [String] = []
        var explanationLine: Int?
    }

    func quiz(_ directive: Directive) -> [Block] {
        let here = directive.location
        if !directive.argument.isEmpty {
            error(here, "`{quiz}` takes no argument; put the question on the lines under the opening fence (and `:label:` for a label)")
            return []
        }
        var questionLines: [String] = []
        var options: [QuizOptionSource] = []
        var failed = false
        for (offset, line) in directive.body.enumerated() {
            let lineNumber = directive.bodyFirstLine + offset
            if let option = Self.optionLine(line) {
                options.append(QuizOptionSource(marker: option.marker, text: option.text, line: lineNumber))
            } else if line.trimmingCharacters(in: .whitespaces).isEmpty {
                if options.isEmpty { questionLines.append("") }
            } else if options.isEmpty {
                questionLines.append(line)
            } else if line.first == " " || line.first == "\t" {
                if options[options.count - 1].explanationLine == nil { options[options.count - 1].explanationLine = lineNumber }
                options[options.count - 1].explanation.append(line.trimmingCharacters(in: .whitespaces))
            } else {
                error(
                    location(lineNumber),
                    "quiz: `\(line.trimmingCharacters(in: .whitespaces).prefix(40))` is neither an option (`- [x] …`, `- [ ] …`) nor an explanation; indent an option's explanation under it")
                failed = true
            }
        }
        let questionText = questionLines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !questionText.isEmpty else {
            error(here, "the quiz has no question; write it on the lines under `:::{quiz}`, before the first option `- [x] …`")
            return []
        }
        guard options.count >= 2 else {
            error(
                here,
                "the quiz has \(options.count) option\(options.count == 1 ? "" : "s"); give at least two, as lines `- [x] right answer` and `- [ ] wrong answer`, each with its explanation indented under it")
            return []
        }
        // Which options are right in this run, and under every verdict of a bound claim.
        var boundClaim: String?
        var rightFor: [[ClaimVerdict: Bool]] = []
        for option in options {
            let marker = option.marker.trimmingCharacters(in: .whitespaces)
            if marker.isEmpty {
                rightFor.append(Dictionary(uniqueKeysWithValues: ClaimVerdict.allCases.map { ($0, false) }))
            } else if marker == "x" || marker == "X" {
                rightFor.append(Dictionary(uniqueKeysWithValues: ClaimVerdict.allCases.map { ($0, true) }))
            } else if let colon = marker.firstIndex(of: ":") {
                let id = marker[..<colon].trimmingCharacters(in: .whitespaces)
                let names = marker[marker.index(after: colon)...].split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                var verdicts: Set<ClaimVerdict> = []
                for name in names {
                    guard let verdict = ClaimVerdict(rawValue: name) else {
                        error(location(option.line), "quiz: `\(name)` is not a verdict; write `[\(id): holds]`, `mixed` or `fails` (several separated by commas)")
                        failed = true
                        continue
                    }
                    verdicts.insert(verdict)
                }
                if let bound = boundClaim, bound != id {
                    error(location(option.line), "quiz: options are bound to two claims, `\(bound)` and `\(id)`; bind a quiz to one claim")
                    failed = true
                }
                boundClaim = id
                rightFor.append(Dictionary(uniqueKeysWithValues: ClaimVerdict.allCases.map { ($0, verdicts.contains($0)) }))
            } else {
                error(
                    location(option.line),
                    "quiz: unknown option marker `[\(option.marker)]`; use `[x]` for a right option, `[ ]` for a wrong one, or `[claim-id: holds]` for one that is right when the run's claim holds")
                failed = true
                rightFor.append([:])
            }
            if option.text.isEmpty {
                error(location(option.line), "quiz: option `[\(option.marker)]` has no text; write the answer after the marker")
                failed = true
            }
            if option.explanation.isEmpty {
                error(
                    location(option.line),
                    "quiz: option `\(option.text.prefix(40))` has no explanation; indent one under it (why it is right or wrong; it may quote the run with {value})")
                failed = true
            }
        }
        guard !failed else { return [] }
        let verdict: ClaimVerdict
        if let boundClaim {
            guard let claim = context.results.claims[boundClaim] else {
                if !context.omittedSections.isEmpty { return [] }  // --only: its experiment did not run
                let hint = NameSuggestions.hint(for: boundClaim, in: context.results.claims.keys)
                error(here, "quiz: unknown claim `\(boundClaim)`\(hint); bind options to a claim the experiments record")
                return []
            }
            verdict = claim.verdict
            for case let possible in ClaimVerdict.allCases where !rightFor.contains(where: { $0[possible] == true }) {
                error(
                    here,
                    "quiz: no option is right when claim `\(boundClaim)` \(possible == .holds ? "holds" : possible == .fails ? "fails" : "is mixed"); the quiz must be right for any seed: mark an option `[\(boundClaim): \(possible.rawValue)]`")
                return []
            }
        } else {
            verdict = .holds
            guard rightFor.contains(where: { $0[.holds] == true }) else {
                error(here, "the quiz has no right answer; mark the right option(s) `- [x] …`")
                return []
            }
        }
        let question = inlines(fromMarkdown: questionText, lineOffset: directive.bodyFirstLine - 1)
        var built: [QuizBlock.Option] = []
        for (index, option) in options.enumerated() {
            let text = inlines(fromMarkdown: option.text, lineOffset: option.line - 1)
            let explanation = inlines(
                fromMarkdown: option.explanation.joined(separator: "\n"), lineOffset: (option.explanationLine ?? option.line) - 1)
            built.append(QuizBlock.Option(text: text, isRight: rightFor[index][verdict] == true, explanation: explanation))
        }
        var multiple = built.filter(\.isRight).count > 1
        if let value = directive.options["multiple"] {
            switch value.lowercased() {
            case "", "true", "yes": multiple = true
            case "false", "no":
                if multiple {
                    error(here, "quiz: `:multiple: \(value)` but \(built.filter(\.isRight).count) options are right; leave `:multiple:` out or mark one right option")
                    return []
                }
            default:
                error(here, "quiz: `:multiple: \(value)` must be `true` or `false`")
                return []
            }
        }
        let label = claim(label: directive.options["label"], at: here)
        return [.quiz(QuizBlock(question: question, options: built, multipleAnswers: multiple, label: label))]
    }

    /// `- [marker] text` → (marker, text).
    private static func optionLine(_ line: String) -> (marker: String, text: String)? {
        guard line.hasPrefix("- ["), let close = line.firstIndex(of: "]") else { return nil }
        let marker = String(line[line.index(line.startIndex, offsetBy: 3)..<close])
        let text = line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)
        return (marker, text)
    }
}
