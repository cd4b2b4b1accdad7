import NeuralKit
import Notebook
import NotebookDocument

/// Runs with early stopping switched on in the `Trainer`: patience, min delta and restoring the
/// best epoch, optionally with a reduce-on-plateau learning-rate schedule in front of it. The runs
/// are those of `TrainingTrajectory` (same data, same initial weights, same batch order), so a
/// stopped run is the beginning of the full one.
public enum EarlyStoppedTraining {
    /// The settings of experiment `trainer-stopping` (the patience and the epoch limit are those of
    /// `overfit-run`).
    public struct Settings: ExperimentSettings {
        /// δ of the trainer's rule: an epoch improves only if it beats the best loss by more than δ.
        public var minDelta = 0.0
        public init(quick: Bool) {}
        public static let declarations: [SettingDeclaration<Settings>] = [
            .number(
                "min-delta", \.minDelta, from: 0, to: 10, "min delta δ of the trainer's stopping rule",
                owner: "trainer-stopping")
        ]
    }

    /// The settings of experiment `plateau`: a reduce-on-plateau schedule,
    /// η ← factor·η after `patience` epochs without improvement, in front of the same stopping rule.
    public struct Plateau: ExperimentSettings {
        public var factor = 0.2
        public var patience = 2
        public init(quick: Bool) {}
        public static let declarations: [SettingDeclaration<Plateau>] = [
            .number(
                "factor", \.factor, from: 0, lowerIncluded: false, to: 1, "the factor the learning rate is cut by",
                owner: "plateau"),
            .integer(
                "patience", \.patience, in: 0...1_000,
                "epochs without improvement before a cut (shorter than the stopping patience)", owner: "plateau"),
        ]
    }

    public struct Run: Sendable {
        public let seed: UInt64
        public let history: TrainingHistory
        /// The epoch training stopped at (the last epoch if patience never ran out).
        public let stoppedEpoch: Int
        /// The epoch whose network was put back.
        public let restoredEpoch: Int
        /// The restored network's validation loss and accuracy (evaluated after training).
        public let validationLoss: Double
        public let validationAccuracy: Double
        /// The learning rate in the last epoch.
        public let finalLearningRate: Double
        /// How many times the schedule cut the learning rate.
        public let learningRateCuts: Int
    }

    public struct Result: Sendable {
        public let patience: Int
        public let minDelta: Double
        public let plateau: Plateau?
        public let runs: [Run]
        public var stoppedEpoch: SeedSummary { SeedSummary(runs.map { Double($0.stoppedEpoch) }) }
        public var restoredEpoch: SeedSummary { SeedSummary(runs.map { Double($0.restoredEpoch) }) }
        public var validationLoss: SeedSummary { SeedSummary(runs.map(\.validationLoss)) }
        public var validationAccuracy: SeedSummary { SeedSummary(runs.map(\.validationAccuracy)) }
        public var learningRateCuts: SeedSummary { SeedSummary(runs.map { Double($0.learningRateCuts) }) }
        /// Runs that stopped before the epoch limit.
        public var stoppedCount: Int { runs.filter { $0.history.stoppedEpoch != nil }.count }
    }

    /// The trainer's runs and the replay of the same rule on the full runs.
    public struct TrainerResult: Sendable {
        public let stopped: Result
        /// The rule replayed on each full run's validation curve, with the same patience and δ.
        public let replay: [StoppingRuleReplay.Decision]
        /// The full run's validation loss at the replay's best epoch (for a check that the trainer
        /// restored that very network).
        public let fullRunRestoredLoss: [Double]

        /// Whether the trainer stopped and restored exactly where the replay says, per run.
        public var agreement: [Bool] {
            zip(stopped.runs, replay).map { $0.stoppedEpoch == $1.stoppedEpoch && $0.restoredEpoch == $1.bestEpoch }
        }
    }

    /// The plateau runs beside the trainer's runs without a schedule (a type of its own, so that
    /// `ExperimentProducts` keeps both).
    public struct PlateauComparison: Sendable {
        public let plain: Result
        public let plateau: Result
    }

    /// Trains every run of `data` with early stopping, up to `jobs` at once.
    /// - Parameter maximumEpochs: the epoch limit (early stopping usually ends the run sooner).
    public static func run(
        _ setup: EarlyStoppingSetup, data: [SeedData], maximumEpochs: Int, minDelta: Double = 0,
        plateau: Plateau? = nil, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        let runs = try ParallelRuns.map(data.count, jobs: jobs) { index in
            try run(
                setup, data: data[index], maximumEpochs: maximumEpochs, minDelta: minDelta, plateau: plateau,
                title: (plateau == nil ? "early stopping" : "plateau schedule") + ", run \(index + 1)",
                narration: narration)
        }
        return Result(patience: setup.patience, minDelta: minDelta, plateau: plateau, runs: runs)
    }

    static func run(
        _ setup: EarlyStoppingSetup, data seedData: SeedData, maximumEpochs: Int, minDelta: Double,
        plateau: Plateau?, title: String, narration: ExperimentNarration
    ) throws -> Run {
        let seed = seedData.seed
        let split = seedData.split
        let patience = setup.patience
        let (network, optimizer) = try setup.makeNetwork(seed: seed)
        // snippet: early-stopping-trainer
        let trainer = try Trainer(
            network: network, optimizer: optimizer, loss: .crossEntropy,
            batchSize: setup.batchSize, seed: seed)
        trainer.earlyStopping = try EarlyStopping(
            patience: patience, minDelta: minDelta, restoreBest: true)
        if let plateau {
            trainer.scheduler = .onPlateau(
                try ReduceLROnPlateau(
                    optimizer: optimizer, factor: plateau.factor,
                    patience: plateau.patience))
        }
        let history = try trainer.fit(
            on: split.train, validation: split.validation,
            epochs: maximumEpochs)
        // the network now holds the weights of history.restoredEpoch
        let restored = network.evaluate(
            on: split.validation, loss: .crossEntropy)
        // end-snippet
        let progress = narration.startRun(title, history.epochs.count)
        for record in history.epochs { progress(record.epoch, record.trainLoss) }
        let rates = history.epochs.map(\.learningRate)
        let cuts = zip(rates, rates.dropFirst()).filter { $1 < $0 }.count
        return Run(
            seed: seed, history: history, stoppedEpoch: history.stoppedEpoch ?? history.epochs.count,
            restoredEpoch: try requireValue(history.restoredEpoch, "early stopping restored no epoch"),
            validationLoss: restored.loss, validationAccuracy: restored.accuracy ?? .nan,
            finalLearningRate: rates.last ?? setup.learningRate, learningRateCuts: cuts)
    }
}
