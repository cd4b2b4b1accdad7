import NeuralKit
import Preconditions

/// Fully connected networks whose hidden blocks combine `Linear` with normalisation, `ReLU` and
/// dropout in a chosen order, e.g. `Linear → BatchNorm1d → ReLU → Dropout(p)`. The output layer is
/// a plain `Linear`.
public enum NormalizedNetwork {
    /// One step of a hidden block after its `Linear` layer.
    public enum Step: Sendable, Equatable {
        case batchNorm, layerNorm, relu, dropout
    }

    /// The order of the steps inside every hidden block.
    public struct Ordering: Sendable, Equatable, Hashable {
        public let name: String
        public let steps: [Step]

        public var usesDropout: Bool { steps.contains(.dropout) }
        public var usesBatchNorm: Bool { steps.contains(.batchNorm) }

        /// Linear → BN → ReLU → Dropout: normalise, activate, then drop (the usual advice).
        public static let batchNormReLUDropout = Ordering(
            name: "BN→ReLU→Drop", steps: [.batchNorm, .relu, .dropout])
        /// Linear → Dropout → BN → ReLU: BN normalises the thinned signal.
        public static let dropoutBatchNormReLU = Ordering(
            name: "Drop→BN→ReLU", steps: [.dropout, .batchNorm, .relu])
        /// Linear → ReLU → Dropout → BN: dropout directly before BN, after the activation.
        public static let reLUDropoutBatchNorm = Ordering(
            name: "ReLU→Drop→BN", steps: [.relu, .dropout, .batchNorm])
        public static let batchNormOnly = Ordering(name: "BN only", steps: [.batchNorm, .relu])
        public static let dropoutOnly = Ordering(name: "Drop only", steps: [.relu, .dropout])
        public static let neither = Ordering(name: "neither", steps: [.relu])
        public static let layerNorm = Ordering(name: "LayerNorm", steps: [.layerNorm, .relu])

        public static func == (lhs: Ordering, rhs: Ordering) -> Bool { lhs.name == rhs.name }
        public func hash(into hasher: inout Hasher) { hasher.combine(name) }
    }

    /// - Parameters:
    ///   - sizes: layer widths from input to output, e.g. `[64, 128, 128, 10]`.
    ///   - ordering: the steps after each hidden `Linear`.
    ///   - dropout: p of every dropout step (ignored by orderings without one).
    ///   - seed: seeds the weights and each dropout layer's own generator.
    public static func make(
        sizes: [Int], ordering: Ordering, dropout: Double, seed: UInt64
    ) throws -> Sequential<Float> {
        checkPrecondition(sizes.count >= 2, "NormalizedNetwork: needs an input and an output size, got \(sizes)")
        let root = RandomGenerator(seed: seed)
        var initialization = root.derived("weights")
        var layers: [any Layer<Float>] = []
        for (index, (inputSize, width)) in zip(sizes, sizes.dropFirst()).enumerated() {
            layers.append(
                Linear<Float>(
                    inputSize: inputSize, outputSize: width,
                    initialization: .kaimingUniform, generator: &initialization))
            if index == sizes.count - 2 { break }  // the output layer
            for step in ordering.steps {
                switch step {
                case .batchNorm: layers.append(try BatchNorm1d<Float>(featureCount: width))
                case .layerNorm: layers.append(try LayerNorm<Float>(featureCount: width))
                case .relu: layers.append(ReLU<Float>())
                case .dropout:
                    let generator = root.derived("dropout-\(index)")
                    layers.append(try Dropout<Float>(probability: dropout, generator: generator))
                }
            }
        }
        return Sequential(layers)
    }

    /// The BatchNorm layers of `network`, in forward order.
    public static func batchNormLayers(of network: Sequential<Float>) -> [BatchNorm1d<Float>] {
        network.layers.compactMap { $0 as? BatchNorm1d<Float> }
    }
}
