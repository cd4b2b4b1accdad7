import NeuralKit
import Notebook
import NotebookDocument

/// Section 4 of the dropout lesson: a network with n droppable units holds 2ⁿ thinned
/// sub-networks. Weight-scaling inference (`eval()`: every unit on, no mask) approximates their
/// average; here it is compared with an explicit average of K sampled sub-networks,
///
/// ```
/// p̂_K(y | x) = (1/K) Σ_k softmax(f(x; m_k)),   m_k ~ Bernoulli(1 − p)
/// ```
///
/// for K = 1 … 1000: how often p̂_K picks the same class as weight scaling, and its accuracy.
public enum EnsembleView {
    public struct Settings: ExperimentSettings {
        public var sampleCounts = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
        /// How many of the trained networks (runs of the rate ablation) to probe.
        public var networkCount = 5
        /// How many validation images each sub-network sees.
        public var imageCount = 300

        public init(quick: Bool) {
            if quick {
                sampleCounts = [1, 2, 5, 10, 20, 50]
                networkCount = 3
                imageCount = 200
            }
        }

        public static let declarations: [SettingDeclaration<Settings>] = [
            .integers(
                "sample-counts", \.sampleCounts, in: 1...100_000, count: 2...30,
                "numbers K of sampled sub-networks averaged", owner: "ensemble"),
            .integer(
                "networks", \.networkCount, in: 1...50, "trained networks probed (at most the ablation's runs)",
                owner: "ensemble"),
            .integer("images", \.imageCount, in: 10...1_000, "validation images per network", owner: "ensemble"),
        ]
    }

    public struct Result: Sendable {
        public let sampleCounts: [Int]
        /// Per seed, per K: the share of validation images on which the K-sample average and
        /// weight scaling predict the same class.
        public let agreement: [[Double]]
        /// Per seed, per K: accuracy of the K-sample average.
        public let sampledAccuracy: [[Double]]
        /// Per seed: accuracy of weight scaling.
        public let weightScalingAccuracy: SeedSummary
        /// 2ⁿ: n is the number of units that dropout can switch off.
        public let droppableUnits: Int

        public func agreement(at index: Int) -> SeedSummary { SeedSummary(agreement.map { $0[index] }) }
        public func sampledAccuracy(at index: Int) -> SeedSummary { SeedSummary(sampledAccuracy.map { $0[index] }) }
    }

    public static func run(
        _ settings: Settings, trained: [DropoutRateAblation.TrainedNetwork], jobs: Int,
        narration: ExperimentNarration
    ) throws -> Result {
        var configuration = settings
        configuration.sampleCounts = Array(Set(settings.sampleCounts)).sorted()
        let largest = configuration.sampleCounts.last!
        let probed = Array(trained.prefix(configuration.networkCount))
        narration.announce("Averaging up to \(largest) sampled sub-networks per image (\(probed.count) networks)")
        let perNetwork = try ParallelRuns.map(probed.count, jobs: jobs) { index -> ([Double], [Double], Double) in
            let entry = probed[index]
            let network = entry.network
            let validation = entry.split.validation.subset(
                Array(0..<min(configuration.imageCount, entry.split.validation.count)))
            let weightScalingClasses = network.predictClasses(validation.features)
            MultilayerPerceptron.reseedDropout(network, seed: entry.seed, purpose: "ensemble-masks")

            let progress = narration.startRun("sub-networks, network \(index + 1)", largest)
            var agreementBySamples: [Double] = []
            var accuracyBySamples: [Double] = []
            let images = validation.features
            // snippet: ensemble-average
            network.train()  // each pass samples a new mask m_k: one thinned sub-network
            var probabilitySum = Tensor<Float>(rows: images.rows, columns: validation.classCount)
            for k in 1...largest {
                probabilitySum += network.forward(images).softmax()
                if configuration.sampleCounts.contains(k) {
                    // the argmax of the mean is the argmax of the sum
                    let averagedClasses = probabilitySum.argmaxPerRow()
                    agreementBySamples.append(
                        matchingFraction(averagedClasses, weightScalingClasses))
                    accuracyBySamples.append(
                        matchingFraction(averagedClasses, validation.labels))
                }
                progress(k, .nan)
            }
            network.eval()
            // end-snippet
            return (agreementBySamples, accuracyBySamples, matchingFraction(weightScalingClasses, validation.labels))
        }
        let agreement = perNetwork.map(\.0)
        let sampledAccuracy = perNetwork.map(\.1)
        let weightScaling = perNetwork.map(\.2)
        let droppableUnits = trained.first.map { entry in
            entry.network.layers.compactMap { $0 as? Linear<Float> }.dropLast().reduce(0) { $0 + $1.outputSize }
        } ?? 0
        return Result(
            sampleCounts: configuration.sampleCounts, agreement: agreement, sampledAccuracy: sampledAccuracy,
            weightScalingAccuracy: SeedSummary(weightScaling), droppableUnits: droppableUnits)
    }
}
