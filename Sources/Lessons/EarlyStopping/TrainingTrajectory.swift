import NeuralKit
import Notebook
import NotebookDocument

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
        /// Validation loss on each small validation set (outer index), per epoch (inner index).
        public let smallSetLoss: [[Double]]
        /// Validation loss on the first small validation set, per epoch (the one figure 5 shows).
        public var smallValidationLoss: [Double] { smallSetLoss[0] }
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
        /// The base seed of the build; the runs' own seeds are `seeds`.
        public let baseSeed: UInt64
        public let seeds: [UInt64]
        /// Each run's data, for the experiments that train the same runs again.
        public let data: [SeedData]
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

    /// Trains one network per seed to the end, up to `jobs` at once; the results do not depend
    /// on `jobs`.
    public static func run(
        _ setup: EarlyStoppingSetup, seeds: [UInt64], baseSeed: UInt64, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        try setup.validate()
        narration.announce(
            "Training \(seeds.count) networks for \(setup.epochs) epochs each on \(setup.trainCount) digits "
                + "(\(Int((setup.labelNoise * 100).rounded())) % flipped labels), measuring every epoch")
        let data = try seeds.map { try setup.data(seed: $0) }
        let runs = try ParallelRuns.map(data.count, jobs: jobs) { index in
            try run(setup, data: data[index], title: "run \(index + 1)", narration: narration)
        }
        return Result(setup: setup, baseSeed: baseSeed, seeds: seeds, data: data, runs: runs)
    }

    static func run(
        _ setup: EarlyStoppingSetup, data seedData: SeedData, title: String, narration: ExperimentNarration
    ) throws -> Run {
        let seed = seedData.seed
        let split = seedData.split
        let (network, optimizer) = try setup.makeNetwork(seed: seed)
        let trainer = try Trainer(
            network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: setup.batchSize, seed: seed)
        // Watches, never stops: patience larger than the run.
        let watcher = try EarlyStopping(patience: setup.epochs + 1, restoreBest: true)
        let initialNorm = try weightNorm(of: network)
        var smallSetLoss = Array(repeating: [Double](), count: seedData.smallValidationSets.count)
        var memorized: [Double] = []
        var norms: [Double] = []
        let progress = narration.trainerProgress(title, epochs: setup.epochs)
        trainer.onEpoch = { record in
            progress(record)
            for (piece, small) in seedData.smallValidationSets.enumerated() {
                smallSetLoss[piece].append(network.evaluate(on: small, loss: .crossEntropy).loss)
            }
            memorized.append(network.accuracy(on: seedData.flipped))
            norms.append((try? weightNorm(of: network)) ?? .nan)
            watcher.update(epoch: record.epoch, validationLoss: record.validationLoss!, network: network)
        }
        let history = try trainer.fit(on: split.train, validation: split.validation, epochs: setup.epochs)
        let last = try measure(network, on: seedData)
        let bestEpoch = try requireValue(watcher.restoreBestState(into: network), "no best epoch")
        let restored = try measure(network, on: seedData)
        return Run(
            seed: seed, history: history, smallSetLoss: smallSetLoss, memorizedNoise: memorized,
            weightNorm: norms, initialWeightNorm: initialNorm, bestEpoch: bestEpoch, last: last, restored: restored)
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
