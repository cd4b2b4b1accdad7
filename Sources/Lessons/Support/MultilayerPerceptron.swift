import NeuralKit
import Preconditions

/// The fully connected networks the lessons train: `Linear → ReLU → Dropout(p)` per hidden layer
/// (dropout after the activation, as in Srivastava et al. 2014), then a `Linear` output layer
/// with no dropout after it.
public enum MultilayerPerceptron {
    /// Which dropout variant the hidden layers use.
    public enum DropoutKind: Sendable {
        /// `torch.nn.Dropout`: scale survivors by 1/(1−p) in training, identity at inference.
        case inverted
        /// The 2014 paper's form: no scaling in training, multiply by (1−p) at inference.
        case standard
    }

    /// - Parameters:
    ///   - sizes: layer widths from input to output, e.g. `[64, 256, 256, 10]`.
    ///   - dropout: p for every hidden layer; 0 leaves the dropout layers out.
    ///   - seed: seeds the weights and each dropout layer's own generator.
    public static func make(
        sizes: [Int], dropout: Double, kind: DropoutKind = .inverted, seed: UInt64
    ) throws -> Sequential<Float> {
        checkPrecondition(sizes.count >= 2, "MultilayerPerceptron: needs an input and an output size, got \(sizes)")
        let root = RandomGenerator(seed: seed)
        var initialization = root.derived("weights")
        var layers: [any Layer<Float>] = []
        for (index, (inputSize, outputSize)) in zip(sizes, sizes.dropFirst()).enumerated() {
            layers.append(
                Linear<Float>(
                    inputSize: inputSize, outputSize: outputSize,
                    initialization: .kaimingUniform, generator: &initialization))
            let isOutput = index == sizes.count - 2
            if isOutput { break }
            layers.append(ReLU<Float>())
            if dropout > 0 {
                let generator = root.derived("dropout-\(index)")
                switch kind {
                case .inverted: layers.append(try Dropout<Float>(probability: dropout, generator: generator))
                case .standard: layers.append(try StandardDropout<Float>(probability: dropout, generator: generator))
                }
            }
        }
        return Sequential(layers)
    }

    /// The same network with its dropout layers taken out (sharing the trained weights): what a
    /// network computes at inference if nobody applies the (1−p) scaling that standard dropout needs.
    public static func withoutDropout(_ network: Sequential<Float>) -> Sequential<Float> {
        Sequential(network.layers.filter { !($0 is Dropout<Float>) && !($0 is StandardDropout<Float>) })
    }

    /// Gives every dropout layer of `network` a fresh generator derived from `seed` and `purpose`,
    /// so that an experiment reusing a trained network draws the same masks whether or not another
    /// experiment used the network before it (`--only`).
    public static func reseedDropout(_ network: Sequential<Float>, seed: UInt64, purpose: String) {
        let root = RandomGenerator(seed: seed).derived(purpose)
        for (index, layer) in network.layers.enumerated() {
            if let dropout = layer as? Dropout<Float> { dropout.generator = root.derived("dropout-\(index)") }
            if let dropout = layer as? StandardDropout<Float> { dropout.generator = root.derived("dropout-\(index)") }
        }
    }
}
