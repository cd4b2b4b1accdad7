import NotebookDocument

import Foundation

/// Running a lesson's declared experiments: choosing them (`--only`), configuring them (`--set`),
/// listing them (`--list`), and the claims list at the end of the lesson.
extension LessonBuilder {
    /// The experiments of one build, chosen and configured from the options before anything runs,
    /// so that a misspelt `--only` or `--set` fails at once.
    public struct ExperimentPlan {
        /// Every declared experiment with its settings after `--set`.
        public var sheets: [String: SettingsSheet]
        /// The experiments that run, in plan order (the `--only` ones and those they require).
        public var selected: [Experiment]
        /// The experiments left out by `--only`.
        public var skipped: [Experiment]
        /// Section labels whose every experiment was left out, with those experiments' ids.
        public var omittedSections: [String: [String]]
        /// The `--only` arguments, for the notes in the text.
        public var only: [String]
    }

    /// Resolves `--only` and `--set` against the lesson's declared experiments.
    public func plan(for lesson: LessonDefinition) throws -> ExperimentPlan {
        let ids = lesson.plan.map(\.id)
        if lesson.plan.isEmpty && (!options.only.isEmpty || !options.overrides.isEmpty) {
            throw LessonBuildError.badSelection(
                "lesson '\(lesson.name)' does not declare its experiments yet, so --only and --set cannot choose among them; run it without them")
        }
        func unknown(_ id: String, _ option: String) -> LessonBuildError {
            LessonBuildError.badSelection(
                "\(option): lesson '\(lesson.name)' has no experiment `\(id)`\(NameSuggestions.hint(for: id, in: ids)); its experiments are \(ids.map { "`\($0)`" }.joined(separator: ", ")) (see --list)")
        }
        var sheets: [String: SettingsSheet] = [:]
        for experiment in lesson.plan { sheets[experiment.id] = experiment.settings(quick: options.quick) }
        for (experiment, setting, value) in options.settingOverrides {
            guard sheets[experiment] != nil else { throw unknown(experiment, "--set \(experiment).\(setting)=\(value)") }
            do {
                try sheets[experiment]!.set(setting, to: value)
            } catch {
                throw LessonBuildError.badSelection("\(error)")
            }
        }
        var chosen = Set(options.only)
        for id in options.only where !ids.contains(id) { throw unknown(id, "--only \(id)") }
        if chosen.isEmpty { chosen = Set(ids) }
        // The experiments the chosen ones require, transitively (requirements come earlier).
        for experiment in lesson.plan.reversed() where chosen.contains(experiment.id) {
            chosen.formUnion(experiment.requires)
        }
        let selected = lesson.plan.filter { chosen.contains($0.id) }
        let skipped = lesson.plan.filter { !chosen.contains($0.id) }
        let keptSections = Set(selected.map(\.section))
        var omitted: [String: [String]] = [:]
        for experiment in skipped where !keptSections.contains(experiment.section) {
            omitted[experiment.section, default: []].append(experiment.id)
        }
        return ExperimentPlan(
            sheets: sheets, selected: selected, skipped: skipped, omittedSections: omitted, only: options.only)
    }

    /// Runs the lesson's experiments (as `--only` and `--set` choose) without the text: the
    /// results and claims of a run, and the experiments' typed products, for tests and the audit.
    public func runExperiments(_ lesson: LessonDefinition) throws -> (results: ResultsStore, products: ExperimentProducts) {
        let results = ResultsStore(lesson: lesson.name)
        if lesson.plan.isEmpty {
            let context = ExperimentContext(
                lesson: lesson.name, quick: options.quick, seed: options.seed, results: results, reporter: reporter,
                jobs: options.concurrentRuns)
            do {
                try lesson.experiments(context)
            } catch {
                throw LessonBuildError.experimentsFailed(lesson: lesson.name, underlying: "\(error)")
            }
            return (results, ExperimentProducts())
        }
        let products = try run(try plan(for: lesson), of: lesson, into: results)
        return (results, products)
    }

    /// Runs the planned experiments in order, each recording into `results` under its id.
    @discardableResult
    func run(_ plan: ExperimentPlan, of lesson: LessonDefinition, into results: ResultsStore) throws -> ExperimentProducts {
        let products = ExperimentProducts()
        results.settings = plan.sheets
        for experiment in plan.selected {
            let sheet = plan.sheets[experiment.id]!
            let changed = sheet.overrides.map { "\($0.name) = \($0.value)" }
            reporter.section(
                "\(experiment.id): \(experiment.summary)" + (changed.isEmpty ? "" : " [set: \(changed.joined(separator: ", "))]"))
            results.currentExperiment = experiment.id
            defer { results.currentExperiment = nil }
            let context = ExperimentContext(
                lesson: lesson.name, quick: options.quick, seed: options.seed, results: results, reporter: reporter,
                experiment: experiment.id, jobs: options.concurrentRuns, products: products)
            do {
                try experiment.run(sheet, context: context)
            } catch {
                throw LessonBuildError.experimentsFailed(lesson: lesson.name, underlying: "experiment `\(experiment.id)`: \(error)")
            }
        }
        return products
    }

    /// The `experiments` object of results.json.
    func experimentEntries(_ plan: ExperimentPlan, of lesson: LessonDefinition, results: ResultsStore)
        -> [String: ResultsFile.ExperimentEntry]
    {
        var entries: [String: ResultsFile.ExperimentEntry] = [:]
        let ran = Set(plan.selected.map(\.id))
        for experiment in lesson.plan {
            let sheet = plan.sheets[experiment.id]!
            entries[experiment.id] = ResultsFile.ExperimentEntry(
                section: experiment.section, summary: experiment.summary, ran: ran.contains(experiment.id),
                runSeeds: results.runSeeds[experiment.id] ?? [], settings: sheet.entries,
                overrides: Dictionary(uniqueKeysWithValues: sheet.overrides.map { ($0.name, $0.value) }))
        }
        return entries
    }

    /// What `--list` prints: each experiment (section, id, one line) and its settings with their
    /// values, types and allowed ranges, after `--set` (a changed value shows its default).
    public func listing(_ lesson: LessonDefinition) throws -> String {
        guard !lesson.plan.isEmpty else {
            return "lesson '\(lesson.name)' does not declare its experiments yet: it runs as a whole.\n"
        }
        let plan = try plan(for: lesson)
        var lines = ["Experiments of lesson '\(lesson.name)' (\(options.quick ? "quick" : "full") run; --only <id>, --set <id>.<setting>=<value>):"]
        for experiment in lesson.plan {
            lines.append("")
            let requires = experiment.requires.isEmpty ? "" : "  (requires \(experiment.requires.joined(separator: ", ")))"
            lines.append("\(experiment.id)  [section \(experiment.section)]\(requires)")
            lines.append("  \(experiment.summary)")
            let entries = plan.sheets[experiment.id]!.entries
            let nameWidth = entries.map(\.name.count).max() ?? 0
            let valueWidth = entries.map(\.value.count).max() ?? 0
            for entry in entries {
                let name = entry.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                let value = entry.value.padding(toLength: valueWidth, withPad: " ", startingAt: 0)
                let changed = entry.overridden ? "  (default \(entry.defaultValue))" : ""
                lines.append("    \(name) = \(value)  \(entry.type), \(entry.range): \(entry.summary)\(changed)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The lesson's closing list: each claim, its verdict in this run and the evidence; with an
    /// audit (`audit` not empty), also how many of the audited seeds it held on.
    static func claimsSection(
        _ claims: [Claim], statements: [String: String], audit: [String: ClaimAuditRecord] = [:]
    ) -> [Block] {
        guard !claims.isEmpty else { return [] }
        let counts = ClaimVerdict.allCases.map { verdict in
            "\(claims.filter { $0.verdict == verdict }.count) \(verdict.rawValue)"
        }.joined(separator: ", ")
        let rows: [[[Inline]]] = claims.map { claim in
            var row: [[Inline]] = [
                [.code(claim.id)], [.strong([.text(claim.verdict.rawValue)])],
                [.text(claim.evidence.measure + ": " + claim.evidence.summary
                    + (statements[claim.id] == nil ? " (not stated in the text)" : ""))],
            ]
            if !audit.isEmpty {
                let record = audit[claim.id]
                row.append([.text(record.map { $0.count + ($0.isOpen ? ", open" : "") } ?? "not audited")])
            }
            return row
        }
        var header: [[Inline]] = [[.text("claim")], [.text("verdict")], [.text("evidence (per-run values: mean, standard error, runs agreeing)")]]
        var alignments: [TableBlock.Alignment] = [.left, .left, .left]
        var explanation = "Every comparison in this lesson is a claim the run evaluated; the text printed the sentence for each claim's verdict. This run: \(counts). The rules are in docs/lesson-format.md; results.json lists the values and seeds behind each verdict."
        if let seeds = audit.values.first?.seeds {
            let open = claims.filter { audit[$0.id]?.isOpen == true }.count
            header.append([.text("audit: held on")])
            alignments.append(.left)
            explanation += " The last column is the course's claims audit (the same experiments at \(seeds) independent base seeds; the course's appendix has the ledger): \(open) of these claims held on fewer than \(Int(ClaimAuditRecord.requiredHoldRate * 100)) % of the seeds, so where they hold here the text calls them open results."
        }
        return [
            .heading(Heading(level: 1, [.text("Claims in this run")], label: "sec-claims", numbered: false)),
            .paragraph([.text(explanation)]),
            .table(
                TableBlock(
                    header: header, rows: rows, alignments: alignments,
                    caption: [.text("The claims of this lesson and their verdicts in this run.")], label: nil)),
        ]
    }
}
