import NeuralKit
import Notebook
import NotebookDocument

/// The toolbox lesson: `lessons/toolbox.md` and the experiments behind every number in it
/// (mixup, input noise, stochastic depth, gradient clipping, max-norm, and the playbook table).
public enum ToolboxLesson {
    public static let definition = LessonDefinition(
        name: "toolbox", title: "The rest of the toolbox",
        subtitle: "Mixup, input noise, stochastic depth, gradient clipping and max-norm, measured"
    ) { context in
        try run(context)
    }

    /// All results of one run, kept together so that tests can assert the lesson's claims.
    public struct Results: Sendable {
        public let mixup: MixupMoons.Result
        public let playbook: ToolboxPlaybook.Result
        public let clipping: ClippingOnUnstableRun.Result
    }

    /// Runs every experiment of the lesson (no recording): what the tests call.
    public static func runExperiments(
        seed: UInt64, quick: Bool, narration: ExperimentNarration = .silent
    ) throws -> Results {
        narration.announce("1. Mixup on two moons")
        let mixup = try MixupMoons.run(.init(seed: seed, quick: quick), narration: narration)
        narration.announce("2–4. Input noise, mixup, dropout, max-norm and stochastic depth on digits")
        let playbook = try ToolboxPlaybook.run(.init(seed: seed, quick: quick), narration: narration)
        narration.announce("5. Gradient clipping on an unstable run")
        let clipping = try ClippingOnUnstableRun.run(.init(seed: seed, quick: quick), narration: narration)
        return Results(mixup: mixup, playbook: playbook, clipping: clipping)
    }

    static func run(_ context: ExperimentContext) throws {
        let results = try runExperiments(seed: context.seed, quick: context.quick, narration: context.narration)
        recordMixup(results.mixup, in: context.results)
        recordPlaybook(results.playbook, in: context.results)
        recordClipping(results.clipping, in: context.results)
        let best = results.playbook.bestTechnique
        context.reporter.summarize(
            "largest mean gain over the plain network: \(best.title), "
                + "\(percent(results.playbook.gain(best)?.mean ?? .nan)) validation accuracy")
    }

    static func percent(_ value: Double) -> String {
        "\((value * 1000).rounded() / 10) %"
    }

    /// A gain in percentage points with its sign: "+3.1 points", "−0.4 points".
    static func signedPoints(_ value: Double) -> String {
        let points = (value * 1000).rounded() / 10
        return (points < 0 ? "−\(-points)" : "+\(points)") + " points"
    }

    // MARK: - Recording

    static func recordMixup(_ result: MixupMoons.Result, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = configuration.captionConfiguration
        store.record("mixup-alpha", configuration.alpha, configuration: caption)
        store.record("mixup-train-count", configuration.trainCount, configuration: caption)
        store.record("mixup-test-count", configuration.testCount, configuration: caption)
        store.record("mixup-noise", Double(configuration.noise), configuration: caption)
        store.record("mixup-epochs", configuration.epochs, configuration: caption)
        store.record("mixup-seed-count", configuration.seedCount, configuration: caption)
        store.record("mixup-plain-band", result.plain.transitionShare, configuration: caption)
        store.record("mixup-band", result.mixup.transitionShare, configuration: caption)
        store.record("mixup-wider-seeds", result.seedsWithWiderBand, configuration: caption)
        store.record("mixup-plain-confidence", result.plain.testConfidence, configuration: caption)
        store.record("mixup-confidence", result.mixup.testConfidence, configuration: caption)
        store.record("mixup-less-confident-seeds", result.seedsLessConfident, configuration: caption)
        store.record("mixup-plain-train", result.plain.trainAccuracy, configuration: caption)
        store.record("moons-mixup-train", result.mixup.trainAccuracy, configuration: caption)
        store.record("mixup-plain-test", result.plain.testAccuracy, configuration: caption)
        store.record("mixup-test", result.mixup.testAccuracy, configuration: caption)
        store.record("mixup-test-gain", result.mixup.testAccuracy - result.plain.testAccuracy, configuration: caption)
        store.record("mixup-more-accurate-seeds", result.seedsMoreAccurate, configuration: caption)
        store.record(figure: ToolboxFigures.mixupBoundaries(result), named: "mixup-moons", configuration: caption)
    }

    static func recordPlaybook(_ result: ToolboxPlaybook.Result, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = configuration.captionConfiguration
        store.record("train-count", configuration.trainCount, configuration: caption)
        store.record("validation-count", configuration.validationCount, configuration: caption)
        store.record("label-noise", configuration.labelNoise, configuration: caption)
        store.record("epochs", configuration.epochs, configuration: caption)
        store.record("seed-count", configuration.seedCount, configuration: caption)
        store.record("width", configuration.width, configuration: caption)
        store.record("residual-blocks", configuration.residualBlocks, configuration: caption)
        store.record("noise-sigma", Double(configuration.noiseStandardDeviation), configuration: caption)
        store.record("digits-mixup-alpha", configuration.mixupAlpha, configuration: caption)
        store.record("dropout", configuration.dropout, configuration: caption)
        store.record("max-norm", configuration.maxNorm, configuration: caption)
        store.record("final-survival", configuration.finalSurvivalProbability, configuration: caption)
        for technique in result.techniques {
            let name = technique.technique.rawValue
            store.record("\(name)-val", technique.validationAccuracy, configuration: caption)
            store.record("\(name)-train", technique.trainAccuracy, configuration: caption)
            if technique.technique != technique.technique.reference, let gain = result.gain(technique.technique) {
                store.record("\(name)-gain", gain, configuration: caption)
                store.record("\(name)-improved-seeds", result.seedsImproved(technique.technique), configuration: caption)
            }
        }
        if let dropout = result.summary(.dropout), let constrained = result.summary(.dropoutMaxNorm) {
            store.record("dropout-largest-norm", dropout.largestRowNorm, configuration: caption)
            store.record("maxnorm-largest-norm", constrained.largestRowNorm, configuration: caption)
            store.record(
                "maxnorm-vs-dropout", constrained.validationAccuracy - dropout.validationAccuracy,
                configuration: caption)
            store.record(
                "maxnorm-beats-dropout-seeds",
                SeedSummary.agreement(constrained.validationAccuracy, dropout.validationAccuracy) { $0 > $1 },
                configuration: caption)
        }
        if let depth = result.summary(.stochasticDepth) {
            let kept = (0..<result.survivalProbabilities.count).map { block in
                SeedSummary(depth.runs.map { $0.keptFractions[block] })
            }
            store.record(
                "max-kept-error",
                zip(kept, result.survivalProbabilities).map { abs($0.mean - $1) }.max() ?? .nan,
                configuration: caption)
            store.record(
                table: "survival-table",
                ResultTable(
                    columns: [
                        .init("block l", format: "int"), .init("p_l (linear decay)", format: "fixed.3"),
                        .init("kept in training", format: "mean-std fixed.3"),
                    ],
                    rows: zip(kept, result.survivalProbabilities).enumerated().map { index, pair in
                        [.number(Double(index + 1)), .number(pair.1), .sample(pair.0.values)]
                    }),
                configuration: caption)
        }
        store.record(
            "best-technique", text: result.bestTechnique.title, configuration: caption)
        let ranked = result.techniques.map(\.technique).filter { $0 != $0.reference }
            .compactMap { technique in result.gain(technique).map { (technique, $0) } }
            .sorted { $0.1.mean > $1.1.mean }
        store.record(
            "playbook-ranking",
            text: ranked.map { "\($0.0.title) (\(signedPoints($0.1.mean)))" }.joined(separator: ", "),
            configuration: caption)
        store.record(
            table: "playbook-table",
            ResultTable(
                columns: [
                    .init("technique"), .init("compared with"),
                    .init("reference", format: "mean-std percent.1"),
                    .init("with technique", format: "mean-std percent.1"),
                    .init("gain", format: "mean-std percent.1"), .init("seeds better", format: "int"),
                    .init("train accuracy", format: "mean-std percent.1"),
                ],
                rows: result.techniques.filter { $0.technique != $0.technique.reference }.compactMap { summary in
                    let technique = summary.technique
                    guard let reference = result.summary(technique.reference), let gain = result.gain(technique)
                    else { return nil }
                    return [
                        .text(technique.title), .text(technique.reference.title),
                        .sample(reference.validationAccuracy.values), .sample(summary.validationAccuracy.values),
                        .sample(gain.values), .number(Double(result.seedsImproved(technique))),
                        .sample(summary.trainAccuracy.values),
                    ]
                }),
            configuration: caption)
        store.record(figure: ToolboxFigures.playbookGains(result), named: "playbook-gains", configuration: caption)
        store.record(figure: ToolboxFigures.stochasticDepth(result), named: "stochastic-depth", configuration: caption)
    }

    static func recordClipping(_ result: ClippingOnUnstableRun.Result, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = configuration.captionConfiguration
        store.record("clip-learning-rate", configuration.learningRate, configuration: caption)
        store.record("clip-momentum", configuration.momentum, configuration: caption)
        store.record("clip-max-norm", configuration.maxNorm, configuration: caption)
        store.record("clip-epochs", configuration.epochs, configuration: caption)
        store.record("clip-seed-count", configuration.seedCount, configuration: caption)
        store.record("clip-depth", configuration.sizes.count - 2, configuration: caption)
        store.record("clip-plain-diverged", result.plainDivergedCount, configuration: caption)
        store.record("clip-clipped-diverged", result.clippedDivergedCount, configuration: caption)
        store.record("clip-plain-accuracy", result.validationAccuracy(clipped: false), configuration: caption)
        store.record("clip-clipped-accuracy", result.validationAccuracy(clipped: true), configuration: caption)
        store.record("clip-plain-largest-norm", result.plainLargestNorm, configuration: caption)
        store.record("clip-step-share", result.clippedStepShare, configuration: caption)
        store.record(figure: ToolboxFigures.clippingTrace(result), named: "clipping-trace", configuration: caption)
    }
}

extension ToolboxPlaybook.Result {
    /// The technique with the largest mean gain over its plain reference.
    public var bestTechnique: ToolboxPlaybook.Technique {
        techniques.map(\.technique).filter { $0 != $0.reference }
            .max { (gain($0)?.mean ?? -1) < (gain($1)?.mean ?? -1) } ?? .baseline
    }
}
