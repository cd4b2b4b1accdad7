import NeuralKit
import Notebook
import NotebookDocument

/// The overfitting lesson: `lessons/overfitting.md` and the experiments behind every number in it.
public enum OverfittingLesson {
    public static let definition = LessonDefinition(
        name: "overfitting", title: "Overfitting",
        subtitle: "The divergence point, capacity, bias and variance, and memorised random labels"
    ) { context in
        try run(context)
    }

    /// All results of one run, kept together so that tests can assert the lesson's claims.
    public struct Results: Sendable {
        public let divergence: DivergencePoint.Result
        public let capacity: CapacitySweep.Result
        public let memorization: RandomLabelMemorization.Result
    }

    /// Runs every experiment of the lesson (no recording): what the tests call.
    public static func runExperiments(
        seed: UInt64, quick: Bool, narration: ExperimentNarration = .silent
    ) throws -> Results {
        narration.announce("1. The divergence point on a few noisy-sine points")
        let divergence = try DivergencePoint.run(.init(seed: seed, quick: quick), narration: narration)
        narration.announce("2–3. Capacity, bias and variance over many resampled training sets")
        let capacity = try CapacitySweep.run(.init(seed: seed, quick: quick), narration: narration)
        narration.announce("4. Memorising random labels on the digits")
        let memorization = try RandomLabelMemorization.run(.init(seed: seed, quick: quick), narration: narration)
        return Results(divergence: divergence, capacity: capacity, memorization: memorization)
    }

    static func run(_ context: ExperimentContext) throws {
        let results = try runExperiments(seed: context.seed, quick: context.quick, narration: context.narration)
        recordDivergence(results.divergence, in: context.results)
        recordCapacity(results.capacity, in: context.results)
        recordMemorization(results.memorization, in: context.results)
        context.reporter.summarize(
            "validation minimum at epoch \(Int(results.divergence.bestEpoch.mean.rounded())) (mean), "
                + "best width h = \(results.capacity.best.width), random labels fitted in "
                + "\(Int(results.memorization.epochsToFit(.random).mean.rounded())) epochs vs "
                + "\(Int(results.memorization.epochsToFit(.real).mean.rounded())) for true ones")
    }

    // MARK: - Recording

    static func recordDivergence(_ result: DivergencePoint.Result, in store: ResultsStore) {
        let configuration = result.configuration
        let problem = configuration.problem
        let caption = configuration.captionConfiguration
        store.record("div-architecture", text: configuration.sizes.map(String.init).joined(separator: "–"), configuration: caption)
        store.record("div-parameter-count", configuration.parameterCount, configuration: caption)
        store.record("train-count", problem.trainCount, configuration: caption)
        store.record("validation-count", problem.validationCount, configuration: caption)
        store.record(
            "div-parameters-per-point", Double(configuration.parameterCount) / Double(problem.trainCount),
            configuration: caption)
        store.record("noise-sd", Double(problem.noise), configuration: caption)
        store.record("noise-variance", problem.noiseVariance, configuration: caption)
        store.record("div-epochs", configuration.epochs, configuration: caption)
        store.record("div-learning-rate", configuration.learningRate, configuration: caption)
        store.record("div-seed-count", configuration.seedCount, configuration: caption)
        store.record("best-epoch", result.bestEpoch, configuration: caption)
        store.record("best-epoch-first-seed", result.runs[0].fit.bestEpoch, configuration: caption)
        store.record("best-val-loss", result.bestValidationLoss, configuration: caption)
        store.record("final-val-loss", result.finalValidationLoss, configuration: caption)
        store.record("val-rise", SeedSummary(result.validationRise.values.map { $0 - 1 }), configuration: caption)
        store.record("train-at-best", result.trainLossAtBest, configuration: caption)
        store.record("final-train", result.finalTrainLoss, configuration: caption)
        store.record(
            "train-fell-seeds", SeedSummary.agreement(result.finalTrainLoss, result.trainLossAtBest) { $0 < $1 },
            configuration: caption)
        store.record(
            "val-rose-seeds", SeedSummary.agreement(result.finalValidationLoss, result.bestValidationLoss) { $0 > $1 },
            configuration: caption)
        store.record("val-rose-10-seeds", result.seedsThatDiverged, configuration: caption)
        store.record(
            "final-train-below-noise-seeds", result.runs.filter { $0.fit.finalTrainLoss < problem.noiseVariance }.count,
            configuration: caption)
        store.record("best-curve-error", result.bestCurveError, configuration: caption)
        store.record("final-curve-error", result.finalCurveError, configuration: caption)
        store.record(
            "curve-worse-seeds", SeedSummary.agreement(result.finalCurveError, result.bestCurveError) { $0 > $1 },
            configuration: caption)
        store.record(
            figure: OverfittingFigures.divergence(result), named: "divergence",
            configuration: configuration.figureConfiguration)
    }

    static func recordCapacity(_ result: CapacitySweep.Result, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = configuration.captionConfiguration
        store.record("cap-widths", text: configuration.widths.map(String.init).joined(separator: ", "), configuration: caption)
        store.record("cap-sets", configuration.trainingSets, configuration: caption)
        store.record("cap-network-count", configuration.trainingSets * configuration.widths.count, configuration: caption)
        store.record("cap-epochs", configuration.epochs, configuration: caption)
        store.record("cap-test-points", configuration.testPoints, configuration: caption)
        store.record("cap-target-draws", configuration.targetDraws, configuration: caption)
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
        store.record(
            "largest-worse-sets", SeedSummary.agreement(result.largest.testError, result.best.testError) { $0 > $1 },
            configuration: caption)
        store.record(
            "largest-fits-better-sets", SeedSummary.agreement(result.largest.trainLoss, result.best.trainLoss) { $0 < $1 },
            configuration: caption)
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
        let noise = configuration.problem.noiseVariance
        store.record(
            "best-train-vs-noise",
            text: result.best.trainLoss.mean < noise
                ? "already below σ²: even the best network fits some of the noise, and what makes it the best is "
                    + "that its test loss is the lowest"
                : "still above σ², as it should be for a model that has not started to learn the noise",
            configuration: caption)
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
        store.record(
            table: "diagnosis-table",
            ResultTable(
                columns: [
                    .init("regime"), .init("h", format: "int"), .init("parameters per point", format: "fixed.1"),
                    .init("training loss", format: "mean-std fixed.3"), .init("test loss", format: "mean-std fixed.3"),
                    .init("gap", format: "mean-std fixed.3"), .init("test / training", format: "mean-std fixed.1"),
                ],
                rows: [
                    ("underfitting", result.smallest), ("good fit", result.best), ("overfitting", result.largest),
                ].map { regime, d in
                    [
                        .text(regime), .number(Double(d.width)), .number(d.parametersPerSample),
                        .sample(d.trainLoss.values), .sample(d.testError.values), .sample(d.gap.values),
                        .sample(d.ratio.values),
                    ]
                }),
            configuration: caption)
        store.record(figure: OverfittingFigures.capacity(result), named: "capacity", configuration: caption)
        store.record(figure: OverfittingFigures.biasVariance(result), named: "bias-variance", configuration: caption)
    }

    static func recordMemorization(_ result: RandomLabelMemorization.Result, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = configuration.captionConfiguration
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
        store.record("mem-seed-count", configuration.seedCount, configuration: caption)
        store.record("fitted-threshold", configuration.fittedThreshold, configuration: caption)
        // The standard error of an accuracy from n independent guesses with p = 1/10: √(p(1−p)/n).
        store.record("chance-standard-error", (0.09 / Double(configuration.validationCount)).squareRoot(), configuration: caption)
        for labels in RandomLabelMemorization.Labels.allCases {
            let name = labels == .real ? "real" : "random"
            store.record("\(name)-train-accuracy", result.trainAccuracy(labels), configuration: caption)
            store.record("\(name)-val-accuracy", result.validationAccuracy(labels), configuration: caption)
            store.record("\(name)-epochs-to-fit", result.epochsToFit(labels), configuration: caption)
            store.record("\(name)-fitted-seeds", result.fittedRuns(labels), configuration: caption)
        }
        let slowdown = SeedSummary(
            zip(result.runs(.random), result.runs(.real)).map { random, real in
                Double(random.epochsToFit ?? configuration.epochs) / Double(real.epochsToFit ?? configuration.epochs)
            })
        store.record("fit-slowdown", slowdown, configuration: caption)
        store.record(
            "random-slower-seeds",
            SeedSummary.agreement(result.epochsToFit(.random), result.epochsToFit(.real)) { $0 > $1 },
            configuration: caption)
        store.record(
            table: "memorization-table",
            ResultTable(
                columns: [
                    .init("labels"), .init("training accuracy", format: "mean-std percent.1"),
                    .init("validation accuracy", format: "mean-std percent.1"),
                    .init("epochs to \(Int(configuration.fittedThreshold * 100)) % training accuracy", format: "mean-std fixed.1"),
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
}
