import NeuralKit
import Notebook
import NotebookDocument

/// Early stopping as a weight budget: networks trained to the end with an L2 penalty
/// `(λ/2)·‖W‖²` of several strengths, to set beside the early-stopped networks of
/// `TrainingTrajectory` (same seeds, same data, same initial weights).
public enum ImplicitL2 {
    /// The settings of experiment `l2-budget` (data, network and epochs are those of `overfit-run`).
    public struct Configuration: ExperimentSettings {
        public var strengths = [1e-3, 3e-3, 1e-2, 3e-2]
        public init(quick: Bool) {
            if quick { strengths = [3e-3, 1e-2] }
        }
        public static let declarations: [SettingDeclaration<Configuration>] = [
            .numbers(
                "strengths", \.strengths, from: 0, lowerIncluded: false, to: 10, count: 1...8,
                "L2 strengths λ, each trained on every run to the last epoch", owner: "l2-budget")
        ]
    }

    public struct StrengthSummary: Sendable {
        public let strength: Double
        public let validationLoss: SeedSummary
        public let validationAccuracy: SeedSummary
        public let memorizedNoise: SeedSummary
        public let weightNorm: SeedSummary
        /// The mean over seeds of ‖W‖₂ per epoch.
        public let meanNormCurve: [Double]
    }

    public struct Result: Sendable {
        public let configuration: Configuration
        public let strengths: [StrengthSummary]

        /// The strength whose final weight norm is closest (mean over seeds) to `norm`.
        public func closest(toNorm norm: Double) -> StrengthSummary {
            strengths.min { abs($0.weightNorm.mean - norm) < abs($1.weightNorm.mean - norm) }!
        }

        /// The strength with the lowest mean validation loss.
        public var best: StrengthSummary { strengths.min { $0.validationLoss.mean < $1.validationLoss.mean }! }
    }

    /// Trains every (strength, run) pair to the last epoch, up to `jobs` at once.
    public static func run(
        _ configuration: Configuration, trajectory: TrainingTrajectory.Result, jobs: Int,
        narration: ExperimentNarration
    ) throws -> Result {
        let setup = trajectory.setup
        let data = trajectory.data
        narration.announce(
            "Training \(configuration.strengths.count * data.count) networks with an L2 penalty "
                + "for all \(setup.epochs) epochs")
        let pairs = configuration.strengths.flatMap { strength in data.indices.map { (strength, $0) } }
        let trained = try ParallelRuns.map(pairs.count, jobs: jobs) { index -> (TrainingTrajectory.Measurement, [Double]) in
            let (strength, run) = pairs[index]
            let seedData = data[run]
            let (network, optimizer) = try setup.makeNetwork(seed: seedData.seed)
            let trainer = try Trainer(
                network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: setup.batchSize,
                seed: seedData.seed)
            // snippet: l2-trained-to-the-end
            trainer.penalty = try L2Penalty(strength: strength)
            // end-snippet
            var norms: [Double] = []
            let progress = narration.trainerProgress("λ = \(strength), run \(run + 1)", epochs: setup.epochs)
            trainer.onEpoch = { record in
                progress(record)
                norms.append((try? weightNorm(of: network)) ?? .nan)
            }
            try trainer.fit(on: seedData.split.train, validation: seedData.split.validation, epochs: setup.epochs)
            return (try TrainingTrajectory.measure(network, on: seedData), norms)
        }
        var summaries: [StrengthSummary] = []
        for (index, strength) in configuration.strengths.enumerated() {
            let slice = trained[(index * data.count)..<((index + 1) * data.count)]
            let measurements = slice.map(\.0)
            let curves = slice.map(\.1)
            summaries.append(
                StrengthSummary(
                    strength: strength,
                    validationLoss: SeedSummary(measurements.map(\.validationLoss)),
                    validationAccuracy: SeedSummary(measurements.map(\.validationAccuracy)),
                    memorizedNoise: SeedSummary(measurements.map(\.memorizedNoise)),
                    weightNorm: SeedSummary(measurements.map(\.weightNorm)),
                    meanNormCurve: (0..<setup.epochs).map { epoch in
                        curves.map { $0[epoch] }.reduce(0, +) / Double(curves.count)
                    }))
        }
        return Result(configuration: configuration, strengths: summaries)
    }
}
