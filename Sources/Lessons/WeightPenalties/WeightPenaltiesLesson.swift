import Foundation
import NeuralKit
import Notebook
import NotebookDocument

/// The L1/L2 lesson: `lessons/l1-l2.md` and the experiments behind every number in it.
public enum WeightPenaltiesLesson {
    public static let definition = LessonDefinition(
        name: "l1-l2", title: "L1 and L2 Weight Penalties",
        subtitle: "Shrinkage, the λ sweep, sparsity and feature selection, AdamW and max-norm",
        plan: [
            Experiment(
                id: "shrinkage", section: "sec-shrink",
                summary: "one SGD step with weight decay; the L1 and L2 paths of a two-weight problem (exact, no training)",
                settings: WeightDecayShrinkage.Settings.self
            ) { settings, context in
                let result = try WeightDecayShrinkage.run(settings)
                context.products.store(result)
                recordShrinkage(result, in: context.results)
            },
            Experiment(
                id: "lambda-sweep", section: "sec-sweep",
                summary: "an MLP on a noisy sine for each L2 strength λ, several runs each",
                settings: LambdaSweep.Settings.self
            ) { settings, context in
                let result = try LambdaSweep.run(
                    settings, seeds: context.runSeeds(settings.runs), baseSeed: context.seed, jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordSweep(result, in: context.results)
                for claim in WeightPenaltiesClaims.sweep(result) { context.results.record(claim: claim) }
                context.reporter.summarize("L2 λ chosen on validation: \(formatNumber(result.best.lambda))")
            },
            Experiment(
                id: "sparsity", section: "sec-sparsity",
                summary: "the source's sparsity table rerun: no penalty, L2 and L1 on a 1-128-128-1 MLP",
                settings: SparsityComparison.Settings.self
            ) { settings, context in
                let result = try SparsityComparison.run(
                    settings, seeds: context.runSeeds(settings.runs), baseSeed: context.seed, jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordSparsity(result, in: context.results)
                for claim in WeightPenaltiesClaims.sparsity(result, sourceL2NearZero: sourceTable[1].nearZero) {
                    context.results.record(claim: claim)
                }
            },
            Experiment(
                id: "feature-selection", section: "sec-features",
                summary: "an MLP on 10 informative of 50 inputs under five penalties (SGD)",
                settings: FeatureSelection.Settings.self
            ) { settings, context in
                let result = try FeatureSelection.run(
                    settings, seeds: context.runSeeds(settings.runs), baseSeed: context.seed, jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordFeatures(result, in: context.results)
                for claim in WeightPenaltiesClaims.features(result) { context.results.record(claim: claim) }
                context.reporter.summarize(
                    "proximal L1 zeroes \(percent(result.summary(.l1Proximal).exactZero.mean)) of the weights")
            },
            Experiment(
                id: "decoupled", section: "sec-adamw",
                summary: "Adam + L2 against AdamW at several λ on noisily labelled digits",
                settings: DecoupledWeightDecay.Settings.self
            ) { settings, context in
                let result = try DecoupledWeightDecay.run(
                    settings, seeds: context.runSeeds(settings.runs), baseSeed: context.seed, jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordDecoupled(result, in: context.results)
                for claim in WeightPenaltiesClaims.decoupled(result) { context.results.record(claim: claim) }
                context.reporter.summarize(
                    "Adam + L2 decays small-gradient weights \(Int(result.decayRatio.mean))× harder than large-gradient ones")
            },
            Experiment(
                id: "max-norm", section: "sec-maxnorm",
                summary: "Adam with a max-norm constraint on the data, network and runs of `decoupled`",
                requires: ["decoupled"], settings: DecoupledWeightDecay.MaxNormSettings.self
            ) { settings, context in
                let decoupled = try context.products.get(DecoupledWeightDecay.Result.self, for: "max-norm")
                let result = try DecoupledWeightDecay.runMaxNorm(
                    settings, decoupled: decoupled, jobs: context.jobs, narration: context.concurrentNarration)
                context.products.store(result)
                recordMaxNorm(result, in: context.results)
                for claim in WeightPenaltiesClaims.maxNorm(result) { context.results.record(claim: claim) }
            },
        ])

    /// The source material's sparsity table: share of weights below 10⁻³ and training MSE.
    static let sourceTable: [(nearZero: Double, trainError: Double)] = [(0.019, 0.0421), (0.111, 0.0889), (0.373, 0.0934)]

    static func percent(_ value: Double) -> String {
        "\((value * 1000).rounded() / 10) %"
    }

    // MARK: - Recording

    static func recordShrinkage(_ result: WeightDecayShrinkage.Result, in store: ResultsStore) {
        let c = result.configuration
        let caption = c.captionConfiguration
        store.record("eta", c.learningRate, configuration: caption)
        store.record("decay-lambda", text: formatNumber(c.weightDecay), configuration: caption)
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
            + "\(paths.configuration.lambdas.count) values of λ from \(formatNumber(c.pathLambdaMin)) to \(formatNumber((c.pathLambdaMax * 10).rounded() / 10)); budgets at λ = \(formatNumber(c.budgetLambda))"
        if let first = paths.firstL1Zero {
            store.record("l1-first-zero-lambda", first, configuration: pathCaption)
        }
        store.record("l2-min-nonzero", paths.l2MinimumNonZero, configuration: pathCaption)
        store.record("budget-lambda", c.budgetLambda, configuration: pathCaption)
        store.record(
            figure: WeightPenaltiesFigures.budget(paths, budgetLambda: c.budgetLambda), named: "budget",
            configuration: pathCaption)
    }

    static func recordSweep(_ result: LambdaSweep.Result, in store: ResultsStore) {
        let c = result.configuration
        let caption = c.captionConfiguration(seed: result.baseSeed)
        store.record("sweep-train-count", c.trainCount, configuration: caption)
        store.record("sweep-validation-count", c.validationCount, configuration: caption)
        store.record("sweep-test-count", c.testCount, configuration: caption)
        store.record("sweep-noise", c.noise, configuration: caption)
        store.record("sweep-epochs", c.epochs, configuration: caption)
        store.record("sweep-runs", result.seeds.count, configuration: caption)
        store.record("sweep-architecture", text: c.sizes.map(String.init).joined(separator: "-"), configuration: caption)
        store.record("sweep-lambda-count", c.lambdas.count, configuration: caption)
        let best = result.best
        store.record("best-lambda", best.lambda, configuration: caption)
        store.record("best-val-error", best.validationError, configuration: caption)
        store.record("best-test-error", best.testError, configuration: caption)
        store.record("none-test-error", result.unregularized.testError, configuration: caption)
        store.record("none-train-error", result.unregularized.trainError, configuration: caption)
        store.record("strong-lambda", result.strongest.lambda, configuration: caption)
        store.record("strong-test-error", result.strongest.testError, configuration: caption)
        store.record("strong-train-error", result.strongest.trainError, configuration: caption)
        store.record("none-weight-norm", result.unregularized.weightNorm, configuration: caption)
        store.record("strong-weight-norm", result.strongest.weightNorm, configuration: caption)
        store.record("none-curve-error", result.unregularized.curveError, configuration: caption)
        store.record("best-curve-error", best.curveError, configuration: caption)
        store.record(
            table: "sweep-table",
            ResultTable(
                columns: [
                    .init("λ"), .init("training MSE", format: "mean-std fixed.3"),
                    .init("validation MSE", format: "mean-std fixed.3"), .init("test MSE", format: "mean-std fixed.3"),
                    .init("‖w‖₂", format: "mean-std fixed.1"),
                ],
                rows: result.points.map {
                    [.text(formatNumber($0.lambda)), .sample($0.trainError.values), .sample($0.validationError.values),
                     .sample($0.testError.values), .sample($0.weightNorm.values)]
                }),
            configuration: caption)
        store.record(figure: WeightPenaltiesFigures.sweep(result), named: "sweep", configuration: caption)
        store.record(
            figure: WeightPenaltiesFigures.fits(result), named: "fits",
            configuration: c.captionConfiguration(seed: result.baseSeed, runs: 1))
        let frames = result.points.map { point in
            ExplorerFrames.Frame(
                value: "λ = \(formatNumber(point.lambda))", figure: WeightPenaltiesFigures.fitFrame(result, point: point))
        }
        store.record(
            explorer: ExplorerFrames(
                parameter: "L2 strength λ", frames: frames,
                defaultFrame: result.points.firstIndex { $0.lambda == result.best.lambda } ?? 0),
            named: "fits-explorer", configuration: c.captionConfiguration(seed: result.baseSeed, runs: 1))
    }

    static func recordSparsity(_ result: SparsityComparison.Result, in store: ResultsStore) {
        let c = result.configuration
        let caption = c.captionConfiguration(seed: result.baseSeed)
        store.record("sparse-weight-count", result.arms[0].weightCount, configuration: caption)
        store.record("sparse-threshold", c.nearZeroThreshold, configuration: caption)
        store.record("sparse-runs", result.seeds.count, configuration: caption)
        store.record("sparse-l2", c.l2Strength, configuration: caption)
        store.record("sparse-l1", text: formatNumber(c.l1Strength), configuration: caption)
        store.record("source-l2-near-zero", sourceTable[1].nearZero, configuration: caption)
        for (arm, key) in [(SparsityComparison.Arm.none, "none"), (.l2, "l2"), (.l1, "l1")] {
            let summary = result.summary(arm)
            store.record("near-zero-\(key)", summary.nearZero, configuration: caption)
            store.record("exact-zero-\(key)", summary.exactZero, configuration: caption)
            store.record("sparse-mse-\(key)", summary.trainError, configuration: caption)
        }
        store.record(
            table: "sparsity-table",
            ResultTable(
                columns: [
                    .init("penalty"), .init("|w| < 10⁻³ (run)", format: "mean-std percent.1"),
                    .init("source", format: "percent.1"), .init("w = 0 exactly", format: "mean-std percent.1"),
                    .init("training MSE (run)", format: "mean-std fixed.3"), .init("source MSE", format: "fixed.3"),
                ],
                rows: zip(result.arms, sourceTable).map { arm, source in
                    [.text(arm.arm.rawValue), .sample(arm.nearZero.values), .number(source.0),
                     .sample(arm.exactZero.values), .sample(arm.trainError.values), .number(source.1)]
                }),
            configuration: caption)
        store.record(
            figure: WeightPenaltiesFigures.histograms(result), named: "histograms",
            configuration: c.captionConfiguration(seed: result.baseSeed, runs: 1) + ", weights with |w| ≤ 0.3")
    }

    static func recordFeatures(_ result: FeatureSelection.Result, in store: ResultsStore) {
        let c = result.configuration
        let caption = c.captionConfiguration(seed: result.baseSeed)
        store.record("fs-hidden", c.hidden, configuration: caption)
        store.record("fs-features", c.featureCount, configuration: caption)
        store.record("fs-informative", c.informativeCount, configuration: caption)
        store.record("fs-irrelevant", c.featureCount - c.informativeCount, configuration: caption)
        store.record("fs-train-count", c.trainCount, configuration: caption)
        store.record("fs-epochs", c.epochs, configuration: caption)
        store.record("fs-l1", c.l1Strength, configuration: caption)
        store.record("fs-l2", c.l2Strength, configuration: caption)
        store.record("fs-threshold", c.offThreshold, configuration: caption)
        store.record("fs-runs", result.seeds.count, configuration: caption)
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
            store.record("fs-dead-units-\(key)", s.deadUnits, configuration: caption)
            store.record("fs-live-irrelevant-zero-\(key)", s.liveIrrelevantZero, configuration: caption)
            store.record("fs-live-informative-zero-\(key)", s.liveInformativeZero, configuration: caption)
            store.record("fs-best-epoch-val-\(key)", s.bestEpochValidationAccuracy, configuration: caption)
        }
        store.record(
            table: "features-table",
            ResultTable(
                columns: [
                    .init("penalty"), .init("validation accuracy", format: "mean-std percent.1"),
                    .init("w = 0 exactly", format: "mean-std percent.1"),
                    .init("hidden units off", format: "mean-std percent.1"),
                    .init("irrelevant inputs off", format: "mean-std fixed.1"),
                    .init("informative inputs off", format: "mean-std fixed.1"),
                ],
                rows: result.arms.map {
                    [.text($0.arm.rawValue), .sample($0.validationAccuracy.values), .sample($0.exactZero.values),
                     .sample($0.deadUnits.values), .sample($0.irrelevantOff.values), .sample($0.informativeOff.values)]
                }),
            configuration: caption)
        store.record(figure: WeightPenaltiesFigures.featureImportance(result), named: "importance", configuration: caption)
    }

    static func recordDecoupled(_ result: DecoupledWeightDecay.Result, in store: ResultsStore) {
        let c = result.configuration
        let caption = c.captionConfiguration(seed: result.baseSeed)
        store.record("dw-train-count", c.trainCount, configuration: caption)
        store.record("dw-noise", c.labelNoise, configuration: caption)
        store.record("dw-epochs", c.epochs, configuration: caption)
        store.record("dw-eta", c.learningRate, configuration: caption)
        store.record("dw-runs", result.seeds.count, configuration: caption)
        store.record("dw-share", c.groupShare, configuration: caption)
        store.record("dw-reference-lambda", c.referenceLambda, configuration: caption)
        let l2 = result.arm(.adamL2, c.referenceLambda)
        let w = result.arm(.adamW, c.referenceLambda)
        store.record("dw-l2-decay-large", l2.decayLargeGradients!, configuration: caption)
        store.record("dw-l2-decay-small", l2.decaySmallGradients!, configuration: caption)
        store.record("dw-w-decay", w.decayLargeGradients!.mean, configuration: caption)
        store.record("dw-decay-ratio", result.decayRatio, configuration: caption)
        store.record("dw-baseline-val", result.baseline.validationAccuracy, configuration: caption)
        store.record("dw-baseline-test", result.baseline.testAccuracy, configuration: caption)
        store.record("dw-baseline-norm", result.baseline.weightNorm, configuration: caption)
        store.record("dw-l2-ref-norm", l2.weightNorm, configuration: caption)
        store.record("dw-w-ref-norm", w.weightNorm, configuration: caption)
        let largest = c.lambdas.last!
        store.record("dw-largest-lambda", largest, configuration: caption)
        store.record("dw-l2-largest-val", result.arm(.adamL2, largest).validationAccuracy, configuration: caption)
        store.record("dw-w-largest-val", result.arm(.adamW, largest).validationAccuracy, configuration: caption)
        store.record("dw-w-largest-norm", result.arm(.adamW, largest).weightNorm, configuration: caption)
        let bestL2 = result.best(.adamL2)
        let bestW = result.best(.adamW)
        store.record("dw-l2-best-lambda", bestL2.lambda, configuration: caption)
        store.record("dw-l2-best-test", bestL2.testAccuracy, configuration: caption)
        store.record("dw-w-best-lambda", bestW.lambda, configuration: caption)
        store.record("dw-w-best-test", bestW.testAccuracy, configuration: caption)
        store.record(
            table: "decoupled-table",
            ResultTable(
                columns: [
                    .init("optimizer"), .init("λ"),
                    .init("validation accuracy", format: "mean-std percent.1"),
                    .init("test accuracy", format: "mean-std percent.1"),
                    .init("‖w‖₂", format: "mean-std fixed.1"), .init("largest row norm", format: "mean-std fixed.2"),
                ],
                rows: result.arms.map {
                    [.text($0.method.rawValue), .text($0.lambda > 0 ? formatNumber($0.lambda) : "–"),
                     .sample($0.validationAccuracy.values), .sample($0.testAccuracy.values), .sample($0.weightNorm.values),
                     .sample($0.maximumRowNorm.values)]
                }),
            configuration: caption)
        store.record(figure: WeightPenaltiesFigures.decoupled(result), named: "decoupled", configuration: caption)
    }

    static func recordMaxNorm(_ result: DecoupledWeightDecay.MaxNormResult, in store: ResultsStore) {
        let c = result.decoupled.configuration
        let caption = c.captionConfiguration(seed: result.decoupled.baseSeed) + ", max-norm c = \(formatNumber(result.settings.maxNorm))"
        store.record("mn-c", result.settings.maxNorm, configuration: caption)
        store.record("mn-val", result.arm.validationAccuracy, configuration: caption)
        store.record("mn-baseline-val", result.baseline.validationAccuracy, configuration: caption)
        store.record("mn-runs", result.decoupled.seeds.count, configuration: caption)
        store.record("mn-row-norm", result.arm.maximumRowNorm, configuration: caption)
        store.record("mn-baseline-row-norm", result.baseline.maximumRowNorm, configuration: caption)
        store.record(
            figure: WeightPenaltiesFigures.maxNorm(result), named: "max-norm",
            configuration: c.captionConfiguration(seed: result.decoupled.baseSeed, runs: 1)
                + ", max-norm c = \(formatNumber(result.settings.maxNorm))")
    }
}
