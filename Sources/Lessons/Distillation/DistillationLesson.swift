import Foundation
import NeuralKit
import Notebook
import NotebookDocument

/// The distillation lesson: `lessons/distillation.md` and the experiments behind every number in it.
public enum DistillationLesson {
    public static let definition = LessonDefinition(
        name: "distillation", title: "Knowledge distillation",
        subtitle: "Soft labels, temperature, transfer sets, privileged teachers, self-distillation and label smoothing",
        plan: [
            Experiment(
                id: "teachers", section: "sec-setting",
                summary: "per run: a digits pool, teachers on all its labels (an ensemble) and one on the student's labels",
                settings: DigitsTeachers.Settings.self
            ) { settings, context in
                let result = try DigitsTeachers.run(
                    settings, seeds: context.runSeeds(settings.runs), baseSeed: context.seed, jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordTeachers(result, in: context.results)
            },
            Experiment(
                id: "temperature-view", section: "sec-soft-targets",
                summary: "the teachers' distributions softened by temperature T",
                requires: ["teachers"], settings: TemperatureView.Settings.self
            ) { settings, context in
                let teachers = try context.products.get(DigitsTeachers.Result.self, for: "temperature-view")
                let result = try TemperatureView.run(settings, teachers: teachers)
                context.products.store(result)
                recordTemperature(result, teachers: teachers, in: context.results)
                for claim in DistillationClaims.temperature(result, seeds: teachers.seeds) {
                    context.results.record(claim: claim)
                }
            },
            Experiment(
                id: "gradient-scale", section: "sec-loss",
                summary: "the soft term's gradient norm against T, with and without the T² factor",
                requires: ["teachers"], settings: GradientScale.Settings.self
            ) { settings, context in
                let teachers = try context.products.get(DigitsTeachers.Result.self, for: "gradient-scale")
                let result = try GradientScale.run(
                    settings, teachers: teachers, seeds: context.runSeeds(teachers.runs.count))
                context.products.store(result)
                recordGradientScale(result, teachers: teachers, in: context.results)
                for claim in DistillationClaims.gradientScale(result) { context.results.record(claim: claim) }
            },
            Experiment(
                id: "comparison", section: "sec-comparison",
                summary: "seven students per run (labels only, same-label and all-label teachers, all labels) at two budgets",
                requires: ["teachers"], settings: TransferComparison.Settings.self
            ) { settings, context in
                let teachers = try context.products.get(DigitsTeachers.Result.self, for: "comparison")
                let result = try TransferComparison.run(
                    settings, teachers: teachers, seeds: context.runSeeds(teachers.runs.count), jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordComparison(result, teachers: teachers, in: context.results)
                for claim in DistillationClaims.comparison(result) { context.results.record(claim: claim) }
                context.reporter.summarize(
                    "labels only \(percent(result.long(.hardLabels).mean)), same-label teacher with transfer set "
                        + "\(percent(result.long(.sameLabelTransfer).mean)), all-label teacher with transfer set "
                        + "\(percent(result.long(.fullTransfer).mean)), all labels \(percent(result.long(.allLabels).mean))")
            },
            Experiment(
                id: "sweep", section: "sec-sweep",
                summary: "a grid of T and α, same-label teacher, transfer set",
                requires: ["teachers", "comparison"], settings: TemperatureAlphaSweep.Settings.self
            ) { settings, context in
                let teachers = try context.products.get(DigitsTeachers.Result.self, for: "sweep")
                let comparison = try context.products.get(TransferComparison.Result.self, for: "sweep")
                let result = try TemperatureAlphaSweep.run(
                    settings, teachers: teachers, comparison: comparison, jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordSweep(result, teachers: teachers, comparison: comparison, in: context.results)
                for claim in DistillationClaims.sweep(result, comparison: comparison) {
                    context.results.record(claim: claim)
                }
            },
            Experiment(
                id: "moons", section: "sec-moons",
                summary: "decision boundaries of teachers and students on two moons",
                settings: MoonsBoundaries.Settings.self
            ) { settings, context in
                let result = try MoonsBoundaries.run(
                    settings, seeds: context.runSeeds(settings.runs), jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordMoons(result, baseSeed: context.seed, in: context.results)
                for claim in DistillationClaims.moons(result) { context.results.record(claim: claim) }
            },
            Experiment(
                id: "self-distillation", section: "sec-self-distillation",
                summary: "a student-size teacher teaches a fresh copy of itself on the labelled digits",
                requires: ["teachers"], settings: SelfDistillation.Settings.self
            ) { settings, context in
                let teachers = try context.products.get(DigitsTeachers.Result.self, for: "self-distillation")
                let result = try SelfDistillation.run(
                    settings, teachers: teachers, seeds: context.runSeeds(teachers.runs.count), jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordSelfDistillation(result, teachers: teachers, in: context.results)
                for claim in DistillationClaims.selfDistillation(result) { context.results.record(claim: claim) }
            },
            Experiment(
                id: "calibration", section: "sec-calibration",
                summary: "confidence and ECE of the students, label smoothing among them",
                requires: ["teachers", "comparison"], settings: Calibration.Settings.self
            ) { settings, context in
                let teachers = try context.products.get(DigitsTeachers.Result.self, for: "calibration")
                let comparison = try context.products.get(TransferComparison.Result.self, for: "calibration")
                let result = try Calibration.run(
                    settings, comparison: comparison, teachers: teachers, jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordCalibration(result, teachers: teachers, comparison: comparison, in: context.results)
                for claim in DistillationClaims.calibration(result) { context.results.record(claim: claim) }
            },
        ])

    static func percent(_ value: Double) -> String { "\((value * 1000).rounded() / 10) %" }

    // MARK: - Recording

    static func recordTeachers(_ result: DigitsTeachers.Result, in store: ResultsStore) {
        let setup = result.configuration
        let caption = setup.caption(seed: result.baseSeed)
        store.record("run-count", setup.runs, configuration: caption)
        store.record("pool-count", setup.poolCount, configuration: caption)
        store.record("labeled-count", setup.labeledCount, configuration: caption)
        store.record("transfer-count", setup.transferCount, configuration: caption)
        store.record("label-ratio", Double(setup.poolCount) / Double(setup.labeledCount), configuration: caption)
        store.record("validation-count", setup.validationCount, configuration: caption)
        store.record("ensemble-size", setup.ensembleSize, configuration: caption)
        store.record(
            "teacher-architecture", text: setup.teacherSizes.map(String.init).joined(separator: "–"), configuration: caption)
        store.record(
            "student-architecture", text: setup.studentSizes.map(String.init).joined(separator: "–"), configuration: caption)
        store.record("teacher-steps", setup.teacherSteps, configuration: caption)
        store.record("teacher-accuracy", result.teacherAccuracy, configuration: caption)
        store.record("ensemble-accuracy", result.ensembleAccuracy, configuration: caption)
        store.record("same-label-teacher-accuracy", result.sameLabelAccuracy, configuration: caption)
        store.record("teacher-train-confidence", result.teacherTrainingConfidence, configuration: caption)
    }

    static func recordTemperature(
        _ view: TemperatureView.Result, teachers: DigitsTeachers.Result, in store: ResultsStore
    ) {
        let caption = teachers.configuration.caption(seed: teachers.baseSeed)
            + "; single teacher of run 1, validation digit \(view.exampleIndex); T ∈ {"
            + view.configuration.barTemperatures.map(formatNumber).joined(separator: ", ") + "}"
        let last = view.distributions.count - 1
        store.record("bar-tmax", view.highestBarTemperature, configuration: caption)
        store.record("example-label", view.exampleLabel, configuration: caption)
        store.record("runner-up", view.runnerUp, configuration: caption)
        store.record("runner-up-t1", view.runnerUpProbabilities[0], configuration: caption)
        store.record("runner-up-tmax", view.runnerUpProbabilities[last], configuration: caption)
        store.record("true-class-t1", view.distributions[0][view.exampleLabel], configuration: caption)
        store.record("true-class-tmax", view.distributions[last][view.exampleLabel], configuration: caption)
        store.record("wrong-mass-t1", view.wrongMassAtOne, configuration: caption)
        store.record("entropy-t1", view.entropyAtOne, configuration: caption)
        store.record("entropy-tmax", view.entropyAtHighest, configuration: caption)
        store.record("ensemble-entropy-t1", view.ensembleEntropyAtOne, configuration: caption)
        store.record("max-entropy", log(10.0), configuration: caption)
        store.record(figure: DistillationFigures.temperature(view), named: "soft-targets", configuration: caption)
    }

    static func recordGradientScale(
        _ scale: GradientScale.Result, teachers: DigitsTeachers.Result, in store: ResultsStore
    ) {
        let caption = "untrained students \(teachers.configuration.studentSizes.map(String.init).joined(separator: "-")) "
            + "against each run's single teacher on the \(teachers.configuration.poolCount) pool digits, "
            + "T ∈ {\(scale.temperatures.map(formatNumber).joined(separator: ", "))}, "
            + SeedStream.captionForm(base: teachers.baseSeed, runs: scale.seeds.count)
        store.record("norm-ratio-with", scale.ratio(scale.withFactor), configuration: caption)
        store.record("norm-ratio-without", scale.ratio(scale.withoutFactor), configuration: caption)
        store.record("largest-gradient-t", scale.temperatures.last!, configuration: caption)
        store.record("reference-gradient-t", scale.configuration.referenceTemperature, configuration: caption)
        store.record(figure: DistillationFigures.gradientScale(scale), named: "gradient-scale", configuration: caption)
    }

    static func comparisonCaption(_ result: TransferComparison.Result, teachers: DigitsTeachers.Result) -> String {
        let c = result.configuration
        return teachers.configuration.caption(seed: teachers.baseSeed)
            + "; students T = \(formatNumber(c.temperature)), α = \(formatNumber(c.alpha)), \(c.shortSteps) and \(c.longSteps) steps"
    }

    static func recordComparison(
        _ comparison: TransferComparison.Result, teachers: DigitsTeachers.Result, in store: ResultsStore
    ) {
        let cc = comparison.configuration
        let caption = comparisonCaption(comparison, teachers: teachers)
        store.record("temperature", cc.temperature, configuration: caption)
        store.record("alpha", cc.alpha, configuration: caption)
        store.record("short-steps", cc.shortSteps, configuration: caption)
        store.record("long-steps", cc.longSteps, configuration: caption)
        let keys: [TransferComparison.Condition: String] = [
            .hardLabels: "hard", .sameLabelLabeled: "same-labeled", .sameLabelTransfer: "same-transfer",
            .fullLabeled: "full-labeled", .fullTransfer: "full-transfer", .ensembleTransfer: "ensemble-transfer",
            .allLabels: "all-labels",
        ]
        for condition in TransferComparison.Condition.allCases {
            store.record("\(keys[condition]!)-short", comparison.short(condition), configuration: caption)
            store.record("\(keys[condition]!)-long", comparison.long(condition), configuration: caption)
        }
        let hard = comparison.long(.hardLabels)
        for condition in TransferComparison.Condition.allCases where condition != .hardLabels {
            store.record("\(keys[condition]!)-gain", comparison.long(condition) - hard, configuration: caption)
        }
        store.record(
            "privileged-extra", comparison.long(.fullTransfer) - comparison.long(.sameLabelTransfer), configuration: caption)
        store.record("full-transfer-short-gain", comparison.short(.fullTransfer) - comparison.short(.hardLabels), configuration: caption)
        store.record(
            table: "comparison-table",
            ResultTable(
                columns: [
                    .init("student"), .init("teacher saw"), .init("student sees"),
                    .init("\(cc.shortSteps) steps", format: "mean-std percent.1"),
                    .init("\(cc.longSteps) steps", format: "mean-std percent.1"),
                ],
                rows: TransferComparison.Condition.allCases.map { condition in
                    let (teacher, student) = informationColumns(condition, teachers: teachers.configuration)
                    return [
                        .text("\(condition.shortTitle): \(condition.rawValue)"), .text(teacher), .text(student),
                        .sample(comparison.short(condition).values), .sample(comparison.long(condition).values),
                    ]
                }),
            configuration: caption)
        store.record(
            figure: DistillationFigures.comparison(comparison, teachers: teachers), named: "comparison", configuration: caption)
    }

    /// What the teacher was trained on and what the student sees, for the comparison table.
    static func informationColumns(
        _ condition: TransferComparison.Condition, teachers: DigitsTeachers.Settings
    ) -> (String, String) {
        let few = "\(teachers.labeledCount) labels", all = "\(teachers.poolCount) labels"
        let labeledInputs = "\(teachers.labeledCount) labelled digits"
        let pool = "\(teachers.labeledCount) labelled + \(teachers.transferCount) unlabelled"
        switch condition {
        case .hardLabels: return ("—", labeledInputs)
        case .sameLabelLabeled: return (few, labeledInputs)
        case .sameLabelTransfer: return (few, pool)
        case .fullLabeled: return (all, labeledInputs)
        case .fullTransfer: return (all, pool)
        case .ensembleTransfer: return ("\(all) (×\(teachers.ensembleSize))", pool)
        case .allLabels: return ("—", "\(teachers.poolCount) labelled digits")
        }
    }

    static func recordSweep(
        _ sweep: TemperatureAlphaSweep.Result, teachers: DigitsTeachers.Result, comparison: TransferComparison.Result,
        in store: ResultsStore
    ) {
        let sc = sweep.configuration
        let caption = teachers.configuration.caption(seed: teachers.baseSeed)
            + "; transfer set, same-label teacher, \(sweep.steps) steps; "
            + "T ∈ {\(sc.temperatures.map(formatNumber).joined(separator: ", "))}, "
            + "α ∈ {\(sc.alphas.map(formatNumber).joined(separator: ", "))}"
        let best = sweep.best
        let hard = comparison.long(.hardLabels)
        store.record("sweep-best-t", best.temperature, configuration: caption)
        store.record("sweep-best-alpha", best.alpha, configuration: caption)
        store.record("sweep-best", best.accuracy, configuration: caption)
        store.record("sweep-worst", sweep.worst, configuration: caption)
        store.record("sweep-spread", sweep.spreadPerRun, configuration: caption)
        store.record("sweep-mean-gain", sweep.meanPerRun - hard, configuration: caption)
        store.record("sweep-cells", sweep.cells.count, configuration: caption)
        store.record("sweep-cells-above", sweep.cells.filter { $0.mean > hard.mean }.count, configuration: caption)
        store.record(
            figure: DistillationFigures.sweep(sweep, baseline: hard), named: "sweep", configuration: caption)
    }

    static func recordMoons(_ moons: MoonsBoundaries.Result, baseSeed: UInt64, in store: ResultsStore) {
        let caption = moons.configuration.caption(seed: baseSeed)
        store.record("moons-labeled", moons.configuration.labeledCount, configuration: caption)
        store.record("moons-points", moons.configuration.pointCount, configuration: caption)
        store.record("moons-runs", moons.configuration.runs, configuration: caption)
        store.record("moons-teacher", moons.teacherAccuracy, configuration: caption)
        store.record("moons-same-label-teacher", moons.sameLabelTeacherAccuracy, configuration: caption)
        store.record("moons-hard", moons.hardAccuracy, configuration: caption)
        store.record("moons-distilled", moons.distilledAccuracy, configuration: caption)
        store.record("moons-same-label-distilled", moons.sameLabelDistilledAccuracy, configuration: caption)
        store.record(figure: DistillationFigures.moons(moons), named: "moons", configuration: caption)
    }

    static func recordSelfDistillation(
        _ result: SelfDistillation.Result, teachers: DigitsTeachers.Result, in store: ResultsStore
    ) {
        let c = result.configuration
        let caption = teachers.configuration.caption(seed: teachers.baseSeed)
            + "; same-size teacher and student on the \(teachers.configuration.labeledCount) labelled digits, "
            + "T = \(formatNumber(c.temperature)), α = \(formatNumber(c.alpha)), \(c.steps) steps each"
        store.record("self-temperature", c.temperature, configuration: caption)
        store.record("self-alpha", c.alpha, configuration: caption)
        store.record("self-teacher", result.teacherAccuracy, configuration: caption)
        store.record("self-student", result.studentAccuracy, configuration: caption)
        store.record("self-gain", result.improvement, configuration: caption)
    }

    static func recordCalibration(
        _ calibration: Calibration.Result, teachers: DigitsTeachers.Result, comparison: TransferComparison.Result,
        in store: ResultsStore
    ) {
        let caption = comparisonCaption(comparison, teachers: teachers)
            + "; label smoothing ε = \(formatNumber(calibration.configuration.labelSmoothing)), "
            + "\(calibration.configuration.binCount) bins"
        store.record("smoothing", calibration.configuration.labelSmoothing, configuration: caption)
        store.record("bin-count", calibration.configuration.binCount, configuration: caption)
        store.record("figure-minimum-count", calibration.configuration.figureMinimumCount, configuration: caption)
        for (key, reliability) in [
            ("hard", calibration.hard), ("smoothed", calibration.smoothed), ("all-labels", calibration.allLabels),
            ("distilled", calibration.distilled),
        ] {
            store.record("ece-\(key)", reliability.expectedCalibrationError, configuration: caption)
            store.record("confidence-\(key)", reliability.meanConfidence, configuration: caption)
            store.record("accuracy-\(key)", reliability.validationAccuracy, configuration: caption)
        }
        store.record(
            "distilled-minus-all-labels-accuracy",
            calibration.distilled.validationAccuracy - calibration.allLabels.validationAccuracy, configuration: caption)
        store.record(
            table: "calibration-table",
            ResultTable(
                columns: [
                    .init("student"), .init("accuracy", format: "mean-std percent.1"),
                    .init("mean confidence", format: "mean-std percent.1"), .init("ECE", format: "mean-std percent.1"),
                ],
                rows: calibration.all.map { r in
                    [
                        .text(r.name), .sample(r.validationAccuracy.values), .sample(r.meanConfidence.values),
                        .sample(r.expectedCalibrationError.values),
                    ]
                }),
            configuration: caption)
        store.record(
            figure: DistillationFigures.reliability(calibration), named: "reliability", configuration: caption)
    }
}
