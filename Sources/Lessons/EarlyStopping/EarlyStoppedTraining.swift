import NeuralKit

/// Runs with early stopping switched on in the `Trainer`: patience, min delta and restoring the
/// best epoch, optionally with a reduce-on-plateau learning-rate schedule in front of it.
public enum EarlyStoppedTraining {
    /// A reduce-on-plateau schedule: η ← factor·η after `patience` epochs without improvement.
    public struct Plateau: Sendable {
        public var factor = 0.2
        public var patience = 2
        public init() {}
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

    /// - Parameter maximumEpochs: the epoch limit (early stopping usually ends the run sooner).
    public static func run(
        _ setup: EarlyStoppingSetup, data: [SeedData], maximumEpochs: Int, plateau: Plateau? = nil,
        narration: ExperimentNarration
    ) throws -> Result {
        var runs: [Run] = []
        let patience = setup.patience
        for seedData in data {
            let seed = seedData.seed
            let split = seedData.split
            let (network, optimizer) = try setup.makeNetwork(seed: seed)
            // snippet: early-stopping-trainer
            let trainer = try Trainer(
                network: network, optimizer: optimizer, loss: .crossEntropy,
                batchSize: setup.batchSize, seed: seed)
            trainer.earlyStopping = try EarlyStopping(
                patience: patience, minDelta: 0, restoreBest: true)
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
            let title = plateau == nil ? "early stopping, seed \(seed)" : "plateau schedule, seed \(seed)"
            let progress = narration.startRun(title, history.epochs.count)
            for record in history.epochs { progress(record.epoch, record.trainLoss) }
            let rates = history.epochs.map(\.learningRate)
            let cuts = zip(rates, rates.dropFirst()).filter { $1 < $0 }.count
            runs.append(
                Run(
                    seed: seed, history: history, stoppedEpoch: history.stoppedEpoch ?? history.epochs.count,
                    restoredEpoch: try requireValue(history.restoredEpoch, "early stopping restored no epoch"),
                    validationLoss: restored.loss, validationAccuracy: restored.accuracy ?? .nan,
                    finalLearningRate: rates.last ?? setup.learningRate, learningRateCuts: cuts))
        }
        return Result(patience: patience, plateau: plateau, runs: runs)
    }
}
