import Foundation
import NeuralKit
import Notebook
import NotebookDocument
import Preconditions

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
    /// max-pool 2`, with `channels` = [c₁, c₂] maps, then `Flatten → Linear(c₂·2·2 → 10)`.
    ///
    /// 8×8 → 4×4 → 2×2: the default [16, 32] has 160 + 4,640 + 1,290 = 6,090 parameters.
    // snippet: cnn-network
    public static func network(
        channels: [Int] = [16, 32], dropout: Double = 0,
        dropoutKind: DropoutKind = .channel,
        normalization: NormalizationPlacement = .none, seed: UInt64
    ) throws -> Sequential<Float> {
        let root = RandomGenerator(seed: seed)
        var weights = root.derived("weights")
        var layers: [any Layer<Float>] = []
        var inputs = 1
        for (block, outputs) in channels.enumerated() {
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
        let side = 8 >> channels.count
        layers.append(Linear(
            inputSize: inputs * side * side, outputSize: 10, generator: &weights))
        return Sequential(layers)
    }
    // end-snippet

    /// The course's MLP on the same pixels: 64-h₁-h₂-10 with ReLU (no dropout).
    public static func multilayerPerceptron(hidden: [Int], seed: UInt64) throws -> Sequential<Float> {
        try MultilayerPerceptron.make(sizes: [Digits.pixelCount] + hidden + [Digits.classCount], dropout: 0, seed: seed)
    }

    /// The data of one run: a stratified split of the digits (pixels in [0, 1]) as 1×8×8 images.
    public struct RunData: Sendable {
        public var train: Dataset
        public var validation: Dataset
        /// The held-out digits, each moved by a random offset of up to `shift` pixels in each
        /// direction (the same offsets for every arm of a run); nil unless asked for.
        public var shiftedValidation: Dataset?

        /// The same data as flat 64-pixel rows, for the MLP.
        public var flattened: RunData {
            var flat = self
            flat.train.features = train.features.flattened
            flat.validation.features = validation.features.flattened
            flat.shiftedValidation?.features = shiftedValidation!.features.flattened
            return flat
        }
    }

    /// `trainCount` training and `validationCount` held-out images drawn with `seed`; with
    /// `shiftedBy` > 0 also a shifted copy of the held-out images.
    public static func data(trainCount: Int, validationCount: Int, seed: UInt64, shiftedBy shift: Int = 0) throws -> RunData {
        var digits = try Digits.load(scaling: .unitInterval)
        digits.features = digits.features.asImages(digitShape)
        var generator = RandomGenerator(seed: seed).derived("cnn-split")
        let split = try digits.split(
            trainCount: trainCount, validationCount: validationCount, stratified: true, using: &generator)
        var shifted: Dataset?
        if shift > 0 {
            var shiftGenerator = RandomGenerator(seed: seed).derived("shifted-validation")
            shifted = try RandomShift(maximum: shift).augment(split.validation, using: &shiftGenerator)
        }
        return RunData(train: split.train, validation: split.validation, shiftedValidation: shifted)
    }

    /// What a trained network measured at one epoch (evaluation mode).
    public struct Measurement: Sendable {
        public let epoch: Int
        public let trainAccuracy: Double
        public let validationAccuracy: Double
        /// Expected calibration error on all held-out images (15 equal-width confidence bins).
        public let calibrationError: Double
        /// Mean top-class probability on the held-out images.
        public let confidence: Double
        /// ECE on the second half of the held-out images, at temperature 1 ...
        public let halfCalibrationError: Double
        /// ... and after temperature scaling fitted (by log-likelihood) on the first half.
        public let scaledCalibrationError: Double
        public let temperature: Double
        /// Accuracy on the shifted held-out images (NaN without them).
        public let shiftedValidationAccuracy: Double

        public var gap: Double { trainAccuracy - validationAccuracy }
        /// Accuracy minus confidence: positive for an underconfident network.
        public var underconfidence: Double { validationAccuracy - confidence }
    }

    /// One training run: its measurements at the requested epochs, and (if tracked) the held-out
    /// accuracy after every epoch.
    public struct Run: Sendable {
        public let seed: UInt64
        public let measurements: [Measurement]
        public let validationCurve: [Double]

        /// The measurement at the last epoch.
        public var final: Measurement { measurements.last! }

        /// The measurement at `epoch` (one of the checkpoints).
        public func at(epoch: Int) -> Measurement {
            guard let measurement = measurements.first(where: { $0.epoch == epoch }) else {
                failPrecondition("CNNSetup.Run: no measurement at epoch \(epoch); checkpoints \(measurements.map(\.epoch))")
            }
            return measurement
        }

        /// The highest held-out accuracy of any epoch (chosen on the held-out set itself, so it
        /// flatters every arm alike) and its epoch (1-based, the first if several tie).
        public var bestValidationAccuracy: Double { validationCurve.max() ?? .nan }
        public var bestEpoch: Int {
            (validationCurve.indices.max { validationCurve[$0] < validationCurve[$1] || (validationCurve[$0] == validationCurve[$1] && $0 > $1) } ?? -1) + 1
        }
    }

    /// Trains `network` with AdamW on `data.train`, measuring it at each epoch of `checkpoints`
    /// (ascending; the last is the length of the run). A run to 60 epochs measured at 30 and 60
    /// is, at epoch 30, exactly the 30-epoch run: the learning rate is constant and the batches
    /// come from one generator.
    // snippet: cnn-training
    public static func train(
        _ network: Sequential<Float>, on data: RunData, training: CNNTraining,
        checkpoints: [Int], augmentation: (any BatchAugmentation)? = nil,
        tracksCurve: Bool = false, seed: UInt64, progress: ((EpochRecord) -> Void)? = nil
    ) throws -> Run {
        let optimizer = try AdamW(
            parameters: network.parameters, learningRate: training.learningRate,
            weightDecay: training.weightDecay)
        let trainer = try Trainer(
            network: network, optimizer: optimizer, loss: .crossEntropy,
            batchSize: training.batchSize, seed: seed)
        trainer.augmentation = augmentation
        trainer.onEpoch = progress
        var measurements: [Measurement] = []
        var trained = 0
        for epoch in checkpoints {
            try trainer.fit(
                on: data.train, validation: tracksCurve ? data.validation : nil,
                epochs: epoch - trained)
            trained = epoch
            measurements.append(measure(network, on: data, epoch: epoch))
        }
        return Run(
            seed: seed, measurements: measurements,
            validationCurve: tracksCurve ? trainer.history.validationAccuracy : [])
    }
    // end-snippet

    static func measure(_ network: Sequential<Float>, on data: RunData, epoch: Int) -> Measurement {
        let logits = network.predict(data.validation.features)
        let probabilities = logits.softmax()
        let labels = data.validation.labels
        let half = logits.rows / 2
        let fitLogits = logits.rows(0..<half), testLogits = logits.rows(half..<logits.rows)
        let temperature = fittedTemperature(fitLogits, labels: Array(labels[0..<half]))
        let testLabels = Array(labels[half...])
        return Measurement(
            epoch: epoch, trainAccuracy: network.accuracy(on: data.train),
            validationAccuracy: network.accuracy(on: data.validation),
            calibrationError: expectedCalibrationError(probabilities, labels: labels),
            confidence: DistillationMeasures.meanConfidence(probabilities),
            halfCalibrationError: expectedCalibrationError(testLogits.softmax(), labels: testLabels),
            scaledCalibrationError: expectedCalibrationError(
                testLogits.softmax(temperature: Float(temperature)), labels: testLabels),
            temperature: temperature,
            shiftedValidationAccuracy: data.shiftedValidation.map { network.accuracy(on: $0) } ?? .nan)
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

    /// Temperature scaling (Guo et al. 2017): the T on a log grid from 0.1 to 10 (81 values) that
    /// minimises the mean negative log-likelihood −(1/n) Σᵢ log softmax(zᵢ / T)_{yᵢ}. One scalar: it
    /// changes the confidence, never the predicted class.
    public static func fittedTemperature(_ logits: Tensor<Float>, labels: [Int]) -> Double {
        let grid = (0...80).map { pow(10, -1 + Double($0) / 40) }
        func negativeLogLikelihood(_ temperature: Double) -> Double {
            let logProbabilities = logits.logSoftmax(temperature: Float(temperature))
            return -labels.indices.reduce(0.0) { $0 + Double(logProbabilities[$1, labels[$1]]) } / Double(labels.count)
        }
        return grid.min { negativeLogLikelihood($0) < negativeLogLikelihood($1) }!
    }
}

/// The training settings every experiment of the CNN lesson has: how many runs, how much data,
/// and the optimiser. Each experiment owns its copy, so `--set dropout-kinds.epochs=60` changes
/// only that experiment.
public struct CNNTraining: Sendable, Equatable {
    /// Independent runs per arm; run i of every arm shares its seed (split, weights, batch order).
    public var runs = 5
    public var trainCount = 300
    public var validationCount = 500
    public var epochs = 30
    public var batchSize = 32
    public var learningRate = 5e-3
    public var weightDecay = 1e-4

    public init(quick: Bool) {
        if quick {
            runs = 3
            epochs = 12
        }
    }

    /// The declarations of these settings inside an experiment's `Settings` at `path`.
    static func declarations<Root>(_ path: WritableKeyPath<Root, CNNTraining>, owner: String) -> [SettingDeclaration<Root>] {
        [
            .integer("runs", path.appending(path: \.runs), in: 1...50, "independent runs per arm (seeds)", owner: owner),
            .integer("train-count", path.appending(path: \.trainCount), in: 20...1_200, "training images", owner: owner),
            .integer(
                "validation-count", path.appending(path: \.validationCount), in: 50...500, "held-out images", owner: owner),
            .integer("epochs", path.appending(path: \.epochs), in: 1...1_000, "epochs per run", owner: owner),
            .integer("batch-size", path.appending(path: \.batchSize), in: 2...512, "mini-batch size", owner: owner),
            .number(
                "learning-rate", path.appending(path: \.learningRate), from: 0, lowerIncluded: false, to: 1,
                upperIncluded: true, "AdamW's learning rate η", owner: owner),
            .number(
                "weight-decay", path.appending(path: \.weightDecay), from: 0, to: 1, upperIncluded: true,
                "AdamW's decoupled weight decay λ", owner: owner),
        ]
    }

    /// "300 training / 500 held-out digits, AdamW(η = 0.005, λ = 0.0001), batch 32, 30 epochs, seed 7 (5 runs)".
    func caption(base: UInt64, trainCount: Int? = nil, epochs: String? = nil) -> String {
        "\(trainCount ?? self.trainCount) training / \(validationCount) held-out 8×8 digits, "
            + "AdamW(η = \(formatNumber(learningRate)), λ = \(formatNumber(weightDecay))), batch \(batchSize), "
            + "\(epochs ?? "\(self.epochs)") epochs, \(SeedStream.captionForm(base: base, runs: runs))"
    }
}

extension [CNNSetup.Run] {
    /// A per-run measurement of these runs, as a summary over runs.
    func summary(_ value: (CNNSetup.Run) -> Double) -> SeedSummary { SeedSummary(map(value)) }
    /// A measurement at the last epoch.
    func final(_ value: KeyPath<CNNSetup.Measurement, Double>) -> SeedSummary { SeedSummary(map { $0.final[keyPath: value] }) }
    /// A measurement at `epoch`.
    func at(_ epoch: Int, _ value: KeyPath<CNNSetup.Measurement, Double>) -> SeedSummary {
        SeedSummary(map { $0.at(epoch: epoch)[keyPath: value] })
    }
}
