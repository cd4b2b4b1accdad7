import Foundation
import NeuralKit
import Notebook
import NotebookDocument

/// The distillation lesson: `lessons/distillation.md` and the experiments behind every number in it.
public enum DistillationLesson {
    public static let definition = LessonDefinition(
        name: "distillation", title: "Knowledge distillation",
        subtitle: "Soft labels, temperature, transfer sets, self-distillation and label smoothing"
    ) { context in
        try run(context)
    }

    public struct Results: @unchecked Sendable {
        public let teachers: DigitsTeachers.Result
        public let temperature: TemperatureView.Result
        public let comparison: TransferComparison.Result
        public let gradientScale: GradientScale.Result
        public let sweep: TemperatureAlphaSweep.Result
        public let moons: MoonsBoundaries.Result
        public let selfDistillation: SelfDistillation.Result
        public let calibration: Calibration.Result
    }

    public static func runExperiments(
        seed: UInt64, quick: Bool, narration: ExperimentNarration = .silent
    ) throws -> Results {
        narration.announce("1. Teachers on the digits")
        let teachers = try DigitsTeachers.run(.init(seed: seed, quick: quick), narration: narration)
        let temperature = TemperatureView.run(teachers)
        narration.announce("2. Students: labels only vs distilled")
        let comparisonConfiguration = TransferComparison.Configuration(seed: seed, quick: quick)
        let comparison = try TransferComparison.run(comparisonConfiguration, teachers: teachers, narration: narration)
        let gradientScale = try GradientScale.run(teachers: teachers, seeds: comparisonConfiguration.seeds)
        narration.announce("3. Temperature and α")
        let sweep = try TemperatureAlphaSweep.run(.init(seed: seed, quick: quick), teachers: teachers, narration: narration)
        narration.announce("4. Two moons")
        let moons = try MoonsBoundaries.run(.init(seed: seed, quick: quick), narration: narration)
        narration.announce("5. Self-distillation")
        let selfDistillation = try SelfDistillation.run(.init(seed: seed, quick: quick), teachers: teachers, narration: narration)
        narration.announce("6. Calibration")
        let calibration = try Calibration.run(.init(), comparison: comparison, teachers: teachers, narration: narration)
        return Results(
            teachers: teachers, temperature: temperature, comparison: comparison, gradientScale: gradientScale,
            sweep: sweep, moons: moons, selfDistillation: selfDistillation, calibration: calibration)
    }

    static func run(_ context: ExperimentContext) throws {
        let results = try runExperiments(seed: context.seed, quick: context.quick, narration: context.narration)
        record(results, in: context.results)
        let c = results.comparison
        context.reporter.summarize(
            "labels only \(percent(c.accuracy(.hardLabels, steps: c.configuration.convergedSteps).mean)), "
                + "distilled with transfer set \(percent(c.accuracy(.transfer, steps: c.configuration.convergedSteps).mean))")
    }

    static func percent(_ value: Double) -> String { "\((value * 1000).rounded() / 10) %" }

    static func record(_ results: Results, in store: ResultsStore) {
        let teachers = results.teachers
        let setup = teachers.configuration
        let caption = setup.caption + ", seed \(setup.seed)"
        store.record("pool-count", setup.poolCount, configuration: caption)
        store.record("labeled-count", setup.labeledCount, configuration: caption)
        store.record("transfer-count", setup.poolCount - setup.labeledCount, configuration: caption)
        store.record("validation-count", setup.validationCount, configuration: caption)
        store.record("ensemble-size", setup.ensembleSize, configuration: caption)
        store.record("teacher-architecture", text: setup.teacherSizes.map(String.init).joined(separator: "–"), configuration: caption)
        store.record("student-architecture", text: setup.studentSizes.map(String.init).joined(separator: "–"), configuration: caption)
        store.record("teacher-steps", setup.teacherBudget.steps, configuration: caption)
        store.record("teacher-accuracy", teachers.teacherAccuracy, configuration: caption)
        store.record("ensemble-accuracy", teachers.ensembleAccuracy, configuration: caption)
        store.record("teacher-train-confidence", teachers.teacherTrainingConfidence, configuration: caption)

        // Temperature
        let view = results.temperature
        let temperatureCaption = caption + "; single teacher, validation digit \(view.exampleIndex)"
        store.record("example-label", view.exampleLabel, configuration: temperatureCaption)
        store.record("runner-up", view.runnerUp, configuration: temperatureCaption)
        store.record("runner-up-t1", view.runnerUpProbabilities[0], configuration: temperatureCaption)
        store.record("runner-up-t8", view.runnerUpProbabilities[3], configuration: temperatureCaption)
        store.record("true-class-t1", view.distributions[0][view.exampleLabel], configuration: temperatureCaption)
        store.record("true-class-t8", view.distributions[3][view.exampleLabel], configuration: temperatureCaption)
        store.record("wrong-mass-t1", view.wrongMassAtOne, configuration: temperatureCaption)
        let t1 = TemperatureView.curveTemperatures.firstIndex(of: 1)!
        let t8 = TemperatureView.curveTemperatures.firstIndex(of: 8)!
        store.record("entropy-t1", view.teacherEntropy[t1], configuration: temperatureCaption)
        store.record("entropy-t8", view.teacherEntropy[t8], configuration: temperatureCaption)
        store.record("ensemble-entropy-t1", view.ensembleEntropy[t1], configuration: temperatureCaption)
        store.record("max-entropy", log(10.0), configuration: temperatureCaption)
        store.record(figure: DistillationFigures.temperature(view), named: "soft-targets", configuration: temperatureCaption)

        // Comparison
        let comparison = results.comparison
        let cc = comparison.configuration
        let comparisonCaption = caption + "; students T = \(cc.temperature), α = \(cc.alpha), batch 32, lr 0.003, "
            + "\(cc.matchedSteps) and \(cc.convergedSteps) steps, \(cc.seedCount) seeds"
        store.record("temperature", cc.temperature, configuration: comparisonCaption)
        store.record("alpha", cc.alpha, configuration: comparisonCaption)
        store.record("matched-steps", cc.matchedSteps, configuration: comparisonCaption)
        store.record("converged-steps", cc.convergedSteps, configuration: comparisonCaption)
        store.record("seed-count", cc.seedCount, configuration: comparisonCaption)
        let keys: [TransferComparison.Condition: String] = [
            .hardLabels: "hard", .labeledOnly: "labeled-only", .transfer: "transfer", .ensembleTransfer: "ensemble",
        ]
        for condition in TransferComparison.Condition.allCases {
            store.record("\(keys[condition]!)-matched", comparison.accuracy(condition, steps: cc.matchedSteps), configuration: comparisonCaption)
            store.record("\(keys[condition]!)-converged", comparison.accuracy(condition, steps: cc.convergedSteps), configuration: comparisonCaption)
        }
        let hardConverged = comparison.accuracy(.hardLabels, steps: cc.convergedSteps)
        let transferConverged = comparison.accuracy(.transfer, steps: cc.convergedSteps)
        let labeledOnlyConverged = comparison.accuracy(.labeledOnly, steps: cc.convergedSteps)
        store.record("transfer-gain", transferConverged - hardConverged, configuration: comparisonCaption)
        store.record("transfer-gain-seeds", SeedSummary.agreement(transferConverged, hardConverged) { $0 > $1 }, configuration: comparisonCaption)
        store.record("labeled-only-gain", labeledOnlyConverged - hardConverged, configuration: comparisonCaption)
        store.record(
            "labeled-only-gain-seeds", SeedSummary.agreement(labeledOnlyConverged, hardConverged) { $0 > $1 },
            configuration: comparisonCaption)
        store.record(
            table: "comparison-table",
            ResultTable(
                columns: [
                    .init("student"), .init("\(cc.matchedSteps) steps", format: "mean-std percent.1"),
                    .init("\(cc.convergedSteps) steps", format: "mean-std percent.1"),
                ],
                rows: TransferComparison.Condition.allCases.map { condition in
                    [
                        .text(condition.rawValue), .sample(comparison.accuracy(condition, steps: cc.matchedSteps).values),
                        .sample(comparison.accuracy(condition, steps: cc.convergedSteps).values),
                    ]
                }),
            configuration: comparisonCaption)
        store.record(
            figure: DistillationFigures.comparison(comparison, teachers: teachers), named: "comparison",
            configuration: comparisonCaption)

        // Gradient scale
        let scale = results.gradientScale
        let scaleCaption = caption + "; untrained students (\(scale.withFactor.count) seeds) on the \(setup.poolCount) pool digits"
        store.record("norm-ratio-with", scale.ratio(scale.withFactor), configuration: scaleCaption)
        store.record("norm-ratio-without", scale.ratio(scale.withoutFactor), configuration: scaleCaption)
        store.record("largest-gradient-t", scale.temperatures.last!, configuration: scaleCaption)
        store.record(figure: DistillationFigures.gradientScale(scale), named: "gradient-scale", configuration: scaleCaption)

        // Sweep
        let sweep = results.sweep
        let sc = sweep.configuration
        let sweepCaption = caption + "; transfer set, single teacher, \(sc.steps) steps, \(sc.seedCount) seeds; "
            + "T ∈ {\(sc.temperatures.map { "\($0)" }.joined(separator: ", "))}, α ∈ {\(sc.alphas.map { "\($0)" }.joined(separator: ", "))}"
        let best = sweep.best
        store.record("sweep-best-t", best.temperature, configuration: sweepCaption)
        store.record("sweep-best-alpha", best.alpha, configuration: sweepCaption)
        store.record("sweep-best", best.accuracy, configuration: sweepCaption)
        store.record("sweep-worst", sweep.worst, configuration: sweepCaption)
        let cellsAboveBaseline = sweep.accuracy.flatMap { $0 }.filter { $0.mean > hardConverged.mean }.count
        store.record("sweep-cells", sc.temperatures.count * sc.alphas.count, configuration: sweepCaption)
        store.record("sweep-cells-above", cellsAboveBaseline, configuration: sweepCaption)
        if let t1 = sc.temperatures.firstIndex(of: 1), let tMax = sc.temperatures.indices.last,
            let pure = sc.alphas.firstIndex(of: 1.0)
        {
            store.record("pure-soft-t1", sweep.accuracy[pure][t1], configuration: sweepCaption)
            store.record("pure-soft-tmax", sweep.accuracy[pure][tMax], configuration: sweepCaption)
            store.record("sweep-tmax", sc.temperatures[tMax], configuration: sweepCaption)
        }
        store.record(
            figure: DistillationFigures.sweep(sweep, baseline: hardConverged), named: "sweep", configuration: sweepCaption)

        // Moons
        let moons = results.moons
        let moonsCaption = moons.configuration.caption
        store.record("moons-labeled", moons.configuration.labeledCount, configuration: moonsCaption)
        store.record("moons-points", moons.configuration.pointCount, configuration: moonsCaption)
        store.record("moons-teacher", moons.teacherAccuracy, configuration: moonsCaption)
        store.record("moons-hard", moons.hardAccuracy, configuration: moonsCaption)
        store.record("moons-distilled", moons.distilledAccuracy, configuration: moonsCaption)
        store.record(
            "moons-gain-seeds", SeedSummary.agreement(moons.distilledAccuracy, moons.hardAccuracy) { $0 > $1 },
            configuration: moonsCaption)
        store.record(figure: DistillationFigures.moons(moons), named: "moons", configuration: moonsCaption)

        // Self-distillation
        let selfResult = results.selfDistillation
        let selfCaption = caption + "; same-size teacher and student on the \(setup.labeledCount) labelled digits, "
            + "T = \(selfResult.configuration.temperature), α = \(selfResult.configuration.alpha), "
            + "\(selfResult.configuration.steps) steps, \(selfResult.configuration.seedCount) seeds"
        store.record("self-temperature", selfResult.configuration.temperature, configuration: selfCaption)
        store.record("self-teacher", selfResult.teacherAccuracy, configuration: selfCaption)
        store.record("self-student", selfResult.studentAccuracy, configuration: selfCaption)
        store.record("self-gain", selfResult.improvement, configuration: selfCaption)
        store.record("self-gain-seeds", selfResult.improvedSeeds, configuration: selfCaption)
        store.record("self-seed-count", selfResult.configuration.seedCount, configuration: selfCaption)
        store.record("self-verdict", text: selfVerdict(selfResult), configuration: selfCaption)

        // Calibration
        let calibration = results.calibration
        let calibrationCaption = comparisonCaption + "; label smoothing ε = \(calibration.configuration.labelSmoothing), "
            + "\(calibration.configuration.binCount) bins"
        store.record("smoothing", calibration.configuration.labelSmoothing, configuration: calibrationCaption)
        store.record("bin-count", calibration.configuration.binCount, configuration: calibrationCaption)
        for (key, reliability) in [("hard", calibration.hard), ("smoothed", calibration.smoothed), ("distilled", calibration.distilled)] {
            store.record("ece-\(key)", reliability.expectedCalibrationError, configuration: calibrationCaption)
            store.record("confidence-\(key)", reliability.meanConfidence, configuration: calibrationCaption)
            store.record("accuracy-\(key)", reliability.validationAccuracy, configuration: calibrationCaption)
        }
        store.record("smoothing-verdict", text: smoothingVerdict(calibration), configuration: calibrationCaption)
        store.record(
            table: "calibration-table",
            ResultTable(
                columns: [
                    .init("student"), .init("accuracy", format: "mean-std percent.1"),
                    .init("mean confidence", format: "mean-std percent.1"), .init("ECE", format: "mean-std percent.1"),
                ],
                rows: [calibration.hard, calibration.smoothed, calibration.distilled].map { r in
                    [
                        .text(r.name), .sample(r.validationAccuracy.values), .sample(r.meanConfidence.values),
                        .sample(r.expectedCalibrationError.values),
                    ]
                }),
            configuration: calibrationCaption)
        store.record(figure: DistillationFigures.reliability(calibration), named: "reliability", configuration: calibrationCaption)
    }

    /// What the self-distillation runs showed, in words (the run decides, not the source).
    static func selfVerdict(_ result: SelfDistillation.Result) -> String {
        let n = result.configuration.seedCount
        if result.improvedSeeds == n && result.improvement.mean > 0 {
            return "Here it helped on every seed."
        }
        if result.improvedSeeds == 0 {
            return "Here it helped on none of the \(n) seeds: the same-size student ends level with, or below, its teacher."
        }
        return "Here it helped on \(result.improvedSeeds) of \(n) seeds, which is not a reliable gain."
    }

    /// Whether label smoothing made the students over- or underconfident here.
    static func smoothingVerdict(_ result: Calibration.Result) -> String {
        let smoothed = result.smoothed
        let gap = smoothed.meanConfidence.mean - smoothed.validationAccuracy.mean
        let better = smoothed.expectedCalibrationError.mean < result.hard.expectedCalibrationError.mean
        if gap < 0 {
            return "Label smoothing overshoots: its students are underconfident (mean confidence below accuracy), "
                + (better ? "though their ECE is still lower than with hard labels." : "and their ECE is higher than with hard labels.")
        }
        return "Label smoothing pulls the confidence down towards the accuracy"
            + (better ? " and lowers the ECE." : ", yet the ECE does not fall.")
    }
}
