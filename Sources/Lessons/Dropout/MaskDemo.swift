import NeuralKit
import Notebook
import NotebookDocument

/// The masks behind the eval() trap, as a picture: one validation image through a trained
/// p = focus-rate network of the rate ablation, several times in training mode (each pass draws
/// new masks in NeuralKit's `Dropout` layers; the demo reads them back from `Dropout.mask`) and
/// once in evaluation mode (every unit present). Each pass records which of the first units of
/// each hidden layer were kept and what the network predicted. Part of the eval-trap experiment
/// (its settings `mask-passes` and `mask-units`), so the section never quotes it without its run.
public enum MaskDemo {
    /// One forward pass of the image.
    public struct Pass: Sendable {
        /// Per dropout layer, whether each of the first `unitsShown` units was kept (all `true` in
        /// evaluation mode).
        public let kept: [[Bool]]
        /// The share of all units of each dropout layer that were kept (1 in evaluation mode).
        public let keptFraction: [Double]
        /// The softmax of the logits.
        public let probabilities: [Double]
        public var predicted: Int { probabilities.indices.max { probabilities[$0] < probabilities[$1] }! }
    }

    public struct Result: Sendable {
        public let probability: Double
        /// The hidden layers' widths and the network's input and output widths.
        public let sizes: [Int]
        public let unitsShown: Int
        /// The true class of the image.
        public let label: Int
        public let training: [Pass]
        public let inference: Pass
        /// The run seed of the network used.
        public let seed: UInt64

        /// How many training passes predicted a different class from evaluation mode.
        public var changedPredictions: Int { training.filter { $0.predicted != inference.predicted }.count }
    }

    /// - Parameters:
    ///   - passes: training-mode passes shown (one frame each).
    ///   - unitsShown: units of each hidden layer drawn (the first ones of the layer).
    public static func run(
        passes: Int, unitsShown: Int, trained: DropoutRateAblation.TrainedNetwork, sizes: [Int], probability: Double
    ) -> Result {
        let network = trained.network
        MultilayerPerceptron.reseedDropout(network, seed: trained.seed, purpose: "mask-demo")
        let image = trained.split.validation.features.rows(0..<1)
        let dropoutLayers = network.layers.compactMap { $0 as? Dropout<Float> }
        let shown = min(unitsShown, sizes.dropFirst().dropLast().min() ?? unitsShown)
        func probabilities(_ logits: Tensor<Float>) -> [Double] {
            let softmax = logits.softmax()
            return (0..<softmax.columns).map { Double(softmax[0, $0]) }
        }
        network.train()
        var training: [Pass] = []
        for _ in 0..<passes {
            let logits = network.forward(image)
            let kept = dropoutLayers.map { layer in (0..<shown).map { layer.mask[0, $0] != 0 } }
            let fraction = dropoutLayers.map { layer in
                Double(layer.mask.scalars.filter { $0 != 0 }.count) / Double(layer.mask.scalars.count)
            }
            training.append(Pass(kept: kept, keptFraction: fraction, probabilities: probabilities(logits)))
        }
        network.eval()
        let logits = network.forward(image)
        let inference = Pass(
            kept: dropoutLayers.map { _ in Array(repeating: true, count: shown) },
            keptFraction: dropoutLayers.map { _ in 1 }, probabilities: probabilities(logits))
        return Result(
            probability: probability, sizes: sizes, unitsShown: shown, label: trained.split.validation.labels[0],
            training: training, inference: inference, seed: trained.seed)
    }
}
