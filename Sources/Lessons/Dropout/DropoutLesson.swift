import NeuralKit
import Notebook
import NotebookDocument

/// The dropout lesson: `lessons/dropout.md` and the experiments behind every number in it.
public enum DropoutLesson {
    public static let definition = LessonDefinition(
        name: "dropout", title: "Dropout",
        subtitle: "Inverted scaling, the eval() trap, the ensemble view and Monte-Carlo uncertainty"
    ) { context in
        try run(context)
    }

    /// All results of one run, kept together so that tests can assert the lesson's claims.
    public struct Results: Sendable {
        public let math: InvertedDropoutMath.Result
        public let ablation: DropoutRateAblation.Result
        public let evalTrap: EvalTrap.Result
        public let ensemble: EnsembleView.Result
        public let monteCarlo: MonteCarloDropout.Result
    }

    /// Runs every experiment of the lesson (no recording): what the tests call.
    public static func runExperiments(
        seed: UInt64, quick: Bool, narration: ExperimentNarration = .silent
    ) throws -> Results {
        narration.announce("1. Inverted dropout keeps the expected activation")
        let math = try InvertedDropoutMath.run(.init(seed: seed, quick: quick))
        narration.announce("2–3. The dropout rate on a small, noisily labelled digits set")
        let ablationConfiguration = DropoutRateAblation.Configuration(seed: seed, quick: quick)
        let ablation = try DropoutRateAblation.run(ablationConfiguration, narration: narration)
        let evalTrap = try EvalTrap.run(
            trained: ablation.halfDropoutNetworks, ablation: ablationConfiguration,
            trainingModePasses: quick ? 5 : 20, narration: narration)
        narration.announce("4. The ensemble view: averaging sampled sub-networks")
        let ensemble = EnsembleView.run(.init(quick: quick), trained: ablation.halfDropoutNetworks, narration: narration)
        narration.announce("5. Monte-Carlo dropout on two moons")
        let monteCarlo = try MonteCarloDropout.run(.init(seed: seed, quick: quick), narration: narration)
        return Results(math: math, ablation: ablation, evalTrap: evalTrap, ensemble: ensemble, monteCarlo: monteCarlo)
    }

    static func run(_ context: ExperimentContext) throws {
        BLAS.setThreadCount(1)  // matrix products are bit-for-bit reproducible on one thread
        let results = try runExperiments(seed: context.seed, quick: context.quick, narration: context.narration)
        recordMath(results.math, in: context.results)
        recordAblation(results.ablation, in: context.results)
        recordEvalTrap(results.evalTrap, ablation: results.ablation.configuration, in: context.results)
        recordEnsemble(results.ensemble, ablation: results.ablation.configuration, in: context.results)
        recordMonteCarlo(results.monteCarlo, in: context.results)
        let best = results.ablation.best
        context.reporter.summarize(
            "best dropout rate p = \(best.probability): validation accuracy "
                + "\(percent(best.validationAccuracy.mean)) vs \(percent(results.ablation.summary(for: 0)?.validationAccuracy.mean ?? .nan)) without dropout")
    }

    static func percent(_ value: Double) -> String {
        "\((value * 1000).rounded() / 10) %"
    }

    // MARK: - Recording

    static func recordMath(_ result: InvertedDropoutMath.Result, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = "\(configuration.sampleCount) activations a = \(configuration.activation) per p, seed \(configuration.seed)"
        store.record("activation", configuration.activation, configuration: caption)
        store.record("math-samples", configuration.sampleCount, configuration: caption)
        let a = configuration.activation
        store.record(
            "max-mean-error-se", result.rows.map { $0.meanErrorInStandardErrors(activation: a) }.max()!,
            configuration: caption)
        store.record("max-variance-error", result.rows.map(\.varianceRelativeError).max()!, configuration: caption)
        if let half = result.rows.first(where: { $0.probability == 0.5 }) {
            store.record("mean-at-half", half.invertedMean, configuration: caption)
            store.record("variance-at-half", half.invertedVariance, configuration: caption)
            store.record("unscaled-ratio-at-half", half.unscaledInferenceRatio, configuration: caption)
        }
        if let last = result.rows.last {
            store.record("largest-p", last.probability, configuration: caption)
            store.record("unscaled-ratio-at-largest-p", last.unscaledInferenceRatio, configuration: caption)
        }
        store.record(
            table: "expectation-table",
            ResultTable(
                columns: [
                    .init("p", format: "fixed.2"), .init("mean E[y]", format: "fixed.4"),
                    .init("|error| / SE", format: "fixed.1"), .init("Var[y]", format: "fixed.3"),
                    .init("a²p/(1−p)", format: "fixed.3"), .init("kept", format: "percent.2"),
                    .init("standard, train", format: "fixed.3"), .init("standard, test", format: "fixed.3"),
                    .init("unscaled ratio", format: "fixed.2"),
                ],
                rows: result.rows.map { row in
                    [
                        .number(row.probability), .number(row.invertedMean),
                        .number(row.meanErrorInStandardErrors(activation: a)), .number(row.invertedVariance),
                        .number(row.formulaVariance), .number(row.keptFraction), .number(row.standardTrainingMean),
                        .number(row.standardInferenceOutput), .number(row.unscaledInferenceRatio),
                    ]
                }),
            configuration: caption)
        store.record(figure: DropoutFigures.expectation(result), named: "expectation", configuration: caption)
    }

    static func recordAblation(_ result: DropoutRateAblation.Result, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = configuration.captionConfiguration
        store.record("train-count", configuration.trainCount, configuration: caption)
        store.record("validation-count", configuration.validationCount, configuration: caption)
        store.record("label-noise", configuration.labelNoise, configuration: caption)
        store.record("epochs", configuration.epochs, configuration: caption)
        store.record("seed-count", configuration.seedCount, configuration: caption)
        store.record("learning-rate", configuration.learningRate, configuration: caption)
        store.record("batch-size", configuration.batchSize, configuration: caption)
        store.record("architecture", text: configuration.sizes.map(String.init).joined(separator: "–"), configuration: caption)
        let parameterCount = zip(configuration.sizes, configuration.sizes.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
        store.record("parameter-count", parameterCount, configuration: caption)
        store.record(
            "parameters-per-sample", Double(parameterCount) / Double(configuration.trainCount), configuration: caption)

        store.record(
            table: "ablation-table",
            ResultTable(
                columns: [
                    .init("p", format: "fixed.2"), .init("train accuracy", format: "mean-std percent.1"),
                    .init("validation accuracy", format: "mean-std percent.1"),
                    .init("gap", format: "mean-std percent.1"),
                    .init("flipped labels memorised", format: "mean-std percent.1"),
                ],
                rows: result.rates.map { rate in
                    [
                        .number(rate.probability), .sample(rate.trainAccuracy.values),
                        .sample(rate.validationAccuracy.values), .sample(rate.gap.values),
                        .sample(rate.memorizedNoise.values),
                    ]
                }),
            configuration: caption)

        store.record("best-rate", result.best.probability, configuration: caption)
        store.record("best-rate-val-accuracy", result.best.validationAccuracy, configuration: caption)
        if let baseline = result.summary(for: 0), let half = result.summary(for: 0.5) {
            store.record("baseline-train-accuracy", baseline.trainAccuracy, configuration: caption)
            store.record("baseline-val-accuracy", baseline.validationAccuracy, configuration: caption)
            store.record("baseline-gap", baseline.gap, configuration: caption)
            store.record("baseline-memorized", baseline.memorizedNoise, configuration: caption)
            store.record("half-val-accuracy", half.validationAccuracy, configuration: caption)
            store.record("half-gap", half.gap, configuration: caption)
            store.record("half-memorized", half.memorizedNoise, configuration: caption)
            store.record("half-improvement", half.validationAccuracy - baseline.validationAccuracy, configuration: caption)
            store.record(
                "half-improved-seeds",
                SeedSummary.agreement(half.validationAccuracy, baseline.validationAccuracy) { $0 > $1 },
                configuration: caption)
            store.record(
                "half-less-memorized-seeds",
                SeedSummary.agreement(half.memorizedNoise, baseline.memorizedNoise) { $0 < $1 },
                configuration: caption)
        }
        if let harmful = result.firstHarmfulRate {
            store.record(
                "harmful-rate-text",
                text: "Too much dropout underfits: at p = \(harmful.probability) the mean validation accuracy "
                    + "falls below that of the network without dropout.",
                configuration: caption)
        } else {
            store.record(
                "harmful-rate-text",
                text: "None of the rates tried fell below the network without dropout in mean validation accuracy.",
                configuration: caption)
        }
        if let largest = result.rates.last {
            store.record("largest-rate", largest.probability, configuration: caption)
            store.record("largest-rate-val-accuracy", largest.validationAccuracy, configuration: caption)
            store.record("largest-rate-train-accuracy", largest.trainAccuracy, configuration: caption)
        }
        store.record(figure: DropoutFigures.ablationCurves(result), named: "ablation-curves", configuration: caption)
        store.record(figure: DropoutFigures.ablationBars(result), named: "ablation-bars", configuration: caption)
    }

    static func recordEvalTrap(
        _ result: EvalTrap.Result, ablation: DropoutRateAblation.Configuration, in store: ResultsStore
    ) {
        let caption = "the p = 0.5 networks of the rate ablation (\(ablation.captionConfiguration)); "
            + "\(result.trainingModePasses) training-mode passes"
        store.record("training-mode-passes", result.trainingModePasses, configuration: caption)
        store.record("train-mode-difference", result.trainingModeDifference, configuration: caption)
        store.record("eval-mode-difference", result.evaluationModeDifference, configuration: caption)
        store.record("eval-accuracy", result.evaluationAccuracy, configuration: caption)
        store.record("train-mode-accuracy", result.trainingModeAccuracy, configuration: caption)
        store.record("forgot-eval-cost", result.accuracyCostOfForgettingEval, configuration: caption)
        store.record(
            "forgot-eval-seeds",
            SeedSummary.agreement(result.evaluationAccuracy, result.trainingModeAccuracy) { $0 > $1 },
            configuration: caption)
        store.record("standard-scaled-accuracy", result.standardScaledAccuracy, configuration: caption)
        store.record("standard-unscaled-accuracy", result.standardUnscaledAccuracy, configuration: caption)
        store.record("standard-scaled-confidence", result.standardScaledConfidence, configuration: caption)
        store.record("standard-unscaled-confidence", result.standardUnscaledConfidence, configuration: caption)
        store.record("standard-scaled-loss", result.standardScaledLoss, configuration: caption)
        store.record("standard-unscaled-loss", result.standardUnscaledLoss, configuration: caption)
        store.record(
            "unscaled-accuracy-change", result.standardUnscaledAccuracy - result.standardScaledAccuracy,
            configuration: caption)
        store.record(figure: DropoutFigures.evalTrap(result), named: "eval-trap", configuration: caption)
    }

    static func recordEnsemble(
        _ result: EnsembleView.Result, ablation: DropoutRateAblation.Configuration, in store: ResultsStore
    ) {
        let caption = "\(result.agreement.count) of the p = 0.5 networks (\(ablation.captionConfiguration)); "
            + "K = \(result.sampleCounts.first!)…\(result.sampleCounts.last!)"
        store.record("droppable-units", result.droppableUnits, configuration: caption)
        // 2ⁿ written as a power of ten: n·log₁₀2 = e, 2ⁿ = 10^(e mod 1) × 10^⌊e⌋.
        let exponent = Double(result.droppableUnits) * 0.301_029_995_663_981_2
        let mantissa = (exponent - exponent.rounded(.down)) * 2.302_585_092_994_046
        store.record(
            "subnetwork-count-mantissa", (Double.exp(mantissa) * 10).rounded() / 10, configuration: caption)
        store.record("subnetwork-count-exponent", Int(exponent.rounded(.down)), configuration: caption)
        store.record("ensemble-networks", result.agreement.count, configuration: caption)
        let last = result.sampleCounts.count - 1
        store.record("k-max", result.sampleCounts[last], configuration: caption)
        store.record("agreement-k1", result.agreement(at: 0), configuration: caption)
        store.record("agreement-kmax", result.agreement(at: last), configuration: caption)
        store.record("accuracy-k1", result.sampledAccuracy(at: 0), configuration: caption)
        store.record("accuracy-kmax", result.sampledAccuracy(at: last), configuration: caption)
        store.record("weight-scaling-accuracy", result.weightScalingAccuracy, configuration: caption)
        if let index = result.sampleCounts.indices.first(where: { result.agreement(at: $0).mean >= 0.95 }) {
            store.record("k-95", result.sampleCounts[index], configuration: caption)
        } else {
            store.record("k-95", text: "more than \(result.sampleCounts[last])", configuration: caption)
        }
        store.record(figure: DropoutFigures.ensemble(result), named: "ensemble", configuration: caption)
    }

    static func recordMonteCarlo(_ result: MonteCarloDropout.Result, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = configuration.captionConfiguration
        store.record("mc-passes", configuration.passes, configuration: caption)
        store.record("mc-rate", configuration.dropout, configuration: caption)
        store.record("mc-epochs", configuration.epochs, configuration: caption)
        store.record("mc-seed-count", configuration.seedCount, configuration: caption)
        store.record("mc-near-variance", result.nearBoundaryVariance, configuration: caption)
        store.record("mc-far-variance", result.farVariance, configuration: caption)
        store.record(
            "mc-ratio",
            SeedSummary(zip(result.nearBoundaryVariance.values, result.farVariance.values).map { $0 / $1 }),
            configuration: caption)
        store.record("mc-seeds-agree", result.seedsWhereNearExceedsFar, configuration: caption)
        store.record("mc-train-accuracy", result.trainingAccuracy, configuration: caption)
        store.record(figure: DropoutFigures.monteCarlo(result), named: "mc-dropout", configuration: caption)
    }
}
