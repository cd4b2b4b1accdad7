import NeuralKit

/// Runs trained to the end (no early stopping) with everything measured after every epoch:
/// training loss, validation loss on the full and on a small validation set, validation
/// accuracy, the share of flipped labels the network reproduces, and the weight norm. An
/// `EarlyStopping` object watches each run without stopping it, so that the best epoch's network
/// can be put back at the end and compared with the last one.
///
/// Training is deterministic, so a run stopped at epoch t is exactly the first t epochs of this
/// run: the patience and min-delta sweeps replay the stopping rule on these curves.
public enum TrainingTrajectory {
    /// One seed's run.
    public struct Run: Sendable {
        public let seed: UInt64
        public let history: TrainingHistory
        /// Validation loss on the small validation set, per epoch.
        public let smallValidationLoss: [Double]
        /// Share of flipped training images predicted with their (wrong) training label, per epoch.
        public let memorizedNoise: [Double]
        /// ‖W‖₂ per epoch (index 0: epoch 1); `initialWeightNorm` before training.
        public let weightNorm: [Double]
        public let initialWeightNorm: Double
        /// The epoch with the lowest validation loss, counting from 1.
        public let bestEpoch: Int
        /// The last network and the best epoch's network, measured after training.
        public let last: Measurement
        public let restored: Measurement

        public var trainLoss: [Double] { history.trainLoss }
        public var validationLoss: [Double] { history.validationLoss }
        public var validationAccuracy: [Double] { history.validationAccuracy }
        public var epochs: Int { history.epochs.count }
    }

    /// What a trained network scores.
    public struct Measurement: Sendable {
        public let validationLoss: Double
        public let validationAccuracy: Double
        public let memorizedNoise: Double
        public let weightNorm: Double
    }

    public struct Result: Sendable {
        public let setup: EarlyStoppingSetup
        public let runs: [Run]

        public var bestEpoch: SeedSummary { SeedSummary(runs.map { Double($0.bestEpoch) }) }
        public var restoredLoss: SeedSummary { SeedSummary(runs.map(\.restored.validationLoss)) }
        public var lastLoss: SeedSummary { SeedSummary(runs.map(\.last.validationLoss)) }
        public var restoredAccuracy: SeedSummary { SeedSummary(runs.map(\.restored.validationAccuracy)) }
        public var lastAccuracy: SeedSummary { SeedSummary(runs.map(\.last.validationAccuracy)) }
        public var restoredMemorized: SeedSummary { SeedSummary(runs.map(\.restored.memorizedNoise)) }
        public var lastMemorized: SeedSummary { SeedSummary(runs.map(\.last.memorizedNoise)) }
        public var restoredNorm: SeedSummary { SeedSummary(runs.map(\.restored.weightNorm)) }
        public var lastNorm: SeedSummary { SeedSummary(runs.map(\.last.weightNorm)) }
        public var initialNorm: SeedSummary { SeedSummary(runs.map(\.initialWeightNorm)) }
        /// The training loss at the last epoch.
        public var finalTrainLoss: SeedSummary { SeedSummary(runs.map { $0.trainLoss.last! }) }
        public var bestEpochTrainLoss: SeedSummary { SeedSummary(runs.map { $0.trainLoss[$0.bestEpoch - 1] }) }

        /// The mean over seeds of a per-epoch curve.
        public func meanCurve(_ curve: (Run) -> [Double]) -> [Double] {
            let curves = runs.map(curve)
            let length = curves.map(\.count).min() ?? 0
            return (0..<length).map { epoch in curves.map { $0[epoch] }.reduce(0, +) / Double(curves.count) }
        }
    }

    public static func run(_ setup: EarlyStoppingSetup, data: [SeedData], narration: ExperimentNarration) throws -> Result {
        narration.announce(
            "Training \(data.count) networks for \(setup.epochs) epochs each on \(setup.trainCount) digits "
                + "(\(Int(setup.labelNoise * 100)) % flipped labels), measuring every epoch")
        var runs: [Run] = []
        for seedData in data {
            let seed = seedData.seed
            let split = seedData.split
            let (network, optimizer) = try setup.makeNetwork(seed: seed)
            let trainer = try Trainer(
                network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: setup.batchSize, seed: seed)
            // Watches, never stops: patience larger than the run.
            let watcher = try EarlyStopping(patience: setup.epochs + 1, restoreBest: true)
            let initialNorm = try weightNorm(of: network)
            var smallValidationLoss: [Double] = []
            var memorized: [Double] = []
            var norms: [Double] = []
            let progress = narration.trainerProgress("seed \(seed)", epochs: setup.epochs)
            trainer.onEpoch = { record in
                progress(record)
                smallValidationLoss.append(network.evaluate(on: seedData.smallValidation, loss: .crossEntropy).loss)
                memorized.append(network.accuracy(on: seedData.flipped))
                norms.append((try? weightNorm(of: network)) ?? .nan)
                watcher.update(epoch: record.epoch, validationLoss: record.validationLoss!, network: network)
            }
            let history = try trainer.fit(on: split.train, validation: split.validation, epochs: setup.epochs)
            let last = try measure(network, on: seedData)
            let bestEpoch = try requireValue(watcher.restoreBestState(into: network), "no best epoch")
            let restored = try measure(network, on: seedData)
            runs.append(
                Run(
                    seed: seed, history: history, smallValidationLoss: smallValidationLoss, memorizedNoise: memorized,
                    weightNorm: norms, initialWeightNorm: initialNorm, bestEpoch: bestEpoch, last: last,
                    restored: restored))
        }
        return Result(setup: setup, runs: runs)
    }

    static func measure(_ network: Sequential<Float>, on data: SeedData) throws -> Measurement {
        let evaluation = network.evaluate(on: data.split.validation, loss: .crossEntropy)
        return Measurement(
            validationLoss: evaluation.loss, validationAccuracy: evaluation.accuracy ?? .nan,
            memorizedNoise: network.accuracy(on: data.flipped), weightNorm: try weightNorm(of: network))
    }
}

/// Unwraps a value the experiment logic guarantees, with a message if it is missing.
func requireValue<T>(_ value: T?, _ message: String) throws -> T {
    guard let value else { throw LessonExperimentError.missing(message) }
    return value
}

/// An experiment that could not produce a result it needs.
enum LessonExperimentError: Error, CustomStringConvertible {
    case missing(String)
    var description: String {
        switch self {
        case .missing(let what): "early-stopping lesson: \(what); check the configuration (epochs, patience)"
        }
    }
}
