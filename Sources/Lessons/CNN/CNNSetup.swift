import NeuralKit

/// The networks, data and training loop shared by the CNN lesson's experiments.
public enum CNNSetup {
    /// One 8×8 digit: a single grey channel.
    public static let digitShape = ImageShape(channels: 1, height: 8, width: 8)

    /// Where a convolutional network's dropout goes and which kind it is.
    public enum DropoutKind: String, Sendable, CaseIterable {
        /// `Dropout`: each activation of a feature map dropped on its own.
        case elementwise
        /// `Dropout2d`: whole feature maps dropped.
        case channel
    }

    /// Where BatchNorm2d sits in each convolutional block.
    public enum NormalizationPlacement: String, Sendable, CaseIterable {
        case none
        /// conv → BatchNorm2d → ReLU (the usual order; the conv has no bias).
        case beforeActivation
        /// conv → ReLU → BatchNorm2d.
        case afterActivation
    }

    /// The lesson's CNN: two blocks `conv 3×3 (padding 1) → [BN] → ReLU → [BN] → [dropout] →
    /// max-pool 2`, with `channels` = (c₁, c₂) maps, then `Flatten → Linear(c₂·2·2 → 10)`.
    ///
    /// 8×8 → 4×4 → 2×2: the default (16, 32) has 160 + 4,640 + 1,290 = 6,090 parameters.
    // snippet: cnn-network
    public static func network(
        channels: (Int, Int) = (16, 32), dropout: Double = 0,
        dropoutKind: DropoutKind = .channel,
        normalization: NormalizationPlacement = .none, seed: UInt64
    ) throws -> Sequential<Float> {
        let root = RandomGenerator(seed: seed)
        var weights = root.derived("weights")
        var layers: [any Layer<Float>] = []
        var inputs = 1
        for (block, outputs) in [channels.0, channels.1].enumerated() {
            layers.append(Conv2d(
                inputChannels: inputs, outputChannels: outputs, kernelSize: 3,
                padding: 1, bias: normalization == .none, generator: &weights))
            if normalization == .beforeActivation {
                layers.append(try BatchNorm2d(channelCount: outputs))
            }
            layers.append(ReLU())
            if normalization == .afterActivation {
                layers.append(try BatchNorm2d(channelCount: outputs))
            }
            if dropout > 0 {
                let generator = root.derived("dropout-\(block)")
                switch dropoutKind {
                case .elementwise:
                    layers.append(
                        try Dropout(probability: dropout, generator: generator))
                case .channel:
                    layers.append(
                        try Dropout2d(probability: dropout, generator: generator))
                }
            }
            layers.append(MaxPool2d(kernelSize: 2))
            inputs = outputs
        }
        layers.append(Flatten())
        layers.append(Linear(
            inputSize: channels.1 * 2 * 2, outputSize: 10, generator: &weights))
        return Sequential(layers)
    }
    // end-snippet

    /// The course's MLP on the same pixels: 64-256-256-10 with ReLU (no dropout).
    public static func multilayerPerceptron(seed: UInt64) throws -> Sequential<Float> {
        try MultilayerPerceptron.make(sizes: [64, 256, 256, 10], dropout: 0, seed: seed)
    }

    /// A stratified split of the digits (pixels in [0, 1]) as 1×8×8 images: `trainCount` training
    /// and `validationCount` held-out images, drawn with `seed`.
    public static func split(trainCount: Int, validationCount: Int, seed: UInt64) throws -> (train: Dataset, validation: Dataset) {
        var digits = try Digits.load(scaling: .unitInterval)
        digits.features = digits.features.asImages(digitShape)
        var generator = RandomGenerator(seed: seed).derived("cnn-split")
        let split = try digits.split(
            trainCount: trainCount, validationCount: validationCount, stratified: true, using: &generator)
        return (split.train, split.validation)
    }

    /// What one training run measured.
    public struct Run: Sendable {
        public let trainAccuracy: Double
        public let validationAccuracy: Double
        /// Expected calibration error on the validation set (15 equal-width confidence bins).
        public let calibrationError: Double
        /// Mean top-class probability on the validation set.
        public let confidence: Double
    }

    /// Trains `network` with AdamW on `train` and measures it (evaluation mode) on both sets.
    // snippet: cnn-training
    public static func train(
        _ network: Sequential<Float>, on train: Dataset, validation: Dataset, epochs: Int,
        augmentation: (any BatchAugmentation)? = nil, learningRate: Double = 5e-3, seed: UInt64
    ) throws -> Run {
        let optimizer = try AdamW(parameters: network.parameters, learningRate: learningRate, weightDecay: 1e-4)
        let trainer = try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 32, seed: seed)
        trainer.augmentation = augmentation
        try trainer.fit(on: train, epochs: epochs)
        return measure(network, train: train, validation: validation)
    }
    // end-snippet

    static func measure(_ network: Sequential<Float>, train: Dataset, validation: Dataset) -> Run {
        let probabilities = network.predict(validation.features).softmax()
        return Run(
            trainAccuracy: network.accuracy(on: train), validationAccuracy: network.accuracy(on: validation),
            calibrationError: expectedCalibrationError(probabilities, labels: validation.labels),
            confidence: DistillationMeasures.meanConfidence(probabilities))
    }

    /// ECE = Σ_b (n_b / n) · |accuracy_b − confidence_b| over 15 equal-width bins of the top-class
    /// probability (Guo et al. 2017).
    public static func expectedCalibrationError(_ probabilities: Tensor<Float>, labels: [Int], bins: Int = 15) -> Double {
        var count = [Int](repeating: 0, count: bins)
        var correct = [Double](repeating: 0, count: bins)
        var confidence = [Double](repeating: 0, count: bins)
        let predictions = probabilities.argmaxPerRow()
        for row in 0..<probabilities.rows {
            let top = Double(probabilities[row, predictions[row]])
            let bin = min(bins - 1, Int(top * Double(bins)))
            count[bin] += 1
            correct[bin] += predictions[row] == labels[row] ? 1 : 0
            confidence[bin] += top
        }
        let n = Double(probabilities.rows)
        return (0..<bins).filter { count[$0] > 0 }.reduce(0) { total, bin in
            total + abs(correct[bin] - confidence[bin]) / n
        }
    }
}
