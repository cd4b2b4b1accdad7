import NeuralKit
import Notebook
import NotebookDocument

/// The early-stopping lesson: `lessons/early-stopping.md` and the experiments behind every number
/// in it. (Named `EarlyStoppingLesson` so as not to clash with NeuralKit's `EarlyStopping`.)
public enum EarlyStoppingLesson {
    public static let definition = LessonDefinition(
        name: "early-stopping", title: "Early Stopping",
        subtitle: "Patience, min delta, restoring the best epoch, and early stopping as a weight budget"
    ) { context in
        try run(context)
    }

    /// All results of one run, kept together so that tests can assert the lesson's claims.
    public struct Results: Sendable {
        public let setup: EarlyStoppingSetup
        public let trajectory: TrainingTrajectory.Result
        public let stopped: EarlyStoppedTraining.Result
        public let replay: StoppingRuleReplay.Result
        public let implicitL2: ImplicitL2.Result
        public let plateau: EarlyStoppedTraining.Result

        /// Seeds where the trainer's early stopping stopped and restored exactly where the replay
        /// of the same rule on the full run says.
        public var replayAgreement: Int {
            zip(stopped.runs, replay.validationLossMonitor.decisions).filter {
                $0.stoppedEpoch == $1.stoppedEpoch && $0.restoredEpoch == $1.bestEpoch
            }.count
        }
    }

    /// Runs every experiment of the lesson (no recording): what the tests call.
    public static func runExperiments(
        seed: UInt64, quick: Bool, narration: ExperimentNarration = .silent
    ) throws -> Results {
        let setup = EarlyStoppingSetup(seed: seed, quick: quick)
        let data = try setup.seeds.map { try setup.data(seed: $0) }
        narration.announce("1. A run that overfits, watched epoch by epoch")
        let trajectory = try TrainingTrajectory.run(setup, data: data, narration: narration)
        narration.announce("2. The same runs with early stopping in the trainer")
        let stopped = try EarlyStoppedTraining.run(setup, data: data, maximumEpochs: setup.epochs, narration: narration)
        narration.announce("3. Patience, min delta and the monitored curve, replayed on the full runs")
        let replay = StoppingRuleReplay.run(trajectory)
        narration.announce("4. Early stopping as a weight budget: L2 penalties for comparison")
        let implicitL2 = try ImplicitL2.run(.init(quick: quick), setup: setup, data: data, narration: narration)
        narration.announce("5. Early stopping behind a reduce-on-plateau schedule")
        let plateau = try EarlyStoppedTraining.run(
            setup, data: data, maximumEpochs: setup.epochs, plateau: .init(), narration: narration)
        return Results(
            setup: setup, trajectory: trajectory, stopped: stopped, replay: replay, implicitL2: implicitL2,
            plateau: plateau)
    }

    static func run(_ context: ExperimentContext) throws {
        let results = try runExperiments(seed: context.seed, quick: context.quick, narration: context.narration)
        let store = context.results
        recordSetup(results.setup, in: store)
        recordTrajectory(results, in: store)
        recordReplay(results, in: store)
        recordImplicitL2(results, in: store)
        recordPlateau(results, in: store)
        context.reporter.summarize(
            "restored best epoch: validation loss \(fixed3(results.trajectory.restoredLoss.mean)) "
                + "vs \(fixed3(results.trajectory.lastLoss.mean)) for the last model")
    }

    static func fixed3(_ value: Double) -> String { "\((value * 1000).rounded() / 1000)" }

    // MARK: - Recording

    static func recordSetup(_ setup: EarlyStoppingSetup, in store: ResultsStore) {
        let caption = setup.captionConfiguration
        store.record("train-count", setup.trainCount, configuration: caption)
        store.record("validation-count", setup.validationCount, configuration: caption)
        store.record("small-validation-count", setup.smallValidationCount, configuration: caption)
        store.record("label-noise", setup.labelNoise, configuration: caption)
        store.record("epochs", setup.epochs, configuration: caption)
        store.record("seed-count", setup.seedCount, configuration: caption)
        store.record("learning-rate", setup.learningRate, configuration: caption)
        store.record("batch-size", setup.batchSize, configuration: caption)
        store.record("patience", setup.patience, configuration: caption)
        store.record("architecture", text: setup.sizes.map(String.init).joined(separator: "–"), configuration: caption)
        store.record("parameter-count", setup.parameterCount, configuration: caption)
        store.record(
            "parameters-per-sample", Double(setup.parameterCount) / Double(setup.trainCount), configuration: caption)
    }

    static func recordTrajectory(_ results: Results, in store: ResultsStore) {
        let setup = results.setup
        let trajectory = results.trajectory
        let caption = "\(setup.captionConfiguration), \(setup.epochs) epochs"
        store.record("best-epoch", trajectory.bestEpoch, configuration: caption)
        store.record("restored-loss", trajectory.restoredLoss, configuration: caption)
        store.record("last-loss", trajectory.lastLoss, configuration: caption)
        store.record("last-minus-restored-loss", trajectory.lastLoss - trajectory.restoredLoss, configuration: caption)
        store.record(
            "last-worse-seeds", SeedSummary.agreement(trajectory.lastLoss, trajectory.restoredLoss) { $0 > $1 },
            configuration: caption)
        store.record("restored-accuracy", trajectory.restoredAccuracy, configuration: caption)
        store.record("last-accuracy", trajectory.lastAccuracy, configuration: caption)
        store.record("restored-memorized", trajectory.restoredMemorized, configuration: caption)
        store.record("last-memorized", trajectory.lastMemorized, configuration: caption)
        store.record(
            "less-memorized-seeds",
            SeedSummary.agreement(trajectory.restoredMemorized, trajectory.lastMemorized) { $0 < $1 },
            configuration: caption)
        store.record("final-train-loss", trajectory.finalTrainLoss, configuration: caption)
        store.record("best-epoch-train-loss", trajectory.bestEpochTrainLoss, configuration: caption)
        store.record("initial-norm", trajectory.initialNorm, configuration: caption)
        store.record("restored-norm", trajectory.restoredNorm, configuration: caption)
        store.record("last-norm", trajectory.lastNorm, configuration: caption)
        store.record(
            "norm-ratio",
            SeedSummary(zip(trajectory.lastNorm.values, trajectory.restoredNorm.values).map { $0 / $1 }),
            configuration: caption)
        store.record(
            "restored-growth",
            SeedSummary(zip(trajectory.restoredNorm.values, trajectory.initialNorm.values).map { $0 / $1 - 1 }),
            configuration: caption)
        store.record(
            "last-growth",
            SeedSummary(zip(trajectory.lastNorm.values, trajectory.initialNorm.values).map { $0 / $1 - 1 }),
            configuration: caption)
        store.record(
            "norm-monotone-seeds", trajectory.runs.filter { Self.isIncreasing($0.weightNorm) }.count,
            configuration: caption)
        let base = trajectory.runs[0]
        let baseDecision = results.replay.validationLossMonitor.decisions[0]
        store.record("base-seed", Int(base.seed), configuration: caption)
        store.record("base-best-epoch", baseDecision.bestEpoch, configuration: caption)
        store.record("base-stopped-epoch", baseDecision.stoppedEpoch, configuration: caption)
        store.record(
            figure: EarlyStoppingFigures.curves(base, decision: baseDecision, patience: setup.patience),
            named: "curves", configuration: "\(setup.captionConfiguration.replacingSeeds(with: base.seed)), "
                + "patience \(setup.patience), \(setup.epochs) epochs")

        let stopped = results.stopped
        let stoppedCaption = "\(setup.captionConfiguration), patience \(setup.patience), at most \(setup.epochs) epochs"
        store.record("es-stopped-epoch", stopped.stoppedEpoch, configuration: stoppedCaption)
        store.record("es-restored-epoch", stopped.restoredEpoch, configuration: stoppedCaption)
        store.record("es-loss", stopped.validationLoss, configuration: stoppedCaption)
        store.record("es-accuracy", stopped.validationAccuracy, configuration: stoppedCaption)
        store.record("es-stopped-count", stopped.stoppedCount, configuration: stoppedCaption)
        store.record("replay-agreement", results.replayAgreement, configuration: stoppedCaption)
        store.record(
            "epochs-saved", SeedSummary(stopped.runs.map { Double(setup.epochs - $0.stoppedEpoch) }),
            configuration: stoppedCaption)
    }

    static func recordReplay(_ results: Results, in store: ResultsStore) {
        let setup = results.setup
        let replay = results.replay
        let caption = "\(setup.captionConfiguration), \(setup.epochs) epochs, rule replayed on each run"
        store.record(
            table: "patience-table",
            ResultTable(
                columns: [
                    .init("patience", format: "int"), .init("epochs trained", format: "mean-std fixed.1"),
                    .init("val. loss, best restored", format: "mean-std fixed.3"),
                    .init("val. loss, last kept", format: "mean-std fixed.3"),
                    .init("runs stopped", format: "int"),
                ],
                rows: replay.patienceSweep.map { outcome in
                    [
                        .number(Double(outcome.patience)), .sample(outcome.epochsSpent.values),
                        .sample(outcome.restoredLoss.values), .sample(outcome.lastLoss.values),
                        .number(Double(outcome.stoppedCount)),
                    ]
                }),
            configuration: caption)
        store.record(
            figure: EarlyStoppingFigures.patienceSweep(replay.patienceSweep, epochs: setup.epochs),
            named: "patience-sweep", configuration: caption)
        let sweep = replay.patienceSweep
        let shortest = sweep.first!
        let longest = sweep.last!
        store.record("shortest-patience", shortest.patience, configuration: caption)
        store.record("longest-patience", longest.patience, configuration: caption)
        store.record("shortest-patience-epochs", shortest.epochsSpent, configuration: caption)
        store.record("shortest-patience-loss", shortest.restoredLoss, configuration: caption)
        store.record("longest-patience-epochs", longest.epochsSpent, configuration: caption)
        store.record("longest-patience-loss", longest.restoredLoss, configuration: caption)
        store.record("longest-patience-last-loss", longest.lastLoss, configuration: caption)
        store.record("longest-patience-stopped", longest.stoppedCount, configuration: caption)
        store.record(
            "shortest-worse-seeds",
            SeedSummary.agreement(shortest.restoredLoss, longest.restoredLoss) { $0 > $1 }, configuration: caption)
        // The patience at which the restored loss is within 1 % of what the longest patience reaches.
        let target = longest.restoredLoss.mean * 1.01
        let enough = sweep.first { $0.restoredLoss.mean <= target } ?? longest
        store.record("enough-patience", enough.patience, configuration: caption)
        store.record("enough-patience-epochs", enough.epochsSpent, configuration: caption)

        let train = replay.trainingLossMonitor
        let validation = replay.validationLossMonitor
        store.record("train-monitor-epochs", train.epochsSpent, configuration: caption)
        store.record("train-monitor-stopped", train.stoppedCount, configuration: caption)
        store.record("train-monitor-loss", train.restoredLoss, configuration: caption)
        store.record("val-monitor-loss", validation.restoredLoss, configuration: caption)
        store.record("val-monitor-epochs", validation.epochsSpent, configuration: caption)
        store.record(
            "train-monitor-worse-seeds",
            SeedSummary.agreement(train.restoredLoss, validation.restoredLoss) { $0 > $1 }, configuration: caption)

        let noisyCaption = "\(caption); monitored: the first \(setup.smallValidationCount) validation images, "
            + "patience \(replay.smallPatience)"
        store.record("small-patience", replay.smallPatience, configuration: noisyCaption)
        let noisyRows = zip(replay.noisyMinDeltaSweep, replay.minDeltaSweep).map { noisy, full in
            [
                ResultValue.number(noisy.minDelta), .sample(noisy.epochsSpent.values),
                .sample(noisy.monitoredValue.values), .sample(noisy.restoredLoss.values),
                .sample(full.epochsSpent.values), .sample(full.restoredLoss.values),
            ]
        }
        store.record(
            table: "min-delta-table",
            ResultTable(
                columns: [
                    .init("min delta", format: "fixed.2"),
                    .init("small set: epochs", format: "mean-std fixed.1"),
                    .init("small-set loss", format: "mean-std fixed.3"),
                    .init("full-set loss", format: "mean-std fixed.3"),
                    .init("full set: epochs", format: "mean-std fixed.1"),
                    .init("full-set loss", format: "mean-std fixed.3"),
                ],
                rows: noisyRows),
            configuration: noisyCaption)
        let noisyZero = replay.noisyMinDeltaSweep.first!
        store.record("noisy-zero-epochs", noisyZero.epochsSpent, configuration: noisyCaption)
        store.record("noisy-zero-small-loss", noisyZero.monitoredValue, configuration: noisyCaption)
        store.record("noisy-zero-full-loss", noisyZero.restoredLoss, configuration: noisyCaption)
        store.record(
            "noisy-optimism", noisyZero.restoredLoss - noisyZero.monitoredValue, configuration: noisyCaption)
        store.record(
            "noisy-optimistic-seeds",
            SeedSummary.agreement(noisyZero.monitoredValue, noisyZero.restoredLoss) { $0 < $1 },
            configuration: noisyCaption)
        store.record(
            "noisy-absolute-error",
            SeedSummary(zip(noisyZero.monitoredValue.values, noisyZero.restoredLoss.values).map { abs($0 - $1) }),
            configuration: noisyCaption)
        store.record(
            "noisy-vs-full-loss", noisyZero.restoredLoss - replay.minDeltaSweep.first!.restoredLoss,
            configuration: noisyCaption)
        let base = results.trajectory.runs[0]
        let smallCurveNoise = roughness(base.smallValidationLoss)
        let fullCurveNoise = roughness(base.validationLoss)
        store.record("roughness-ratio", smallCurveNoise / fullCurveNoise, configuration: noisyCaption)
        let noisyBest = replay.noisyMinDeltaSweep.min { $0.restoredLoss.mean < $1.restoredLoss.mean }!
        store.record("noisy-best-min-delta", noisyBest.minDelta, configuration: noisyCaption)
        store.record("noisy-best-min-delta-loss", noisyBest.restoredLoss, configuration: noisyCaption)
        store.record("noisy-best-min-delta-epochs", noisyBest.epochsSpent, configuration: noisyCaption)
        let largest = replay.noisyMinDeltaSweep.last!
        store.record("largest-min-delta", largest.minDelta, configuration: noisyCaption)
        store.record("largest-min-delta-epochs", largest.epochsSpent, configuration: noisyCaption)
        store.record("largest-min-delta-loss", largest.restoredLoss, configuration: noisyCaption)
        store.record(
            figure: EarlyStoppingFigures.noisyValidation(
                base, small: replay.noisyMinDeltaSweep.first!.decisions[0], smallPatience: replay.smallPatience,
                smallCount: setup.smallValidationCount),
            named: "noisy-validation",
            configuration: "\(setup.captionConfiguration.replacingSeeds(with: base.seed)), \(setup.epochs) epochs")
    }

    static func recordImplicitL2(_ results: Results, in store: ResultsStore) {
        let setup = results.setup
        let trajectory = results.trajectory
        let l2 = results.implicitL2
        let caption = "\(setup.captionConfiguration), \(setup.epochs) epochs, "
            + "λ ∈ {\(l2.strengths.map { "\($0.strength)" }.joined(separator: ", "))}"
        var rows: [[ResultValue]] = [
            [
                .text("no penalty, last epoch"), .sample(trajectory.lastNorm.values), .sample(trajectory.lastLoss.values),
                .sample(trajectory.lastAccuracy.values), .sample(trajectory.lastMemorized.values),
            ],
            [
                .text("no penalty, best restored"), .sample(trajectory.restoredNorm.values),
                .sample(trajectory.restoredLoss.values), .sample(trajectory.restoredAccuracy.values),
                .sample(trajectory.restoredMemorized.values),
            ],
        ]
        for strength in l2.strengths {
            rows.append([
                .text("L2, λ = \(strength.strength), end"), .sample(strength.weightNorm.values),
                .sample(strength.validationLoss.values), .sample(strength.validationAccuracy.values),
                .sample(strength.memorizedNoise.values),
            ])
        }
        store.record(
            table: "budget-table",
            ResultTable(
                columns: [
                    .init("network"), .init("‖W‖₂", format: "mean-std fixed.1"),
                    .init("val. loss", format: "mean-std fixed.3"), .init("val. accuracy", format: "mean-std percent.1"),
                    .init("flips memorised", format: "mean-std percent.1"),
                ],
                rows: rows),
            configuration: caption)
        let closest = l2.closest(toNorm: trajectory.restoredNorm.mean)
        store.record("closest-strength", closest.strength, configuration: caption)
        store.record("closest-norm", closest.weightNorm, configuration: caption)
        store.record("closest-loss", closest.validationLoss, configuration: caption)
        store.record("closest-accuracy", closest.validationAccuracy, configuration: caption)
        store.record("closest-memorized", closest.memorizedNoise, configuration: caption)
        let best = l2.best
        store.record("best-strength", best.strength, configuration: caption)
        store.record("best-strength-loss", best.validationLoss, configuration: caption)
        store.record("best-strength-accuracy", best.validationAccuracy, configuration: caption)
        store.record("best-strength-norm", best.weightNorm, configuration: caption)
        store.record("best-strength-memorized", best.memorizedNoise, configuration: caption)
        store.record(
            "l2-norm-decreasing", zip(l2.strengths, l2.strengths.dropFirst()).allSatisfy {
                $1.weightNorm.mean < $0.weightNorm.mean
            } ? 1 : 0, configuration: caption)
        store.record(
            "l2-below-last-norm", l2.strengths.filter { $0.weightNorm.mean < trajectory.lastNorm.mean }.count,
            configuration: caption)
        store.record("strength-count", l2.strengths.count, configuration: caption)
        store.record(
            figure: EarlyStoppingFigures.weightBudget(trajectory, l2: l2), named: "weight-budget",
            configuration: caption)
    }

    static func recordPlateau(_ results: Results, in store: ResultsStore) {
        let setup = results.setup
        let plain = results.stopped
        let plateau = results.plateau
        let settings = plateau.plateau ?? .init()
        let caption = "\(setup.captionConfiguration), early stopping patience \(setup.patience), "
            + "ReduceLROnPlateau(factor \(settings.factor), patience \(settings.patience)), at most \(setup.epochs) epochs"
        store.record("plateau-factor", settings.factor, configuration: caption)
        store.record("plateau-patience", settings.patience, configuration: caption)
        store.record("plateau-stopped-epoch", plateau.stoppedEpoch, configuration: caption)
        store.record("plateau-restored-epoch", plateau.restoredEpoch, configuration: caption)
        store.record("plateau-loss", plateau.validationLoss, configuration: caption)
        store.record("plateau-accuracy", plateau.validationAccuracy, configuration: caption)
        store.record("plateau-cuts", plateau.learningRateCuts, configuration: caption)
        store.record("plateau-loss-change", plateau.validationLoss - plain.validationLoss, configuration: caption)
        store.record(
            "plateau-better-seeds",
            SeedSummary.agreement(plateau.validationLoss, plain.validationLoss) { $0 < $1 }, configuration: caption)
        store.record(
            "plateau-accuracy-better-seeds",
            SeedSummary.agreement(plateau.validationAccuracy, plain.validationAccuracy) { $0 > $1 },
            configuration: caption)
        store.record(
            "plateau-accuracy-change", plateau.validationAccuracy - plain.validationAccuracy, configuration: caption)
        store.record(
            figure: EarlyStoppingFigures.plateau(plain: plain.runs[0], plateau: plateau.runs[0]), named: "plateau",
            configuration: caption.replacingSeeds(with: plain.runs[0].seed))
    }

    /// Whether a curve rises from its first to its last value, mostly (at most a tenth of the steps
    /// going down).
    static func isIncreasing(_ curve: [Double]) -> Bool {
        let downs = zip(curve, curve.dropFirst()).filter { $1 < $0 }.count
        return curve.last! > curve.first! && downs * 10 <= curve.count
    }

    /// The mean absolute second difference of a curve: how much it jitters from epoch to epoch.
    static func roughness(_ curve: [Double]) -> Double {
        var total = 0.0
        for index in 2..<curve.count {
            let secondDifference: Double = curve[index] - 2 * curve[index - 1] + curve[index - 2]
            total += abs(secondDifference)
        }
        return total / Double(curve.count - 2)
    }
}

extension String {
    /// A caption's "seeds a–b" replaced by "seed s", for a figure that shows one seed.
    func replacingSeeds(with seed: UInt64) -> String {
        guard let range = range(of: "seeds ") else { return self }
        let end = self[range.upperBound...].firstIndex(of: ",") ?? endIndex
        return replacingCharacters(in: range.lowerBound..<end, with: "seed \(seed)")
    }
}
