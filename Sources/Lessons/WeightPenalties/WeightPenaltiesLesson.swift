import Foundation
import NeuralKit
import Notebook
import NotebookDocument

/// The L1/L2 lesson: `lessons/l1-l2.md` and the experiments behind every number in it.
public enum WeightPenaltiesLesson {
    public static let definition = LessonDefinition(
        name: "l1-l2", title: "L1 and L2 Weight Penalties",
        subtitle: "Shrinkage, the λ sweep, sparsity and feature selection, AdamW and max-norm"
    ) { context in
        try run(context)
    }

    /// All results of one run, kept together so that tests can assert the lesson's claims.
    public struct Results: Sendable {
        public let shrinkage: WeightDecayShrinkage.Result
        public let sweep: LambdaSweep.Result
        public let sparsity: SparsityComparison.Result
        public let features: FeatureSelection.Result
        public let decoupled: DecoupledWeightDecay.Result
    }

    /// Runs every experiment of the lesson (no recording): what the tests call.
    public static func runExperiments(
        seed: UInt64, quick: Bool, narration: ExperimentNarration = .silent
    ) throws -> Results {
        narration.announce("1. Weight decay as shrinkage; the penalty as a budget")
        let shrinkage = try WeightDecayShrinkage.run(.init())
        narration.announce("2. A λ sweep on a noisy sine")
        let sweep = try LambdaSweep.run(.init(seed: seed, quick: quick), narration: narration)
        narration.announce("3. Sparsity: no penalty, L2 and L1 (the source's experiment)")
        let sparsity = try SparsityComparison.run(.init(seed: seed, quick: quick), narration: narration)
        narration.announce("4–5. Feature selection, proximal L1 and the elastic net")
        let features = try FeatureSelection.run(.init(seed: seed, quick: quick), narration: narration)
        narration.announce("6–7. Adam + L2 vs AdamW, and max-norm")
        let decoupled = try DecoupledWeightDecay.run(.init(seed: seed, quick: quick), narration: narration)
        return Results(shrinkage: shrinkage, sweep: sweep, sparsity: sparsity, features: features, decoupled: decoupled)
    }

    static func run(_ context: ExperimentContext) throws {
        let results = try runExperiments(seed: context.seed, quick: context.quick, narration: context.narration)
        record(results, in: context.results)
        let best = results.sweep.best
        context.reporter.summarize(
            "best L2 λ = \(best.lambda); L1 (proximal) zeroes \(percent(results.features.summary(.l1Proximal).exactZero.mean)) "
                + "of the weights; Adam + L2 decays small-gradient weights "
                + "\(Int(results.decoupled.decayRatio.mean))× harder than large-gradient ones")
    }

    static func percent(_ value: Double) -> String {
        "\((value * 1000).rounded() / 10) %"
    }

    // MARK: - Recording

    static func record(_ r: Results, in store: ResultsStore) {
        recordShrinkage(r.shrinkage, in: store)
        recordSweep(r.sweep, in: store)
        recordSparsity(r.sparsity, in: store)
        recordFeatures(r.features, in: store)
        recordDecoupled(r.decoupled, in: store)
    }

    static func recordShrinkage(_ result: WeightDecayShrinkage.Result, in store: ResultsStore) {
        let c = result.configuration
        let caption = c.captionConfiguration
        store.record("eta", c.learningRate, configuration: caption)
        store.record("decay-lambda", text: "\(c.weightDecay)", configuration: caption)
        store.record("w1-before", c.weights[0], configuration: caption)
        store.record("w2-before", c.weights[1], configuration: caption)
        store.record("w1-after", text: "\(result.afterOneStep[0])", configuration: caption)
        store.record("w2-after", text: "\(result.afterOneStep[1])", configuration: caption)
        store.record("w1-after-float", text: "\(result.afterOneStepFloat[0])", configuration: caption)
        store.record("factor-1", text: String(format: "%.12g", result.factors[0]), configuration: caption)
        store.record("factor-2", text: String(format: "%.12g", result.factors[1]), configuration: caption)
        store.record("predicted-factor", text: String(format: "%.12g", result.predictedFactor), configuration: caption)
        store.record("long-steps", c.longRunSteps, configuration: caption)
        store.record("w1-long", result.afterLongRun[0], configuration: caption)
        store.record(
            "long-relative-error",
            zip(result.afterLongRun, result.predictedLongRun).map { abs($0 - $1) / abs($1) }.max()!,
            configuration: caption)
        let paths = result.paths
        let pathCaption = "L(w) = ½(w − w*)ᵀH(w − w*), H = \(paths.configuration.curvature), w* = \(paths.configuration.optimum), "
            + "\(paths.configuration.lambdas.count) values of λ from 0.01 to \(Int(paths.configuration.lambdas.last!.rounded())); budgets at λ = 1"
        if let first = paths.firstL1Zero {
            store.record("l1-first-zero-lambda", first, configuration: pathCaption)
        }
        store.record("l2-min-nonzero", paths.l2MinimumNonZero, configuration: pathCaption)
        store.record(figure: WeightPenaltiesFigures.budget(paths, budgetLambda: 1), named: "budget", configuration: pathCaption)
    }

    static func recordSweep(_ result: LambdaSweep.Result, in store: ResultsStore) {
        let c = result.configuration
        let caption = c.captionConfiguration
        store.record("sweep-train-count", c.trainCount, configuration: caption)
        store.record("sweep-validation-count", c.validationCount, configuration: caption)
        store.record("sweep-noise", Double(c.noise), configuration: caption)
        store.record("sweep-epochs", c.epochs, configuration: caption)
        store.record("sweep-seeds", c.seedCount, configuration: caption)
        store.record("sweep-architecture", text: c.sizes.map(String.init).joined(separator: "-"), configuration: caption)
        store.record("sweep-lambda-count", c.lambdas.count, configuration: caption)
        let best = result.best
        store.record("best-lambda", best.lambda, configuration: caption)
        store.record("best-val-error", best.validationError, configuration: caption)
        store.record("none-val-error", result.unregularized.validationError, configuration: caption)
        store.record("none-train-error", result.unregularized.trainError, configuration: caption)
        store.record("strong-lambda", result.strongest.lambda, configuration: caption)
        store.record("strong-val-error", result.strongest.validationError, configuration: caption)
        store.record("strong-train-error", result.strongest.trainError, configuration: caption)
        store.record("none-weight-norm", result.unregularized.weightNorm, configuration: caption)
        store.record("strong-weight-norm", result.strongest.weightNorm, configuration: caption)
        store.record(
            "best-beats-none-seeds",
            SeedSummary.agreement(best.validationError, result.unregularized.validationError) { $0 < $1 },
            configuration: caption)
        store.record(
            "strong-worse-than-best-seeds",
            SeedSummary.agreement(result.strongest.validationError, best.validationError) { $0 > $1 },
            configuration: caption)
        store.record(
            table: "sweep-table",
            ResultTable(
                columns: [
                    .init("λ"), .init("training MSE", format: "mean-std fixed.3"),
                    .init("validation MSE", format: "mean-std fixed.3"), .init("‖w‖₂", format: "mean-std fixed.1"),
                ],
                rows: result.points.map {
                    [.text("\($0.lambda)"), .sample($0.trainError.values), .sample($0.validationError.values),
                     .sample($0.weightNorm.values)]
                }),
            configuration: caption)
        store.record(figure: WeightPenaltiesFigures.sweep(result), named: "sweep", configuration: caption)
        store.record(
            figure: WeightPenaltiesFigures.fits(result), named: "fits",
            configuration: caption.replacingOccurrences(of: "seeds \(c.seeds.first!)–\(c.seeds.last!)", with: "seed \(c.seed)"))
    }

    static func recordSparsity(_ result: SparsityComparison.Result, in store: ResultsStore) {
        let c = result.configuration
        let caption = c.captionConfiguration
        store.record("sparse-weight-count", result.arms[0].weightCount, configuration: caption)
        store.record("sparse-threshold", c.nearZeroThreshold, configuration: caption)
        store.record("sparse-seeds", c.seedCount, configuration: caption)
        store.record("sparse-l2", c.l2Strength, configuration: caption)
        store.record("sparse-l1", text: "\(c.l1Strength)", configuration: caption)
        for (arm, key) in [(SparsityComparison.Arm.none, "none"), (.l2, "l2"), (.l1, "l1")] {
            let summary = result.summary(arm)
            store.record("near-zero-\(key)", summary.nearZero, configuration: caption)
            store.record("exact-zero-\(key)", summary.exactZero, configuration: caption)
            store.record("sparse-mse-\(key)", summary.trainError, configuration: caption)
        }
        store.record(
            "l1-sparser-than-l2-seeds",
            SeedSummary.agreement(result.summary(.l1).nearZero, result.summary(.l2).nearZero) { $0 > $1 },
            configuration: caption)
        store.record(
            "l2-sparser-than-none-seeds",
            SeedSummary.agreement(result.summary(.l2).nearZero, result.summary(.none).nearZero) { $0 > $1 },
            configuration: caption)
        store.record(
            table: "sparsity-table",
            ResultTable(
                columns: [
                    .init("penalty"), .init("|w| < 10⁻³ (run)", format: "mean-std percent.1"),
                    .init("source", format: "percent.1"), .init("w = 0 exactly", format: "mean-std percent.1"),
                    .init("training MSE (run)", format: "mean-std fixed.3"), .init("source MSE", format: "fixed.3"),
                ],
                rows: zip(result.arms, [(0.019, 0.0421), (0.111, 0.0889), (0.373, 0.0934)]).map { arm, source in
                    [.text(arm.arm.rawValue), .sample(arm.nearZero.values), .number(source.0),
                     .sample(arm.exactZero.values), .sample(arm.trainError.values), .number(source.1)]
                }),
            configuration: caption)
        store.record(
            figure: WeightPenaltiesFigures.histograms(result), named: "histograms",
            configuration: caption.replacingOccurrences(of: "seeds \(c.seeds.first!)–\(c.seeds.last!)", with: "seed \(c.seed), weights with |w| ≤ 0.3"))
    }

    static func recordFeatures(_ result: FeatureSelection.Result, in store: ResultsStore) {
        let c = result.configuration
        let caption = c.captionConfiguration
        store.record("fs-features", c.featureCount, configuration: caption)
        store.record("fs-informative", c.informativeCount, configuration: caption)
        store.record("fs-irrelevant", c.featureCount - c.informativeCount, configuration: caption)
        store.record("fs-train-count", c.trainCount, configuration: caption)
        store.record("fs-l1", c.l1Strength, configuration: caption)
        store.record("fs-l2", c.l2Strength, configuration: caption)
        store.record("fs-threshold", c.offThreshold, configuration: caption)
        store.record("fs-seeds", c.seedCount, configuration: caption)
        let keys: [(FeatureSelection.Arm, String)] = [
            (.none, "none"), (.l2, "l2"), (.l1Subgradient, "l1sub"), (.l1Proximal, "l1prox"), (.elasticNet, "enet"),
        ]
        for (arm, key) in keys {
            let s = result.summary(arm)
            store.record("fs-val-\(key)", s.validationAccuracy, configuration: caption)
            store.record("fs-exact-\(key)", s.exactZero, configuration: caption)
            store.record("fs-near-\(key)", s.nearZero, configuration: caption)
            store.record("fs-off-\(key)", s.irrelevantOff, configuration: caption)
            store.record("fs-lost-\(key)", s.informativeOff, configuration: caption)
            store.record("fs-ratio-\(key)", s.irrelevantToInformative, configuration: caption)
            store.record("fs-irrelevant-zero-\(key)", s.irrelevantExactZero, configuration: caption)
            store.record("fs-informative-zero-\(key)", s.informativeExactZero, configuration: caption)
        }
        store.record(
            "fs-l1-beats-none-seeds",
            SeedSummary.agreement(result.summary(.l1Proximal).validationAccuracy, result.summary(.none).validationAccuracy) { $0 > $1 },
            configuration: caption)
        store.record(
            table: "features-table",
            ResultTable(
                columns: [
                    .init("penalty"), .init("validation accuracy", format: "mean-std percent.1"),
                    .init("w = 0 exactly", format: "mean-std percent.1"),
                    .init("irrelevant inputs off", format: "mean-std fixed.1"),
                    .init("informative inputs off", format: "mean-std fixed.1"),
                ],
                rows: result.arms.map {
                    [.text($0.arm.rawValue), .sample($0.validationAccuracy.values), .sample($0.exactZero.values),
                     .sample($0.irrelevantOff.values), .sample($0.informativeOff.values)]
                }),
            configuration: caption)
        store.record(figure: WeightPenaltiesFigures.featureImportance(result), named: "importance", configuration: caption)
    }

    static func recordDecoupled(_ result: DecoupledWeightDecay.Result, in store: ResultsStore) {
        let c = result.configuration
        let caption = c.captionConfiguration
        store.record("dw-train-count", c.trainCount, configuration: caption)
        store.record("dw-noise", c.labelNoise, configuration: caption)
        store.record("dw-epochs", c.epochs, configuration: caption)
        store.record("dw-eta", c.learningRate, configuration: caption)
        store.record("dw-seeds", c.seedCount, configuration: caption)
        store.record("dw-share", c.groupShare, configuration: caption)
        store.record("dw-reference-lambda", c.referenceLambda, configuration: caption)
        let l2 = result.arm(.adamL2, c.referenceLambda)
        let w = result.arm(.adamW, c.referenceLambda)
        store.record("dw-l2-decay-large", l2.decayLargeGradients!, configuration: caption)
        store.record("dw-l2-decay-small", l2.decaySmallGradients!, configuration: caption)
        store.record("dw-w-decay", w.decayLargeGradients!.mean, configuration: caption)
        store.record("dw-decay-ratio", result.decayRatio, configuration: caption)
        store.record("dw-baseline-val", result.baseline.validationAccuracy, configuration: caption)
        store.record("dw-baseline-norm", result.baseline.weightNorm, configuration: caption)
        store.record("dw-l2-ref-val", l2.validationAccuracy, configuration: caption)
        store.record("dw-l2-ref-norm", l2.weightNorm, configuration: caption)
        store.record("dw-w-ref-val", w.validationAccuracy, configuration: caption)
        store.record("dw-w-ref-norm", w.weightNorm, configuration: caption)
        let largest = c.lambdas.last!
        store.record("dw-largest-lambda", largest, configuration: caption)
        store.record("dw-l2-largest-val", result.arm(.adamL2, largest).validationAccuracy, configuration: caption)
        store.record("dw-w-largest-val", result.arm(.adamW, largest).validationAccuracy, configuration: caption)
        store.record("dw-w-largest-norm", result.arm(.adamW, largest).weightNorm, configuration: caption)
        let bestL2 = result.best(.adamL2)
        let bestW = result.best(.adamW)
        store.record("dw-l2-best-lambda", bestL2.lambda, configuration: caption)
        store.record("dw-l2-best-val", bestL2.validationAccuracy, configuration: caption)
        store.record("dw-w-best-lambda", bestW.lambda, configuration: caption)
        store.record("dw-w-best-val", bestW.validationAccuracy, configuration: caption)
        let baselineMean = result.baseline.validationAccuracy.mean
        let helped = [bestL2, bestW].filter { $0.validationAccuracy.mean > baselineMean }.count
        store.record(
            "dw-tuned-text",
            text: helped == 2 ? "Tuned, both help on this small problem:"
                : helped == 1 ? "Tuned, only one of them beats no decay in this run, and the gap is small:"
                : "Tuned, neither beats no decay in this run:",
            configuration: caption)
        store.record(
            table: "decoupled-table",
            ResultTable(
                columns: [
                    .init("optimizer"), .init("λ"),
                    .init("validation accuracy", format: "mean-std percent.1"),
                    .init("‖w‖₂", format: "mean-std fixed.1"), .init("largest row norm", format: "mean-std fixed.2"),
                ],
                rows: result.arms.map {
                    [.text($0.method.rawValue), .text($0.lambda > 0 ? "\($0.lambda)" : "–"),
                     .sample($0.validationAccuracy.values), .sample($0.weightNorm.values), .sample($0.maximumRowNorm.values)]
                }),
            configuration: caption)
        store.record(figure: WeightPenaltiesFigures.decoupled(result), named: "decoupled", configuration: caption)
        let maxNorm = result.arm(.maxNorm)
        store.record("mn-c", c.maxNorm, configuration: caption)
        store.record("mn-val", maxNorm.validationAccuracy, configuration: caption)
        store.record("mn-row-norm", maxNorm.maximumRowNorm, configuration: caption)
        store.record("mn-baseline-row-norm", result.baseline.maximumRowNorm, configuration: caption)
        store.record(
            "mn-beats-baseline-seeds",
            SeedSummary.agreement(maxNorm.validationAccuracy, result.baseline.validationAccuracy) { $0 > $1 },
            configuration: caption)
        store.record(
            figure: WeightPenaltiesFigures.maxNorm(result), named: "max-norm",
            configuration: caption.replacingOccurrences(of: "seeds \(c.seeds.first!)–\(c.seeds.last!)", with: "seed \(c.seed)"))
    }
}
