import NeuralKit

/// The CNN lesson's experiments on the 8×8 digits. Every comparison trains each variant on the
/// same seeds (same split, same initial weights where the architectures match, same batch order)
/// and keeps one `CNNSetup.Run` per seed.
public enum CNNExperiments {
    public struct Settings: Sendable {
        public let seed: UInt64
        public let quick: Bool

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            self.quick = quick
        }

        public var seedCount: Int { quick ? 2 : 3 }
        public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { seed &+ $0 } }
        /// The training-set size of experiments 1–3 and 5.
        public var trainCount: Int { 300 }
        public var validationCount: Int { 500 }
        public var epochs: Int { quick ? 12 : 30 }
        public var dropoutRates: [Double] { [0.2, 0.5] }
        public var trainingSetSizes: [Int] { quick ? [100, 300] : [100, 300, 1000] }
        /// Epochs per training-set size: more passes over smaller sets, fewer over the largest.
        public func epochs(forSize size: Int) -> Int {
            switch size {
            case ..<200: return quick ? 24 : 50
            case ..<500: return epochs
            default: return quick ? 6 : 10
            }
        }
        public var shiftPixels: Int { 1 }
        public var rotationDegrees: Double { 10 }
        public var mixupAlpha: Double { 0.2 }
        public var cutMixAlpha: Double { 1 }

        public var caption: String {
            "8×8 digits, \(trainCount) training / \(validationCount) held-out images, AdamW(η = 0.005), batch 32, "
                + "\(epochs) epochs, seeds \(seeds.first!)–\(seeds.last!)"
        }
    }

    /// Runs of one variant, one per seed.
    public struct Variant: Sendable {
        public let name: String
        public let runs: [CNNSetup.Run]
        public var validationAccuracy: SeedSummary { SeedSummary(runs.map(\.validationAccuracy)) }
        public var trainAccuracy: SeedSummary { SeedSummary(runs.map(\.trainAccuracy)) }
        public var gap: SeedSummary { SeedSummary(runs.map { $0.trainAccuracy - $0.validationAccuracy }) }
        public var calibrationError: SeedSummary { SeedSummary(runs.map(\.calibrationError)) }
        public var confidence: SeedSummary { SeedSummary(runs.map(\.confidence)) }

        /// On how many seeds `self` beats `other` by `claim` on the validation accuracy.
        public func seeds(_ claim: (Double, Double) -> Bool, than other: Variant) -> Int {
            zip(runs, other.runs).filter { claim($0.validationAccuracy, $1.validationAccuracy) }.count
        }
    }

    // MARK: 1. CNN vs MLP

    public struct Architectures: Sendable {
        public let cnn: Variant
        public let mlp: Variant
        public let cnnParameters: Int
        public let mlpParameters: Int
        /// The first seed's trained CNN (for the filter and feature-map figures).
        public let firstLayerFilters: [[Double]]
        public let sampleImage: [Float]
        public let sampleLabel: Int
        public let sampleFeatureMaps: [[Float]]
        public let droppedFeatureMaps: [[Float]]
        public let droppedChannels: [Int]
    }

    public static func architectures(_ settings: Settings, narration: ExperimentNarration) throws -> Architectures {
        narration.announce("1. A small CNN and the course's MLP on \(settings.trainCount) digits, \(settings.seedCount) seeds")
        var cnnRuns: [CNNSetup.Run] = []
        var mlpRuns: [CNNSetup.Run] = []
        var cnnParameters = 0
        var mlpParameters = 0
        var firstNetwork: Sequential<Float>?
        var validationImages: Dataset?
        for seed in settings.seeds {
            let data = try CNNSetup.split(trainCount: settings.trainCount, validationCount: settings.validationCount, seed: seed)
            let cnn = try CNNSetup.network(seed: seed)
            cnnRuns.append(try CNNSetup.train(cnn, on: data.train, validation: data.validation, epochs: settings.epochs, seed: seed))
            cnnParameters = cnn.parameterCount
            var flat = data
            flat.train.features = flat.train.features.flattened
            flat.validation.features = flat.validation.features.flattened
            let mlp = try CNNSetup.multilayerPerceptron(seed: seed)
            mlpRuns.append(try CNNSetup.train(mlp, on: flat.train, validation: flat.validation, epochs: settings.epochs, seed: seed))
            mlpParameters = mlp.parameterCount
            if firstNetwork == nil {
                firstNetwork = cnn
                validationImages = data.validation
            }
        }
        // Figures: the first conv layer's kernels, and one digit's first-layer maps before and
        // after a Dropout2d(0.5) draw.
        let network = firstNetwork!
        let conv = network.layers[0] as! Conv2d<Float>
        let filters = (0..<conv.outputChannels).map { o in
            (0..<9).map { Double(conv.weight.value.scalars[o * 9 + $0]) }
        }
        let image = validationImages!.features.rows(0..<1)
        let maps = network.layers[1].forward(conv.forward(image))  // conv → ReLU
        let dropout = try Dropout2d<Float>(probability: 0.5, seed: settings.seed)
        let dropped = dropout.forward(maps)
        func planes(_ tensor: Tensor<Float>) -> [[Float]] {
            (0..<conv.outputChannels).map { Array(tensor.scalars[$0 * 64..<($0 + 1) * 64]) }
        }
        return Architectures(
            cnn: Variant(name: "CNN", runs: cnnRuns), mlp: Variant(name: "MLP", runs: mlpRuns),
            cnnParameters: cnnParameters, mlpParameters: mlpParameters, firstLayerFilters: filters,
            sampleImage: image.scalars, sampleLabel: validationImages!.labels[0],
            sampleFeatureMaps: planes(maps), droppedFeatureMaps: planes(dropped),
            droppedChannels: (0..<conv.outputChannels).filter { dropout.channelMask.scalars[$0] == 0 })
    }

    // MARK: 2. Dropout vs Dropout2d

    public struct DropoutComparison: Sendable {
        public let baseline: Variant
        /// By rate: (element-wise, channel-wise).
        public let byRate: [(rate: Double, elementwise: Variant, channel: Variant)]
    }

    public static func dropoutKinds(_ settings: Settings, baseline: Variant, narration: ExperimentNarration) throws -> DropoutComparison {
        narration.announce("2. Element-wise Dropout vs Dropout2d after each conv block, rates \(settings.dropoutRates)")
        var byRate: [(Double, Variant, Variant)] = []
        for rate in settings.dropoutRates {
            var variants: [CNNSetup.DropoutKind: [CNNSetup.Run]] = [:]
            for kind in CNNSetup.DropoutKind.allCases {
                for seed in settings.seeds {
                    let data = try CNNSetup.split(trainCount: settings.trainCount, validationCount: settings.validationCount, seed: seed)
                    let network = try CNNSetup.network(dropout: rate, dropoutKind: kind, seed: seed)
                    variants[kind, default: []].append(
                        try CNNSetup.train(network, on: data.train, validation: data.validation, epochs: settings.epochs, seed: seed))
                }
            }
            byRate.append((
                rate, Variant(name: "Dropout(\(rate))", runs: variants[.elementwise]!),
                Variant(name: "Dropout2d(\(rate))", runs: variants[.channel]!)))
        }
        return DropoutComparison(baseline: baseline, byRate: byRate)
    }

    // MARK: 3. BatchNorm2d: placement, train vs eval

    public struct NormalizationComparison: Sendable {
        public let none: Variant
        public let beforeActivation: Variant
        public let afterActivation: Variant
        /// Validation accuracy of the conv → BN → ReLU networks when (wrongly) left in training
        /// mode, evaluated in batches of `smallBatch` images (batch statistics).
        public let trainingModeAccuracy: SeedSummary
        public let smallBatch: Int
    }

    public static func normalization(_ settings: Settings, baseline: Variant, narration: ExperimentNarration) throws -> NormalizationComparison {
        narration.announce("3. BatchNorm2d before or after ReLU; evaluation vs training mode")
        var runs: [CNNSetup.NormalizationPlacement: [CNNSetup.Run]] = [:]
        var trainingMode: [Double] = []
        let smallBatch = 8
        for placement in [CNNSetup.NormalizationPlacement.beforeActivation, .afterActivation] {
            for seed in settings.seeds {
                let data = try CNNSetup.split(trainCount: settings.trainCount, validationCount: settings.validationCount, seed: seed)
                let network = try CNNSetup.network(normalization: placement, seed: seed)
                runs[placement, default: []].append(
                    try CNNSetup.train(network, on: data.train, validation: data.validation, epochs: settings.epochs, seed: seed))
                if placement == .beforeActivation {
                    trainingMode.append(trainingModeAccuracy(network, on: data.validation, batchSize: smallBatch))
                }
            }
        }
        return NormalizationComparison(
            none: baseline, beforeActivation: Variant(name: "conv → BN → ReLU", runs: runs[.beforeActivation]!),
            afterActivation: Variant(name: "conv → ReLU → BN", runs: runs[.afterActivation]!),
            trainingModeAccuracy: SeedSummary(trainingMode), smallBatch: smallBatch)
    }

    /// Accuracy when a network is evaluated in training mode (a forgotten `eval()`), batch by batch:
    /// each batch is normalised with its own statistics (and the running statistics drift).
    static func trainingModeAccuracy(_ network: Sequential<Float>, on data: Dataset, batchSize: Int) -> Double {
        network.train()
        defer { network.eval() }
        var correct = 0
        for start in stride(from: 0, to: data.count, by: batchSize) {
            let range = start..<min(start + batchSize, data.count)
            let predictions = network.forward(data.features.rows(range)).argmaxPerRow()
            correct += zip(predictions, data.labels[range]).filter { $0 == $1 }.count
        }
        return Double(correct) / Double(data.count)
    }

    // MARK: 4. Augmentation across training-set sizes

    public enum Augmentation: String, Sendable, CaseIterable {
        case none, shifts, shiftsAndRotations

        public var title: String {
            switch self {
            case .none: return "none"
            case .shifts: return "shifts"
            case .shiftsAndRotations: return "shifts + rotations"
            }
        }

        func make(_ settings: Settings) throws -> (any BatchAugmentation)? {
            switch self {
            case .none: return nil
            case .shifts: return try RandomShift(maximum: settings.shiftPixels)
            case .shiftsAndRotations:
                return AugmentationSequence([
                    try RandomShift(maximum: settings.shiftPixels), try RandomRotation(maximumDegrees: settings.rotationDegrees),
                ])
            }
        }
    }

    public struct AugmentationSweep: Sendable {
        public let sizes: [Int]
        /// `variants[size][augmentation]`.
        public let variants: [Int: [Augmentation: Variant]]

        /// Mean validation gain of `augmentation` over none at `size`, and on how many seeds it helped.
        public func gain(_ augmentation: Augmentation, size: Int) -> (gain: SeedSummary, seedsBetter: Int) {
            let plain = variants[size]![.none]!
            let augmented = variants[size]![augmentation]!
            return (augmented.validationAccuracy - plain.validationAccuracy, augmented.seeds(>, than: plain))
        }
    }

    public static func augmentation(_ settings: Settings, narration: ExperimentNarration) throws -> AugmentationSweep {
        narration.announce("4. Augmentation (none, shifts, shifts + rotations) on \(settings.trainingSetSizes) training images")
        var variants: [Int: [Augmentation: Variant]] = [:]
        for size in settings.trainingSetSizes {
            for augmentation in Augmentation.allCases {
                var runs: [CNNSetup.Run] = []
                for seed in settings.seeds {
                    let data = try CNNSetup.split(trainCount: size, validationCount: settings.validationCount, seed: seed)
                    let network = try CNNSetup.network(seed: seed)
                    runs.append(try CNNSetup.train(
                        network, on: data.train, validation: data.validation, epochs: settings.epochs(forSize: size),
                        augmentation: try augmentation.make(settings), seed: seed))
                }
                variants[size, default: [:]][augmentation] = Variant(name: augmentation.title, runs: runs)
            }
        }
        return AugmentationSweep(sizes: settings.trainingSetSizes, variants: variants)
    }

    // MARK: 5. CutMix vs mixup vs neither

    public struct MixingComparison: Sendable {
        public let neither: Variant
        public let mixup: Variant
        public let cutMix: Variant
    }

    public static func mixing(_ settings: Settings, baseline: Variant, narration: ExperimentNarration) throws -> MixingComparison {
        narration.announce("5. CutMix vs mixup vs neither: accuracy and calibration")
        var mixupRuns: [CNNSetup.Run] = []
        var cutMixRuns: [CNNSetup.Run] = []
        for seed in settings.seeds {
            let data = try CNNSetup.split(trainCount: settings.trainCount, validationCount: settings.validationCount, seed: seed)
            mixupRuns.append(try CNNSetup.train(
                try CNNSetup.network(seed: seed), on: data.train, validation: data.validation, epochs: settings.epochs,
                augmentation: try Mixup(alpha: settings.mixupAlpha), seed: seed))
            cutMixRuns.append(try CNNSetup.train(
                try CNNSetup.network(seed: seed), on: data.train, validation: data.validation, epochs: settings.epochs,
                augmentation: try CutMix(alpha: settings.cutMixAlpha), seed: seed))
        }
        return MixingComparison(
            neither: baseline, mixup: Variant(name: "mixup", runs: mixupRuns), cutMix: Variant(name: "CutMix", runs: cutMixRuns))
    }
}
