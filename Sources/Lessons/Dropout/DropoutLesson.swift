import NeuralKit
import Notebook
import NotebookDocument

/// The dropout lesson: `lessons/dropout.md` and the experiments behind every number in it.
public enum DropoutLesson {
    public static let definition = LessonDefinition(
        name: "dropout", title: "Dropout",
        subtitle: "Inverted scaling, the eval() trap, the ensemble view and Monte-Carlo uncertainty",
        plan: [
            Experiment(
                id: "expectation", section: "sec-dropout-math",
                summary: "the mean and variance of inverted dropout on many copies of one activation",
                settings: InvertedDropoutMath.Settings.self
            ) { settings, context in
                let result = try InvertedDropoutMath.run(settings, seed: context.runSeeds(1)[0])
                context.products.store(result)
                recordMath(result, in: context.results)
                for claim in DropoutClaims.math(result) { context.results.record(claim: claim) }
            },
            Experiment(
                id: "rate-ablation", section: "sec-dropout-rate",
                summary: "one MLP per dropout rate on noisily labelled digits, several runs each",
                settings: DropoutRateAblation.Settings.self
            ) { settings, context in
                let result = try DropoutRateAblation.run(
                    settings, seeds: context.runSeeds(settings.runs), baseSeed: context.seed, jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordAblation(result, in: context.results)
                for claim in DropoutClaims.ablation(result) { context.results.record(claim: claim) }
                context.reporter.summarize(
                    "best dropout rate p = \(formatNumber(result.best.probability)): validation accuracy "
                        + "\(percent(result.best.validationAccuracy.mean)) vs \(percent(result.baseline.validationAccuracy.mean)) without dropout")
            },
            Experiment(
                id: "eval-trap", section: "sec-eval-trap",
                summary: "the focus-rate networks in the wrong mode (and one network's masks, pass by pass), and standard dropout without its (1−p)",
                requires: ["rate-ablation"], settings: EvalTrap.Settings.self
            ) { settings, context in
                let ablation = try context.products.get(DropoutRateAblation.Result.self, for: "eval-trap")
                let result = try EvalTrap.run(
                    settings, trained: ablation.focusNetworks, ablation: ablation.configuration, jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordEvalTrap(result, ablation: ablation, in: context.results)
                for claim in DropoutClaims.evalTrap(result, seeds: ablation.seeds) { context.results.record(claim: claim) }
                let masks = MaskDemo.run(
                    passes: settings.maskPasses, unitsShown: settings.maskUnits, trained: ablation.focusNetworks[0],
                    sizes: ablation.configuration.sizes, probability: ablation.configuration.focusRate)
                context.products.store(masks)
                recordMaskDemo(masks, in: context.results)
            },
            Experiment(
                id: "ensemble", section: "sec-ensemble",
                summary: "weight scaling against averages of K sampled sub-networks",
                requires: ["rate-ablation"], settings: EnsembleView.Settings.self
            ) { settings, context in
                let ablation = try context.products.get(DropoutRateAblation.Result.self, for: "ensemble")
                let result = try EnsembleView.run(
                    settings, trained: ablation.focusNetworks, jobs: context.jobs, narration: context.concurrentNarration)
                context.products.store(result)
                recordEnsemble(result, ablation: ablation, in: context.results)
                let seeds = Array(ablation.seeds.prefix(result.agreement.count))
                for claim in DropoutClaims.ensemble(result, seeds: seeds) { context.results.record(claim: claim) }
            },
            Experiment(
                id: "mc-dropout", section: "sec-mc-dropout",
                summary: "Monte-Carlo dropout's predictive variance on two moons",
                settings: MonteCarloDropout.Settings.self
            ) { settings, context in
                let result = try MonteCarloDropout.run(
                    settings, seeds: context.runSeeds(settings.seedCount), jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordMonteCarlo(result, baseSeed: context.seed, in: context.results)
                for claim in DropoutClaims.monteCarlo(result) { context.results.record(claim: claim) }
            },
        ])

    static func percent(_ value: Double) -> String {
        "\((value * 1000).rounded() / 10) %"
    }

    // MARK: - Recording

    static func recordMath(_ result: InvertedDropoutMath.Result, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = "\(configuration.sampleCount) activations a = \(formatNumber(configuration.activation)) per p"
        store.record("activation", configuration.activation, configuration: caption)
        store.record("math-samples", configuration.sampleCount, configuration: caption)
        let a = configuration.activation
        store.record(
            "max-mean-error-se", result.rows.map { $0.meanErrorInStandardErrors(activation: a) }.max()!,
            configuration: caption)
        store.record("max-variance-error", result.rows.map(\.varianceRelativeError).max()!, configuration: caption)
        if let first = result.rows.first {
            store.record("smallest-p", first.probability, configuration: caption)
            store.record("unscaled-ratio-at-smallest-p", first.unscaledInferenceRatio, configuration: caption)
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
        let caption = configuration.captionConfiguration(seed: result.baseSeed)
        store.record("train-count", configuration.trainCount, configuration: caption)
        store.record("validation-count", configuration.validationCount, configuration: caption)
        store.record("label-noise", configuration.labelNoise, configuration: caption)
        store.record("epochs", configuration.epochs, configuration: caption)
        store.record("seed-count", configuration.runs, configuration: caption)
        store.record("learning-rate", configuration.learningRate, configuration: caption)
        store.record("batch-size", configuration.batchSize, configuration: caption)
        store.record("focus-rate", configuration.focusRate, configuration: caption)
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
                    .init("best-epoch validation", format: "mean-std percent.1"),
                    .init("gap", format: "mean-std percent.1"),
                    .init("flipped labels memorised", format: "mean-std percent.1"),
                ],
                rows: result.rates.map { rate in
                    [
                        .number(rate.probability), .sample(rate.trainAccuracy.values),
                        .sample(rate.validationAccuracy.values), .sample(rate.bestValidationAccuracy.values),
                        .sample(rate.gap.values), .sample(rate.memorizedNoise.values),
                    ]
                }),
            configuration: caption)

        store.record("best-rate", result.best.probability, configuration: caption)
        store.record("best-rate-val-accuracy", result.best.validationAccuracy, configuration: caption)
        let baseline = result.baseline, focus = result.focus
        store.record("baseline-train-accuracy", baseline.trainAccuracy, configuration: caption)
        store.record("baseline-val-accuracy", baseline.validationAccuracy, configuration: caption)
        store.record("baseline-best-val-accuracy", baseline.bestValidationAccuracy, configuration: caption)
        store.record("baseline-late-val-accuracy", baseline.lateValidationAccuracy, configuration: caption)
        store.record("baseline-best-epoch", baseline.bestEpoch, configuration: caption)
        store.record("baseline-gap", baseline.gap, configuration: caption)
        store.record("baseline-memorized", baseline.memorizedNoise, configuration: caption)
        store.record("focus-val-accuracy", focus.validationAccuracy, configuration: caption)
        store.record("focus-best-val-accuracy", focus.bestValidationAccuracy, configuration: caption)
        store.record("focus-best-epoch", focus.bestEpoch, configuration: caption)
        store.record("focus-gap", focus.gap, configuration: caption)
        store.record("focus-memorized", focus.memorizedNoise, configuration: caption)
        store.record("focus-improvement", focus.validationAccuracy - baseline.validationAccuracy, configuration: caption)
        store.record(
            "focus-best-epoch-improvement", focus.bestValidationAccuracy - baseline.bestValidationAccuracy,
            configuration: caption)
        store.record(
            "focus-vs-stopped-baseline", focus.validationAccuracy - baseline.bestValidationAccuracy,
            configuration: caption)
        store.record(
            "baseline-decline", baseline.bestValidationAccuracy - baseline.lateValidationAccuracy, configuration: caption)
        let largest = result.largest
        store.record("largest-rate", largest.probability, configuration: caption)
        store.record("largest-rate-val-accuracy", largest.validationAccuracy, configuration: caption)
        store.record("largest-rate-train-accuracy", largest.trainAccuracy, configuration: caption)
        store.record(figure: DropoutFigures.ablationCurves(result), named: "ablation-curves", configuration: caption)
        store.record(figure: DropoutFigures.ablationBars(result), named: "ablation-bars", configuration: caption)
        store.record(explorer: DropoutFigures.rateExplorer(result), named: "rate-explorer", configuration: caption)
    }

    static func recordEvalTrap(
        _ result: EvalTrap.Result, ablation: DropoutRateAblation.Result, in store: ResultsStore
    ) {
        let caption = "the p = \(formatNumber(result.probability)) networks of the rate ablation "
            + "(\(ablation.configuration.captionConfiguration(seed: ablation.baseSeed))); "
            + "\(result.trainingModePasses) training-mode passes"
        store.record("training-mode-passes", result.trainingModePasses, configuration: caption)
        store.record("train-mode-difference", result.trainingModeDifference, configuration: caption)
        store.record("eval-mode-difference", result.evaluationModeDifference, configuration: caption)
        store.record("eval-accuracy", result.evaluationAccuracy, configuration: caption)
        store.record("train-mode-accuracy", result.trainingModeAccuracy, configuration: caption)
        store.record("forgot-eval-cost", result.accuracyCostOfForgettingEval, configuration: caption)
        store.record("standard-scaled-underconfidence", result.standardScaledUnderconfidence, configuration: caption)
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

    static func recordMaskDemo(_ result: MaskDemo.Result, in store: ResultsStore) {
        let caption = "the first p = \(formatNumber(result.probability)) network of the rate ablation (run seed \(result.seed)), "
            + "validation image 1, \(result.training.count) training-mode passes"
        store.record("mask-passes", result.training.count, configuration: caption)
        store.record("mask-units-shown", result.unitsShown, configuration: caption)
        store.record("mask-changed-predictions", result.changedPredictions, configuration: caption)
        store.record("mask-kept-fraction", sample: result.training.map { $0.keptFraction[0] }, configuration: caption)
        store.record("mask-inference-class", result.inference.predicted, configuration: caption)
        store.record("mask-true-class", result.label, configuration: caption)
        store.record(explorer: DropoutFigures.maskExplorer(result), named: "mask-explorer", configuration: caption)
    }

    static func recordEnsemble(
        _ result: EnsembleView.Result, ablation: DropoutRateAblation.Result, in store: ResultsStore
    ) {
        let caption = "\(result.agreement.count) of the p = \(formatNumber(ablation.configuration.focusRate)) networks "
            + "(\(ablation.configuration.captionConfiguration(seed: ablation.baseSeed))); "
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

    static func recordMonteCarlo(_ result: MonteCarloDropout.Result, baseSeed: UInt64, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = configuration.captionConfiguration(seed: baseSeed)
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
        store.record("mc-train-accuracy", result.trainingAccuracy, configuration: caption)
        store.record(figure: DropoutFigures.monteCarlo(result), named: "mc-dropout", configuration: caption)
    }
}
