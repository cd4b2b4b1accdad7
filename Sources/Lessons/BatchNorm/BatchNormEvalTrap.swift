import NeuralKit
import Notebook
import NotebookDocument

/// Section 6 of the BatchNorm lesson: a trained BatchNorm network evaluated in training mode
/// (a forgotten `eval()`), in batches of several sizes. In training mode every batch is normalised
/// with its own statistics, so a prediction depends on which other images share its batch. The
/// running statistics are saved before and put back after, since training-mode passes change them.
public enum BatchNormEvalTrap {
    /// The settings of experiment `eval-trap` (the networks are the "BN only" ones of `orderings`).
    public struct Settings: ExperimentSettings {
        public var batchSizes = [2, 4, 8, 16, 64, 250]
        public init(quick: Bool) {
            if quick { batchSizes = [2, 8, 64, 250] }
        }
        public static let declarations: [SettingDeclaration<Settings>] = [
            .integers(
                "batch-sizes", \.batchSizes, in: 2...10_000, count: 2...10,
                "evaluation batch sizes in training mode, increasing", owner: "eval-trap")
        ]
    }

    public struct Run: Sendable {
        public let seed: UInt64
        public let evaluationAccuracy: Double
        /// Validation accuracy in training mode, per batch size.
        public let trainingModeAccuracy: [Double]
    }

    public struct Result: Sendable {
        public let seeds: [UInt64]
        public let batchSizes: [Int]
        public let runs: [Run]
        public var evaluationAccuracy: SeedSummary { SeedSummary(runs.map(\.evaluationAccuracy)) }
        public func trainingModeAccuracy(at index: Int) -> SeedSummary {
            SeedSummary(runs.map { $0.trainingModeAccuracy[index] })
        }
    }

    public static func run(
        trained: [OrderingComparison.TrainedNetwork], batchSizes: [Int], narration: ExperimentNarration
    ) throws -> Result {
        guard zip(batchSizes, batchSizes.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw SettingError(
                "eval-trap: batch-sizes \(batchSizes.map(String.init).joined(separator: ",")) must increase, e.g. 2,8,64")
        }
        narration.announce("Evaluating \(trained.count) BatchNorm networks in training mode, batches \(batchSizes)")
        let runs = trained.map { item -> Run in
            let network = item.network
            let validation = item.split.validation
            let evaluation = network.accuracy(on: validation)
            let saved = NetworkSnapshot(of: network)
            let accuracies = batchSizes.map { batchSize -> Double in
                // snippet: forgot-eval-batchnorm
                network.train()  // the mistake: BN normalises with batch statistics
                var correct = 0
                var start = 0
                while start < validation.count {
                    var end = min(start + batchSize, validation.count)
                    if validation.count - end == 1 { end += 1 }  // no batch of one
                    let batch = validation.subset(Array(start..<end))
                    let predicted = network.forward(batch.features).argmaxPerRow()
                    correct += zip(predicted, batch.labels).filter { $0 == $1 }.count
                    start = end
                }
                // end-snippet
                saved.restore(into: network)
                return Double(correct) / Double(validation.count)
            }
            network.eval()
            return Run(seed: item.seed, evaluationAccuracy: evaluation, trainingModeAccuracy: accuracies)
        }
        return Result(seeds: trained.map(\.seed), batchSizes: batchSizes, runs: runs)
    }
}
