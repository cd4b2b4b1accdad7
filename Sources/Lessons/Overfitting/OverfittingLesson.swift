import Foundation
import NeuralKit
import Notebook
import NotebookDocument

/// The overfitting lesson: `lessons/overfitting.md` and the experiments behind every number in it.
public enum OverfittingLesson {
    public static let definition = LessonDefinition(
        name: "overfitting", title: "Overfitting",
        subtitle: "The divergence point, capacity, bias and variance, and memorised random labels",
        plan: [
            Experiment(
                id: "divergence", section: "sec-divergence",
                summary: "a large MLP on twenty noisy-sine points: training and validation loss part",
                settings: DivergencePoint.Settings.self
            ) { settings, context in
                let result = try DivergencePoint.run(
                    settings, seeds: context.runSeeds(settings.runs), baseSeed: context.seed, jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordDivergence(result, in: context.results)
                for claim in OverfittingClaims.divergence(result) { context.results.record(claim: claim) }
                context.reporter.summarize(
                    "validation minimum at epoch \(Int(result.bestEpoch.mean.rounded())) (mean); "
                        + "rose more than \(Int(settings.riseMargin * 100)) % on \(result.runsThatRose) of \(result.runs.count) runs")
            },
            Experiment(
                id: "capacity", section: "sec-capacity",
                summary: "MLPs 1-h-h-1 of growing width h, each trained on the same independently drawn training sets",
                settings: CapacitySweep.Settings.self
            ) { settings, context in
                let result = try CapacitySweep.run(
                    settings, seeds: context.runSeeds(settings.trainingSets), baseSeed: context.seed,
                    jobs: context.jobs, narration: context.concurrentNarration)
                context.products.store(result)
                recordCapacity(result, in: context.results)
                for claim in OverfittingClaims.capacity(result) { context.results.record(claim: claim) }
                context.reporter.summarize("lowest mean test error at h = \(result.best.width)")
            },
            Experiment(
                id: "bias-variance", section: "sec-bias-variance",
                summary: "bias², variance and noise of the capacity sweep's fits, checked against the measured error",
                requires: ["capacity"], settings: ReusedRuns.self
            ) { _, context in
                let result = try context.products.get(CapacitySweep.Result.self, for: "bias-variance")
                recordBiasVariance(result, in: context.results)
                for claim in OverfittingClaims.biasVariance(result) { context.results.record(claim: claim) }
            },
            Experiment(
                id: "memorization", section: "sec-memorization",
                summary: "the same MLP on digits with their true labels and with random labels",
                settings: RandomLabelMemorization.Settings.self
            ) { settings, context in
                let result = try RandomLabelMemorization.run(
                    settings, seeds: context.runSeeds(settings.runs), baseSeed: context.seed, jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordMemorization(result, in: context.results)
                for claim in OverfittingClaims.memorization(result) { context.results.record(claim: claim) }
                context.reporter.summarize(
                    "random labels fitted in \(Int(result.epochsToFit(.random).mean.rounded())) epochs vs "
                        + "\(Int(result.epochsToFit(.real).mean.rounded())) for true ones")
            },
            Experiment(
                id: "diagnosis", section: "sec-diagnosis",
                summary: "the smallest, the lowest-error and the largest width of the capacity sweep as three regimes",
                requires: ["capacity"], settings: ReusedRuns.self
            ) { _, context in
                let result = try context.products.get(CapacitySweep.Result.self, for: "diagnosis")
                recordDiagnosis(result, in: context.results)
                for claim in OverfittingClaims.diagnosis(result) { context.results.record(claim: claim) }
            },
        ])

    /// The settings of an experiment that trains nothing and reads another one's networks: none
    /// (set those of the experiment it requires).
    public struct ReusedRuns: ExperimentSettings {
        public init(quick: Bool) {}
        public static let declarations: [SettingDeclaration<ReusedRuns>] = []
    }

    // MARK: - Recording

    static func recordDivergence(_ result: DivergencePoint.Result, in store: ResultsStore) {
        let configuration = result.configuration
        let problem = configuration.problem
        let caption = configuration.captionConfiguration(seed: result.baseSeed)
        store.record("div-architecture", text: configuration.sizes.map(String.init).joined(separator: "–"), configuration: caption)
        store.record("div-parameter-count", configuration.parameterCount, configuration: caption)
        store.record("train-count", problem.trainCount, configuration: caption)
        store.record("validation-count", problem.validationCount, configuration: caption)
        store.record(
            "div-parameters-per-point", Double(configuration.parameterCount) / Double(problem.trainCount),
            configuration: caption)
        store.record("noise-sd", configuration.noise, configuration: caption)
        store.record("noise-variance", problem.noiseVariance, configuration: caption)
        store.record("div-epochs", configuration.epochs, configuration: caption)
        store.record("div-learning-rate", configuration.learningRate, configuration: caption)
        store.record("div-runs", result.runs.count, configuration: caption)
        store.record("rise-margin", configuration.riseMargin, configuration: caption)
        store.record("best-epoch", result.bestEpoch, configuration: caption)
        store.record("best-epoch-first-run", result.runs[0].fit.bestEpoch, configuration: caption)
        store.record("best-val-loss", result.bestValidationLoss, configuration: caption)
        store.record("final-val-loss", result.finalValidationLoss, configuration: caption)
        store.record("val-rise", result.validationRise, configuration: caption)
        store.record("val-rose-runs", result.runsThatRose, configuration: caption)
        store.record("train-at-best", result.trainLossAtBest, configuration: caption)
        store.record("final-train", result.finalTrainLoss, configuration: caption)
        store.record("best-curve-error", result.bestCurveError, configuration: caption)
        store.record("final-curve-error", result.finalCurveError, configuration: caption)
        store.record(
            "curve-error-ratio",
            SeedSummary(zip(result.finalCurveError.values, result.bestCurveError.values).map { $0 / $1 }),
            configuration: caption)
        store.record(
            figure: OverfittingFigures.divergence(result), named: "divergence",
            configuration: configuration.captionConfiguration(seed: result.baseSeed, runs: 1))
        // The epoch slider: the snapshots of the first run and its validation minimum.
        let fit = result.runs[0].fit
        var snapshots = fit.snapshots.filter { $0.epoch != fit.bestEpoch }
        snapshots.append((fit.bestEpoch, fit.bestCurve))
        snapshots.sort { $0.epoch < $1.epoch }
        let frames = snapshots.map { snapshot in
            ExplorerFrames.Frame(
                value: snapshot.epoch == fit.bestEpoch ? "epoch \(snapshot.epoch) (validation minimum)" : "epoch \(snapshot.epoch)",
                figure: OverfittingFigures.divergenceFrame(result, epoch: snapshot.epoch, curve: snapshot.curve))
        }
        store.record(
            explorer: ExplorerFrames(
                parameter: "epoch", frames: frames, defaultFrame: snapshots.firstIndex { $0.epoch == fit.bestEpoch } ?? 0),
            named: "divergence-explorer", configuration: configuration.captionConfiguration(seed: result.baseSeed, runs: 1))
    }

    /// The values the capacity, bias–variance and diagnosis sections quote for the three regimes.
    static func recordCapacity(_ result: CapacitySweep.Result, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = configuration.captionConfiguration(seed: result.baseSeed)
        store.record("cap-widths", text: configuration.widths.map(String.init).joined(separator: ", "), configuration: caption)
        store.record("cap-sets", configuration.trainingSets, configuration: caption)
        store.record("cap-train-count", configuration.trainCount, configuration: caption)
        store.record("cap-network-count", configuration.trainingSets * configuration.widths.count, configuration: caption)
        store.record("cap-epochs", configuration.epochs, configuration: caption)
        store.record("cap-test-points", configuration.testPoints, configuration: caption)
        store.record("cap-target-draws", configuration.targetDraws, configuration: caption)
        store.record("cap-noise-variance", configuration.problem.noiseVariance, configuration: caption)
        for (name, decomposition) in [("smallest", result.smallest), ("best", result.best), ("largest", result.largest)] {
            store.record("\(name)-width", decomposition.width, configuration: caption)
            store.record("\(name)-parameter-count", decomposition.parameterCount, configuration: caption)
            store.record("\(name)-parameters-per-point", decomposition.parametersPerSample, configuration: caption)
            store.record("\(name)-train", decomposition.trainLoss, configuration: caption)
            store.record("\(name)-test", decomposition.testError, configuration: caption)
            store.record("\(name)-gap", decomposition.gap, configuration: caption)
            store.record("\(name)-ratio", decomposition.ratio, configuration: caption)
            store.record("\(name)-bias", decomposition.biasSquared, configuration: caption)
            store.record("\(name)-variance", decomposition.variance, configuration: caption)
        }
        let neighbours = result.neighboursOfBest.map { d in
            "h = \(d.width) (\(fixed3(d.testError.mean)) ± \(fixed3(d.testError.standardDeviation)))"
        }
        store.record("best-neighbours", text: neighbours.joined(separator: " and "), configuration: caption)
        store.record("best-test-sd", result.best.testError.standardDeviation, configuration: caption)
        store.record(figure: OverfittingFigures.capacity(result), named: "capacity", configuration: caption)
    }

    static func recordBiasVariance(_ result: CapacitySweep.Result, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = configuration.captionConfiguration(seed: result.baseSeed)
        let discrepancies = result.decompositions.map { abs($0.discrepancyInStandardErrors) }
        store.record("max-discrepancy-se", discrepancies.max()!, configuration: caption)
        store.record(
            "max-relative-discrepancy",
            result.decompositions.map { abs($0.sum - $0.measuredError) / $0.measuredError }.max()!,
            configuration: caption)
        let minimumVariance = result.decompositions.min { $0.variance < $1.variance }!
        let maximumVariance = result.decompositions.max { $0.variance < $1.variance }!
        store.record("min-variance-width", minimumVariance.width, configuration: caption)
        store.record("min-variance", minimumVariance.variance, configuration: caption)
        store.record("max-variance-width", maximumVariance.width, configuration: caption)
        store.record("max-variance", maximumVariance.variance, configuration: caption)
        store.record(
            table: "decomposition-table",
            ResultTable(
                columns: [
                    .init("h", format: "int"), .init("parameters", format: "int"), .init("bias²", format: "fixed.4"),
                    .init("variance", format: "fixed.4"), .init("noise σ²", format: "fixed.4"),
                    .init("sum", format: "fixed.4"), .init("measured", format: "fixed.4"),
                    .init("(sum − measured) / SE", format: "fixed.1"),
                ],
                rows: result.decompositions.map { d in
                    [
                        .number(Double(d.width)), .number(Double(d.parameterCount)), .number(d.biasSquared),
                        .number(d.variance), .number(d.noise), .number(d.sum), .number(d.measuredError),
                        .number(d.discrepancyInStandardErrors),
                    ]
                }),
            configuration: caption)
        store.record(figure: OverfittingFigures.biasVariance(result), named: "bias-variance", configuration: caption)
    }

    static func recordDiagnosis(_ result: CapacitySweep.Result, in store: ResultsStore) {
        let caption = result.configuration.captionConfiguration(seed: result.baseSeed)
        store.record(
            table: "diagnosis-table",
            ResultTable(
                columns: [
                    .init("regime"), .init("h", format: "int"), .init("parameters per point", format: "fixed.1"),
                    .init("training loss", format: "mean-std fixed.3"), .init("test loss", format: "mean-std fixed.3"),
                    .init("gap", format: "mean-std fixed.3"), .init("test / training (median)", format: "median fixed.1"),
                ],
                rows: [
                    ("underfitting", result.smallest), ("lowest test error", result.best), ("overfitting", result.largest),
                ].map { regime, d in
                    [
                        .text(regime), .number(Double(d.width)), .number(d.parametersPerSample),
                        .sample(d.trainLoss.values), .sample(d.testError.values), .sample(d.gap.values),
                        .sample(d.ratio.values),
                    ]
                }),
            configuration: caption)
    }

    static func recordMemorization(_ result: RandomLabelMemorization.Result, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = configuration.captionConfiguration(seed: result.baseSeed)
        store.record("mem-train-count", configuration.trainCount, configuration: caption)
        store.record("mem-validation-count", configuration.validationCount, configuration: caption)
        store.record("mem-architecture", text: configuration.sizes.map(String.init).joined(separator: "–"), configuration: caption)
        store.record("mem-parameter-count", configuration.parameterCount, configuration: caption)
        store.record(
            "mem-parameters-per-image", Double(configuration.parameterCount) / Double(configuration.trainCount),
            configuration: caption)
        store.record("mem-epochs", configuration.epochs, configuration: caption)
        store.record("mem-learning-rate", configuration.learningRate, configuration: caption)
        store.record("mem-batch-size", configuration.batchSize, configuration: caption)
        store.record("mem-runs", result.seeds.count, configuration: caption)
        store.record("fitted-threshold", configuration.fittedThreshold, configuration: caption)
        // The standard error of an accuracy from n independent guesses with p = 1/10: √(p(1−p)/n).
        store.record("chance-standard-error", (0.09 / Double(configuration.validationCount)).squareRoot(), configuration: caption)
        for labels in RandomLabelMemorization.Labels.allCases {
            let name = labels == .real ? "real" : "random"
            store.record("\(name)-train-accuracy", result.trainAccuracy(labels), configuration: caption)
            store.record("\(name)-val-accuracy", result.validationAccuracy(labels), configuration: caption)
            store.record("\(name)-epochs-to-fit", result.epochsToFit(labels), configuration: caption)
            store.record("\(name)-fitted-runs", result.fittedRuns(labels), configuration: caption)
        }
        let slowdown = SeedSummary(
            zip(result.runs(.random), result.runs(.real)).map { random, real in
                Double(random.epochsToFit ?? configuration.epochs) / Double(real.epochsToFit ?? configuration.epochs)
            })
        store.record("fit-slowdown", slowdown, configuration: caption)
        store.record(
            table: "memorization-table",
            ResultTable(
                columns: [
                    .init("labels"), .init("training accuracy", format: "mean-std percent.1"),
                    .init("validation accuracy", format: "mean-std percent.1"),
                    .init("epochs to \(Int((configuration.fittedThreshold * 100).rounded())) % training accuracy", format: "mean-std fixed.1"),
                ],
                rows: RandomLabelMemorization.Labels.allCases.map { labels in
                    [
                        .text(labels.rawValue), .sample(result.trainAccuracy(labels).values),
                        .sample(result.validationAccuracy(labels).values), .sample(result.epochsToFit(labels).values),
                    ]
                }),
            configuration: caption)
        store.record(figure: OverfittingFigures.memorization(result), named: "memorization", configuration: caption)
    }

    static func fixed3(_ value: Double) -> String { String(format: "%.3f", value) }
}
