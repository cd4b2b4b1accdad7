import NeuralKit
import Notebook
import NotebookDocument

/// The BatchNorm lesson: `lessons/batchnorm.md` and the experiments behind every number in it.
public enum BatchNormLesson {
    public static let definition = LessonDefinition(
        name: "batchnorm", title: "BatchNorm and Dropout",
        subtitle: "Batch statistics, layer ordering, the variance shift, learning rates and LayerNorm",
        plan: [
            Experiment(
                id: "mechanics", section: "sec-bn-mechanics",
                summary: "one BatchNorm1d layer: a training step, momenta on streams of batches, a batch of one",
                settings: BatchNormMechanics.Configuration.self
            ) { settings, context in
                let result = try BatchNormMechanics.run(settings, seeds: context.runSeeds(settings.streams))
                context.products.store(result)
                recordMechanics(result, in: context.results)
                for claim in BatchNormClaims.mechanics(result) { context.results.record(claim: claim) }
            },
            Experiment(
                id: "orderings", section: "sec-bn-orderings",
                summary: "six orderings of BatchNorm, ReLU and dropout on noisily labelled digits",
                settings: OrderingComparison.Configuration.self
            ) { settings, context in
                let result = try OrderingComparison.run(
                    settings, seeds: context.runSeeds(settings.runs), baseSeed: context.seed, jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordOrderings(result, in: context.results)
                for claim in BatchNormClaims.orderings(result) { context.results.record(claim: claim) }
                context.reporter.summarize(
                    "best ordering \(result.best.ordering.name): validation accuracy \(percent(result.best.validationAccuracy.mean))")
            },
            Experiment(
                id: "variance-shift", section: "sec-variance-shift",
                summary: "dropout before and after BatchNorm at several rates, deeper, with smaller batches; re-estimated statistics",
                settings: VarianceShift.Configuration.self
            ) { settings, context in
                let result = try VarianceShift.run(
                    settings, seeds: context.runSeeds(settings.runs), baseSeed: context.seed, jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordVarianceShift(result, in: context.results)
                for claim in BatchNormClaims.varianceShift(result) { context.results.record(claim: claim) }
            },
            Experiment(
                id: "learning-rates", section: "sec-bn-learning-rates",
                summary: "plain SGD at increasing learning rates, with and without BatchNorm",
                settings: LearningRateSweep.Configuration.self
            ) { settings, context in
                let result = try LearningRateSweep.run(
                    settings, seeds: context.runSeeds(settings.runs), baseSeed: context.seed, jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordLearningRates(result, in: context.results)
                for claim in BatchNormClaims.learningRates(result) { context.results.record(claim: claim) }
            },
            Experiment(
                id: "layernorm", section: "sec-layernorm",
                summary: "BatchNorm against LayerNorm at batch sizes from 1 up, the same number of epochs",
                settings: LayerNormBatchSizes.Configuration.self
            ) { settings, context in
                let result = try LayerNormBatchSizes.run(
                    settings, seeds: context.runSeeds(settings.runs), baseSeed: context.seed, jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordLayerNorm(result, in: context.results)
                for claim in BatchNormClaims.layerNorm(result) { context.results.record(claim: claim) }
            },
            Experiment(
                id: "eval-trap", section: "sec-bn-eval-trap",
                summary: "the BN-only networks of `orderings` evaluated in training mode, in batches of several sizes",
                requires: ["orderings"], settings: BatchNormEvalTrap.Settings.self
            ) { settings, context in
                let orderings = try context.products.get(OrderingComparison.Result.self, for: "eval-trap")
                let result = try BatchNormEvalTrap.run(
                    trained: orderings.batchNormOnlyNetworks, batchSizes: settings.batchSizes,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordEvalTrap(result, orderings: orderings, in: context.results)
                for claim in BatchNormClaims.evalTrap(result) { context.results.record(claim: claim) }
            },
        ])

    static func percent(_ value: Double) -> String {
        "\((value * 1000).rounded() / 10) %"
    }

    /// "92.0 ± 2.0 %", as the notebook prints a sample with `mean-std percent.1`.
    static func percentWithSpread(_ summary: SeedSummary) -> String {
        func oneDecimal(_ value: Double) -> String {
            let tenths = Int((value * 1000).rounded())
            return "\(tenths / 10).\(abs(tenths % 10))"
        }
        return "\(oneDecimal(summary.mean)) ± \(oneDecimal(summary.standardDeviation)) %"
    }

    // MARK: - Recording

    static func recordMechanics(_ result: BatchNormMechanics.Result, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = "one BatchNorm1d(\(configuration.featureMeans.count)) layer, batch of \(configuration.batchSize), "
            + "momentum \(configuration.momentum); stream of \(configuration.streamBatches) batches of "
            + "\(configuration.streamBatchSize); \(result.seeds.count) streams, first stream shown"
        store.record("one-step-batch", configuration.batchSize, configuration: caption)
        store.record("one-step-momentum", configuration.momentum, configuration: caption)
        store.record(
            "unbiased-factor", Double(configuration.batchSize) / Double(configuration.batchSize - 1),
            configuration: caption)
        let first = result.rows[0]
        store.record("f1-mean", first.batchMean, configuration: caption)
        store.record("f1-biased", first.biasedVariance, configuration: caption)
        store.record("f1-unbiased", first.unbiasedVariance, configuration: caption)
        store.record("f1-running-mean", first.runningMean, configuration: caption)
        store.record("f1-running-variance", first.runningVariance, configuration: caption)
        store.record(
            "max-output-variance-error", result.rows.map { abs($0.outputVariance - 1) }.max()!, configuration: caption)
        store.record(
            table: "one-step-table",
            ResultTable(
                columns: [
                    .init("feature", format: "int"), .init("batch mean μ", format: "fixed.3"),
                    .init("σ² (÷N)", format: "fixed.3"), .init("σ² (÷N−1)", format: "fixed.3"),
                    .init("running mean", format: "fixed.3"), .init("running var", format: "fixed.3"),
                    .init("output mean", format: "fixed.3"), .init("output var (÷N)", format: "fixed.4"),
                ],
                rows: result.rows.enumerated().map { index, row in
                    [
                        .number(Double(index + 1)), .number(row.batchMean), .number(row.biasedVariance),
                        .number(row.unbiasedVariance), .number(row.runningMean), .number(row.runningVariance),
                        .number(row.outputMean), .number(row.outputVariance),
                    ]
                }),
            configuration: caption)
        store.record("stream-true-mean", configuration.featureMeans[0], configuration: caption)
        store.record("stream-count", result.seeds.count, configuration: caption)
        store.record("stream-batches", configuration.streamBatches, configuration: caption)
        for trace in result.traces {
            let key = trace.momentum.map { "m\(Int(($0 * 100).rounded()))" } ?? "cumulative"
            if let settling = trace.settlingBatch {
                store.record("settle-\(key)", settling, configuration: caption)
            } else {
                store.record("settle-\(key)", text: "not within \(configuration.streamBatches)", configuration: caption)
            }
            store.record("wobble-\(key)", trace.wobble, configuration: caption)
        }
        store.record(
            "batch-of-one-error", text: result.batchOfOneError ?? "(no error was raised)", configuration: caption)
        store.record(
            "batch-of-one-eval-matches", text: result.batchOfOneEvaluationMatches ? "identical" : "different",
            configuration: caption)
        store.record(figure: BatchNormFigures.momentum(result), named: "momentum", configuration: caption)
    }

    static func recordOrderings(_ result: OrderingComparison.Result, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = configuration.captionConfiguration(seed: result.baseSeed)
        store.record("order-train-count", configuration.trainCount, configuration: caption)
        store.record("order-validation-count", configuration.validationCount, configuration: caption)
        store.record("order-label-noise", configuration.labelNoise, configuration: caption)
        store.record("order-epochs", configuration.epochs, configuration: caption)
        store.record("order-seed-count", configuration.runs, configuration: caption)
        store.record("order-dropout", configuration.dropout, configuration: caption)
        store.record("order-architecture", text: configuration.sizes.map(String.init).joined(separator: "–"), configuration: caption)
        store.record(
            table: "ordering-table",
            ResultTable(
                columns: [
                    .init("block after Linear"), .init("train accuracy", format: "mean-std percent.1"),
                    .init("val. accuracy", format: "mean-std percent.1"),
                    .init("flips memorised", format: "mean-std percent.0"),
                    .init("best-epoch val.", format: "mean-std percent.1"),
                    .init("best epoch", format: "mean-std fixed.0"),
                ],
                rows: result.orderings.map {
                    [
                        .text($0.ordering.name), .sample($0.trainAccuracy.values), .sample($0.validationAccuracy.values),
                        .sample($0.memorizedNoise.values),
                        .sample($0.bestValidationAccuracy.values), .sample($0.bestEpoch.values),
                    ]
                }),
            configuration: caption)
        let keys: [(NormalizedNetwork.Ordering, String)] = [
            (.batchNormReLUDropout, "recommended"), (.dropoutBatchNormReLU, "drop-first"),
            (.reLUDropoutBatchNorm, "relu-drop-bn"), (.batchNormOnly, "bn-only"), (.dropoutOnly, "drop-only"),
            (.neither, "neither"),
        ]
        for (ordering, key) in keys {
            guard let summary = result.summary(for: ordering) else { continue }
            store.record("\(key)-val", summary.validationAccuracy, configuration: caption)
            store.record("\(key)-gap", summary.gap, configuration: caption)
            store.record("\(key)-best", summary.bestValidationAccuracy, configuration: caption)
            store.record("\(key)-best-epoch", summary.bestEpoch, configuration: caption)
            store.record("\(key)-memorized", summary.memorizedNoise, configuration: caption)
        }
        store.record("best-ordering", text: result.best.ordering.name, configuration: caption)
        if let recommended = result.summary(for: .batchNormReLUDropout) {
            for (ordering, key) in keys where ordering != .batchNormReLUDropout {
                guard let other = result.summary(for: ordering) else { continue }
                store.record(
                    "recommended-beats-\(key)",
                    SeedSummary.agreement(recommended.validationAccuracy, other.validationAccuracy) { $0 > $1 },
                    configuration: caption)
                store.record(
                    "recommended-minus-\(key)", recommended.validationAccuracy - other.validationAccuracy,
                    configuration: caption)
            }
        }
        store.record(figure: BatchNormFigures.orderings(result), named: "orderings", configuration: caption)
    }

    static func recordVarianceShift(_ result: VarianceShift.Result, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = configuration.captionConfiguration(seed: result.baseSeed)
            + "; \(configuration.hiddenLayers) hidden layers, batch \(configuration.batchSize) unless stated"
        store.record("shift-epochs", configuration.epochs, configuration: caption)
        store.record("shift-hidden-layers", configuration.hiddenLayers, configuration: caption)
        store.record("shift-batch-size", configuration.batchSize, configuration: caption)
        store.record("shift-seed-count", configuration.runs, configuration: caption)
        store.record("shift-train-count", configuration.trainCount, configuration: caption)
        let ps = configuration.probabilities
        store.record("shift-p-low", ps.first!, configuration: caption)
        store.record("shift-p-high", ps.last!, configuration: caption)
        if let low = result.summary(.dropoutBatchNormReLU, dropout: ps.first!),
           let high = result.summary(.dropoutBatchNormReLU, dropout: ps.last!),
           let recommendedHigh = result.summary(.batchNormReLUDropout, dropout: ps.last!) {
            store.record("shift-first-low", low.shift(layer: 0), configuration: caption)
            store.record("shift-first-high", high.shift(layer: 0), configuration: caption)
            store.record("shift-formula-low", 1 / (1 - ps.first!), configuration: caption)
            store.record("shift-formula-high", 1 / (1 - ps.last!), configuration: caption)
            store.record("shift-recommended-first-high", recommendedHigh.shift(layer: 0), configuration: caption)
            store.record("shift-recommended-second-high", recommendedHigh.shift(layer: 1), configuration: caption)
            store.record("shift-gain-high", high.recalibrationGain, configuration: caption)
            store.record("shift-gain-low", low.recalibrationGain, configuration: caption)
            store.record("shift-recommended-gain-high", recommendedHigh.recalibrationGain, configuration: caption)
            store.record("shift-accuracy-high", high.validationAccuracy, configuration: caption)
            store.record("shift-recommended-accuracy-high", recommendedHigh.validationAccuracy, configuration: caption)
            store.record(
                "shift-gain-high-seeds", high.runs.filter { $0.recalibrationGain > 0 }.count, configuration: caption)
        }
        let stressP = configuration.stressDropout
        if let dropStress = result.summary(.dropoutBatchNormReLU, dropout: stressP),
           let recommendedStress = result.summary(.batchNormReLUDropout, dropout: stressP) {
            store.record("gap-p", stressP, configuration: caption)
            store.record("gap-recommended", recommendedStress.validationAccuracy, configuration: caption)
            store.record("gap-drop-first", dropStress.validationAccuracy, configuration: caption)
            store.record("gap-drop-first-reestimated", dropStress.recalibratedAccuracy, configuration: caption)
            store.record(
                "gap-before", recommendedStress.validationAccuracy - dropStress.validationAccuracy, configuration: caption)
            store.record(
                "gap-after", recommendedStress.validationAccuracy - dropStress.recalibratedAccuracy,
                configuration: caption)
            store.record("gap-recovered", dropStress.recalibrationGain, configuration: caption)
        }
        store.record(
            "shift-largest-gain",
            result.sweep.map(\.recalibrationGain.mean).max()!, configuration: caption)
        let names = ["\(configuration.hiddenLayers) hidden layers, batch \(configuration.batchSize)",
                     "\(configuration.deepHiddenLayers) hidden layers, batch \(configuration.batchSize)",
                     "\(configuration.hiddenLayers) hidden layers, batch \(configuration.smallBatchSize)"]
        store.record("stress-p", configuration.stressDropout, configuration: caption)
        store.record("stress-deep-layers", configuration.deepHiddenLayers, configuration: caption)
        store.record("stress-small-batch", configuration.smallBatchSize, configuration: caption)
        for (summary, key) in zip(result.stress, ["base", "deep", "small"]) {
            store.record("stress-\(key)-shift", summary.largestShift, configuration: caption)
            store.record("stress-\(key)-gain", summary.recalibrationGain, configuration: caption)
            store.record("stress-\(key)-accuracy", summary.validationAccuracy, configuration: caption)
        }
        store.record(
            table: "stress-table",
            ResultTable(
                columns: [
                    .init("Drop→BN→ReLU at p = \(configuration.stressDropout)"),
                    .init("largest shift", format: "mean-std fixed.2"),
                    .init("validation accuracy", format: "mean-std percent.1"),
                    .init("after re-estimation", format: "mean-std percent.1"),
                    .init("gain", format: "mean-std percent.1"),
                ],
                rows: zip(names, result.stress).map { name, summary in
                    [
                        .text(name), .sample(summary.largestShift.values), .sample(summary.validationAccuracy.values),
                        .sample(summary.recalibratedAccuracy.values), .sample(summary.recalibrationGain.values),
                    ]
                }),
            configuration: caption)
        store.record(figure: BatchNormFigures.varianceShift(result), named: "variance-shift", configuration: caption)
    }

    static func recordLearningRates(_ result: LearningRateSweep.Result, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = configuration.captionConfiguration(seed: result.baseSeed)
        store.record("lr-hidden-layers", configuration.hiddenLayers, configuration: caption)
        store.record("lr-width", configuration.width, configuration: caption)
        store.record("lr-epochs", configuration.epochs, configuration: caption)
        store.record("lr-seed-count", configuration.runs, configuration: caption)
        store.record("lr-largest", configuration.learningRates.last!, configuration: caption)
        let plain = result.best(for: .neither)
        let normalized = result.best(for: .batchNormOnly)
        store.record("lr-best-plain", plain.learningRate, configuration: caption)
        store.record("lr-best-plain-accuracy", plain.validationAccuracy, configuration: caption)
        store.record("lr-best-bn", normalized.learningRate, configuration: caption)
        store.record("lr-best-bn-accuracy", normalized.validationAccuracy, configuration: caption)
        let plainDiverged = result.points(for: .neither).reduce(0) { $0 + $1.divergedCount }
        let bnDiverged = result.points(for: .batchNormOnly).reduce(0) { $0 + $1.divergedCount }
        store.record("lr-plain-diverged", plainDiverged, configuration: caption)
        // runs that ended near chance level (10 %), with or without a NaN loss
        let plainFailed = result.points(for: .neither).reduce(0) { $0 + $1.runs.filter { $0.validationAccuracy < 0.2 }.count }
        let bnFailed = result.points(for: .batchNormOnly).reduce(0) { $0 + $1.runs.filter { $0.validationAccuracy < 0.2 }.count }
        store.record("lr-plain-failed", plainFailed, configuration: caption)
        store.record("lr-bn-failed", bnFailed, configuration: caption)
        store.record("lr-bn-diverged", bnDiverged, configuration: caption)
        store.record("lr-runs-per-model", configuration.learningRates.count * configuration.runs, configuration: caption)
        if let top = result.points(for: .neither).last, let topBN = result.points(for: .batchNormOnly).last {
            store.record("lr-top-plain-accuracy", top.validationAccuracy, configuration: caption)
            store.record("lr-top-bn-accuracy", topBN.validationAccuracy, configuration: caption)
        }
        store.record(
            table: "lr-table",
            ResultTable(
                columns: [
                    .init("η", format: "auto"), .init("without BN", format: "mean-std percent.1"),
                    .init("diverged", format: "int"), .init("with BN", format: "mean-std percent.1"),
                    .init("diverged ", format: "int"),
                ],
                rows: configuration.learningRates.map { rate in
                    let plainPoint = result.points(for: .neither).first { $0.learningRate == rate }!
                    let bnPoint = result.points(for: .batchNormOnly).first { $0.learningRate == rate }!
                    return [
                        .number(rate), .sample(plainPoint.validationAccuracy.values),
                        .number(Double(plainPoint.divergedCount)), .sample(bnPoint.validationAccuracy.values),
                        .number(Double(bnPoint.divergedCount)),
                    ]
                }),
            configuration: caption)
        store.record(figure: BatchNormFigures.learningRates(result), named: "learning-rates", configuration: caption)
    }

    static func recordLayerNorm(_ result: LayerNormBatchSizes.Result, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = configuration.captionConfiguration(seed: result.baseSeed)
        store.record("ln-epochs", configuration.epochs, configuration: caption)
        store.record("ln-train-count", configuration.trainCount, configuration: caption)
        store.record("ln-seed-count", configuration.runs, configuration: caption)
        store.record(
            "ln-batch-sizes", text: configuration.batchSizes.map(String.init).joined(separator: ", "), configuration: caption)
        let sizes = configuration.batchSizes
        store.record(
            table: "layernorm-table",
            ResultTable(
                columns: [.init("batch size", format: "int"), .init("BatchNorm"), .init("LayerNorm")],
                rows: sizes.map { size in
                    [.number(Double(size))] + [NormalizedNetwork.Ordering.batchNormOnly, .layerNorm].map { ordering in
                        guard let point = result.point(ordering, batchSize: size),
                              let accuracy = point.validationAccuracy
                        else { return ResultValue.text("cannot train") }
                        // a text cell: the column mixes accuracies with "cannot train"
                        return ResultValue.text(percentWithSpread(accuracy))
                    }
                }),
            configuration: caption)
        if let bn1 = result.point(.batchNormOnly, batchSize: 1) {
            store.record("ln-bn1-refused", text: bn1.refusal == nil ? "trained" : "refused", configuration: caption)
        }
        if let ln1 = result.point(.layerNorm, batchSize: 1)?.validationAccuracy {
            store.record("ln-ln1-accuracy", ln1, configuration: caption)
        }
        if let bn32 = result.point(.batchNormOnly, batchSize: 32), let ln32 = result.point(.layerNorm, batchSize: 32),
           let bnAccuracy = bn32.validationAccuracy, let lnAccuracy = ln32.validationAccuracy {
            store.record("ln-bn32-accuracy", bnAccuracy, configuration: caption)
            store.record("ln-ln32-accuracy", lnAccuracy, configuration: caption)
            store.record("ln-32-steps", bn32.steps, configuration: caption)
        }
        if let bn2 = result.point(.batchNormOnly, batchSize: 2)?.validationAccuracy,
           let ln2 = result.point(.layerNorm, batchSize: 2)?.validationAccuracy {
            store.record("ln-bn2-accuracy", bn2, configuration: caption)
            store.record("ln-ln2-accuracy", ln2, configuration: caption)
        }
        let largest = sizes.last!
        if let bnL = result.point(.batchNormOnly, batchSize: largest)?.validationAccuracy,
           let lnL = result.point(.layerNorm, batchSize: largest)?.validationAccuracy {
            store.record("ln-largest-batch", largest, configuration: caption)
            store.record(
                "ln-largest-steps", result.point(.layerNorm, batchSize: largest)!.steps, configuration: caption)
            store.record("ln-bn-largest-accuracy", bnL, configuration: caption)
            store.record("ln-ln-largest-accuracy", lnL, configuration: caption)
        }
        store.record(figure: BatchNormFigures.layerNorm(result), named: "layernorm", configuration: caption)
    }

    static func recordEvalTrap(
        _ result: BatchNormEvalTrap.Result, orderings: OrderingComparison.Result, in store: ResultsStore
    ) {
        let caption = "the \"BN only\" networks of the ordering comparison "
            + "(\(orderings.configuration.captionConfiguration(seed: orderings.baseSeed))), "
            + "evaluation batches \(result.batchSizes.map(String.init).joined(separator: ", "))"
        store.record("trap-eval-accuracy", result.evaluationAccuracy, configuration: caption)
        store.record("trap-smallest-batch", result.batchSizes.first!, configuration: caption)
        store.record("trap-smallest-accuracy", result.trainingModeAccuracy(at: 0), configuration: caption)
        let last = result.batchSizes.count - 1
        store.record("trap-largest-batch", result.batchSizes[last], configuration: caption)
        store.record("trap-largest-accuracy", result.trainingModeAccuracy(at: last), configuration: caption)
        store.record(
            "trap-cost-smallest", result.evaluationAccuracy - result.trainingModeAccuracy(at: 0), configuration: caption)
        store.record(figure: BatchNormFigures.evalTrap(result), named: "eval-trap", configuration: caption)
    }
}
