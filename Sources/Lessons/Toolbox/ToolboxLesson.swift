import NeuralKit
import Notebook
import NotebookDocument

/// The toolbox lesson: `lessons/toolbox.md` and the experiments behind every number in it
/// (mixup, input noise, stochastic depth, gradient clipping, max-norm, and the playbook table).
public enum ToolboxLesson {
    public static let definition = LessonDefinition(
        name: "toolbox", title: "The rest of the toolbox",
        subtitle: "Mixup, input noise, stochastic depth, gradient clipping and max-norm, measured",
        plan: [
            Experiment(
                id: "mixup-moons", section: "sec-mixup",
                summary: "the same MLP on two moons with and without mixup",
                settings: MixupMoons.Settings.self
            ) { settings, context in
                let result = try MixupMoons.run(
                    settings, seeds: context.runSeeds(settings.runs), jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordMixup(result, baseSeed: context.seed, in: context.results)
                for claim in ToolboxClaims.mixup(result) { context.results.record(claim: claim) }
            },
            Experiment(
                id: "playbook", section: "sec-playbook-runs",
                summary: "each technique alone on small, noisily labelled digits, against its plain reference",
                settings: ToolboxPlaybook.Settings.self
            ) { settings, context in
                let result = try ToolboxPlaybook.run(
                    settings, seeds: context.runSeeds(settings.runs), baseSeed: context.seed, jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordPlaybook(result, in: context.results)
                for claim in ToolboxClaims.playbook(result) { context.results.record(claim: claim) }
                let best = result.ranking.first ?? .baseline
                context.reporter.summarize(
                    "largest mean gain over its reference: \(best.title), "
                        + "\(percent(result.gain(best)?.mean ?? .nan)) validation accuracy")
            },
            Experiment(
                id: "clipping", section: "sec-clipping",
                summary: "a deep MLP with SGD at too large a rate: unclipped, clipped, and unclipped at a smaller rate",
                settings: ClippingOnUnstableRun.Settings.self
            ) { settings, context in
                let result = try ClippingOnUnstableRun.run(
                    settings, seeds: context.runSeeds(settings.runs), jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordClipping(result, baseSeed: context.seed, in: context.results)
                for claim in ToolboxClaims.clipping(result) { context.results.record(claim: claim) }
            },
        ])

    static func percent(_ value: Double) -> String {
        "\((value * 1000).rounded() / 10) %"
    }

    /// A gain in percentage points with its sign: "+3.1 points", "−0.4 points".
    static func signedPoints(_ value: Double) -> String {
        let points = (value * 1000).rounded() / 10
        return (points < 0 ? "−\(-points)" : "+\(points)") + " points"
    }

    // MARK: - Recording

    static func recordMixup(_ result: MixupMoons.Result, baseSeed: UInt64, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = configuration.captionConfiguration(seed: baseSeed)
        store.record("mixup-alpha", configuration.alpha, configuration: caption)
        store.record("mixup-train-count", configuration.trainCount, configuration: caption)
        store.record("mixup-test-count", configuration.testCount, configuration: caption)
        store.record("mixup-noise", configuration.noise, configuration: caption)
        store.record("mixup-band", configuration.band, configuration: caption)
        store.record("mixup-band-upper", 1 - configuration.band, configuration: caption)
        store.record("mixup-epochs", configuration.epochs, configuration: caption)
        store.record("mixup-seed-count", configuration.runs, configuration: caption)
        store.record("mixup-plain-band", result.plain.transitionShare, configuration: caption)
        store.record("mixup-band-share", result.mixup.transitionShare, configuration: caption)
        store.record("mixup-plain-confidence", result.plain.testConfidence, configuration: caption)
        store.record("mixup-confidence", result.mixup.testConfidence, configuration: caption)
        store.record("mixup-plain-train", result.plain.trainAccuracy, configuration: caption)
        store.record("moons-mixup-train", result.mixup.trainAccuracy, configuration: caption)
        store.record("mixup-plain-test", result.plain.testAccuracy, configuration: caption)
        store.record("mixup-test", result.mixup.testAccuracy, configuration: caption)
        store.record("mixup-test-gain", result.mixup.testAccuracy - result.plain.testAccuracy, configuration: caption)
        store.record(figure: ToolboxFigures.mixupBoundaries(result), named: "mixup-moons", configuration: caption)
    }

    static func recordPlaybook(_ result: ToolboxPlaybook.Result, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = configuration.captionConfiguration(seed: result.baseSeed)
        store.record("train-count", configuration.trainCount, configuration: caption)
        store.record("validation-count", configuration.validationCount, configuration: caption)
        store.record("label-noise", configuration.labelNoise, configuration: caption)
        store.record("epochs", configuration.epochs, configuration: caption)
        store.record("seed-count", configuration.runs, configuration: caption)
        store.record("width", configuration.width, configuration: caption)
        store.record("residual-blocks", configuration.residualBlocks, configuration: caption)
        store.record("noise-sigma", configuration.noiseStandardDeviation, configuration: caption)
        store.record("digits-mixup-alpha", configuration.mixupAlpha, configuration: caption)
        store.record("dropout", configuration.dropout, configuration: caption)
        store.record("max-norm", configuration.maxNorm, configuration: caption)
        store.record("final-survival", configuration.finalSurvivalProbability, configuration: caption)
        for technique in result.techniques {
            let name = technique.technique.rawValue
            store.record("\(name)-val", technique.validationAccuracy, configuration: caption)
            store.record("\(name)-best-val", technique.bestValidationAccuracy, configuration: caption)
            store.record("\(name)-train", technique.trainAccuracy, configuration: caption)
            store.record("\(name)-memorized", technique.memorizedNoise, configuration: caption)
            if let gain = result.gain(technique.technique), let best = result.bestEpochGain(technique.technique),
                technique.technique != technique.technique.reference
            {
                store.record("\(name)-gain", gain, configuration: caption)
                store.record("\(name)-best-gain", best, configuration: caption)
            }
        }
        if let dropout = result.summary(.dropout), let constrained = result.summary(.dropoutMaxNorm) {
            store.record("dropout-largest-norm", dropout.largestRowNorm, configuration: caption)
            store.record("maxnorm-largest-norm", constrained.largestRowNorm, configuration: caption)
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
        let ranking = result.ranking
        if ranking.count >= 2 {
            store.record("first-technique", text: ranking[0].title, configuration: caption)
            store.record("second-technique", text: ranking[1].title, configuration: caption)
            store.record("first-minus-second", result.gain(ranking[0])! - result.gain(ranking[1])!, configuration: caption)
        }
        store.record(
            "playbook-ranking",
            text: ranking.map { "\($0.title) (\(signedPoints(result.gain($0)!.mean)))" }.joined(separator: ", "),
            configuration: caption)
        store.record(
            table: "playbook-table",
            ResultTable(
                columns: [
                    .init("technique"), .init("compared with"),
                    .init("reference", format: "mean-std percent.1"),
                    .init("with technique", format: "mean-std percent.1"),
                    .init("gain, last epoch", format: "mean-std percent.1"), .init("runs better", format: "int"),
                    .init("gain, best epoch", format: "mean-std percent.1"),
                    .init("train accuracy", format: "mean-std percent.1"),
                ],
                rows: result.comparedTechniques.compactMap { technique in
                    guard let summary = result.summary(technique), let reference = result.summary(technique.reference),
                        let gain = result.gain(technique), let best = result.bestEpochGain(technique)
                    else { return nil }
                    return [
                        .text(technique.title), .text(technique.reference.title),
                        .sample(reference.validationAccuracy.values), .sample(summary.validationAccuracy.values),
                        .sample(gain.values), .number(Double(result.seedsImproved(technique))), .sample(best.values),
                        .sample(summary.trainAccuracy.values),
                    ]
                }),
            configuration: caption)
        store.record(figure: ToolboxFigures.playbookGains(result), named: "playbook-gains", configuration: caption)
        store.record(figure: ToolboxFigures.stochasticDepth(result), named: "stochastic-depth", configuration: caption)
    }

    static func recordClipping(_ result: ClippingOnUnstableRun.Result, baseSeed: UInt64, in store: ResultsStore) {
        let configuration = result.configuration
        let caption = configuration.captionConfiguration(seed: baseSeed)
        store.record("clip-learning-rate", configuration.learningRate, configuration: caption)
        store.record("clip-momentum", configuration.momentum, configuration: caption)
        store.record("clip-max-norm", configuration.maxNorm, configuration: caption)
        store.record("clip-epochs", configuration.epochs, configuration: caption)
        store.record("clip-seed-count", configuration.runs, configuration: caption)
        store.record("clip-control-learning-rate", configuration.controlLearningRate, configuration: caption)
        store.record("clip-control-accuracy", result.controlAccuracy, configuration: caption)
        store.record("clip-depth", configuration.sizes.count - 2, configuration: caption)
        store.record("clip-plain-diverged", result.plainDivergedCount, configuration: caption)
        store.record("clip-clipped-diverged", result.clippedDivergedCount, configuration: caption)
        store.record("clip-plain-accuracy", result.validationAccuracy(clipped: false), configuration: caption)
        store.record("clip-clipped-accuracy", result.validationAccuracy(clipped: true), configuration: caption)
        store.record("clip-plain-largest-norm", result.plainLargestNorm, configuration: caption)
        store.record("clip-step-share", result.clippedStepSharePerRun, configuration: caption)
        store.record(figure: ToolboxFigures.clippingTrace(result), named: "clipping-trace", configuration: caption)
    }
}
