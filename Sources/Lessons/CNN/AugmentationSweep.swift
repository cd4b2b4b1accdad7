import NeuralKit
import Notebook
import NotebookDocument

/// Section 5 of the CNN lesson: no augmentation, random shifts, and shifts with small rotations,
/// across training-set sizes, each size trained for the same number of optimisation steps. At the
/// focus size (`train-count`) the runs go on to `long-budget` times as many epochs, measured at
/// both budgets, because augmented data is harder to fit and may need longer. Every network is
/// also measured on a shifted copy of its held-out digits: the variation shifts teach.
public enum AugmentationSweep {
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
                    try RandomShift(maximum: settings.shiftPixels),
                    try RandomRotation(maximumDegrees: settings.rotationDegrees),
                ])
            }
        }
    }

    public struct Settings: ExperimentSettings {
        /// `train-count` is the focus size (one of `sizes`), `epochs` its budget.
        public var training: CNNTraining
        public var sizes = [100, 300, 1_000]
        /// The focus size's runs train this many times longer, measured at both budgets.
        public var longBudget = 3
        public var shiftPixels = 1
        public var rotationDegrees = 10.0
        /// The figure's other augmentations (not trained with).
        public var figureNoise = 0.1
        public var figureCutout = 3
        public var figureCutMixAlpha = 1.0

        public init(quick: Bool) {
            training = CNNTraining(quick: quick)
            if quick {
                sizes = [100, 300]
                longBudget = 2
            }
        }

        static let owner = "augmentation"
        public static let declarations: [SettingDeclaration<Settings>] =
            CNNTraining.declarations(\.training, owner: owner) + [
                .integers(
                    "sizes", \.sizes, in: 20...1_200, count: 1...6,
                    "training-set sizes (must include train-count, the focus size)", owner: owner),
                .integer(
                    "long-budget", \.longBudget, in: 2...20, "the focus size's longer budget, in multiples of epochs",
                    owner: owner),
                .integer("shift-pixels", \.shiftPixels, in: 1...3, "largest shift in pixels (also of the shifted test)", owner: owner),
                .number(
                    "rotation-degrees", \.rotationDegrees, from: 0, lowerIncluded: false, to: 45, upperIncluded: true,
                    "largest rotation in degrees", owner: owner),
                .number(
                    "figure-noise", \.figureNoise, from: 0, to: 1, upperIncluded: true,
                    "standard deviation of the figure's Gaussian noise", owner: owner),
                .integer("figure-cutout", \.figureCutout, in: 1...8, "side of the figure's cutout square", owner: owner),
                .number(
                    "figure-cutmix-alpha", \.figureCutMixAlpha, from: 0, lowerIncluded: false, to: 100,
                    upperIncluded: true, "α of the figure's CutMix", owner: owner),
            ]

        /// Optimisation steps per epoch on `size` images.
        func stepsPerEpoch(_ size: Int) -> Int { (size + training.batchSize - 1) / training.batchSize }

        /// Epochs on `size` images: as many optimisation steps as `epochs` on the focus size.
        public func epochs(forSize size: Int) -> Int {
            let steps = training.epochs * stepsPerEpoch(training.trainCount)
            return max(1, Int((Double(steps) / Double(stepsPerEpoch(size))).rounded()))
        }

        public var longEpochs: Int { training.epochs * longBudget }

        func caption(seed: UInt64) -> String {
            "sizes \(sizes.map(String.init).joined(separator: ", ")), shifts ≤ \(shiftPixels) px, rotations ≤ \(formatNumber(rotationDegrees))°, "
                + training.caption(
                    base: seed, trainCount: training.trainCount,
                    epochs: "\(training.epochs) (\(longEpochs) for the longer budget)")
        }

        func validate() throws {
            guard sizes.contains(training.trainCount) else {
                throw SettingError(
                    "augmentation: train-count \(training.trainCount) must be one of sizes \(sizes.map(String.init).joined(separator: ",")); add it or choose one of them")
            }
            guard longBudget > 1 else {
                throw SettingError("augmentation: long-budget must be at least 2 to compare two budgets, got \(longBudget)")
            }
        }
    }

    public struct Result: Sendable {
        public let settings: Settings
        public let baseSeed: UInt64
        public let seeds: [UInt64]
        public let sizes: [Int]
        /// `runs[size][augmentation]`; at the focus size measured at `epochs` and `longEpochs`.
        public let runs: [Int: [Augmentation: [CNNSetup.Run]]]

        public var focusSize: Int { settings.training.trainCount }
        public var smallest: Int { sizes.min()! }
        public var largest: Int { sizes.max()! }

        /// Held-out accuracy of `augmentation` at `size` (at the short budget).
        public func accuracy(_ augmentation: Augmentation, size: Int, shifted: Bool = false) -> SeedSummary {
            let runs = runs[size]![augmentation]!
            let epoch = size == focusSize ? settings.training.epochs : settings.epochs(forSize: size)
            return runs.at(epoch, shifted ? \.shiftedValidationAccuracy : \.validationAccuracy)
        }

        /// Paired gain of `augmentation` over none at `size` (short budget).
        public func gain(_ augmentation: Augmentation, size: Int, shifted: Bool = false) -> SeedSummary {
            accuracy(augmentation, size: size, shifted: shifted) - accuracy(.none, size: size, shifted: shifted)
        }

        /// Held-out accuracy at the focus size after the longer budget.
        public func longAccuracy(_ augmentation: Augmentation, shifted: Bool = false) -> SeedSummary {
            runs[focusSize]![augmentation]!.final(shifted ? \.shiftedValidationAccuracy : \.validationAccuracy)
        }

        public func longGain(_ augmentation: Augmentation) -> SeedSummary {
            longAccuracy(augmentation) - longAccuracy(.none)
        }

        /// Training accuracy (evaluation mode, un-augmented images) at the focus size.
        public func trainAccuracy(_ augmentation: Augmentation, long: Bool) -> SeedSummary {
            let runs = runs[focusSize]![augmentation]!
            return long ? runs.final(\.trainAccuracy) : runs.at(settings.training.epochs, \.trainAccuracy)
        }
    }

    public static func run(
        _ settings: Settings, seeds: [UInt64], baseSeed: UInt64, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        try settings.validate()
        let training = settings.training
        let sizes = settings.sizes.sorted()
        let augmentations = Augmentation.allCases
        narration.announce(
            "Training \(sizes.count * augmentations.count * seeds.count) CNNs: \(augmentations.map(\.title)) on \(sizes) digits")
        // data[size index][run]
        let data = try sizes.map { size in
            try seeds.map {
                try CNNSetup.data(
                    trainCount: size, validationCount: training.validationCount, seed: $0, shiftedBy: settings.shiftPixels)
            }
        }
        let jobsList = sizes.indices.flatMap { s in augmentations.flatMap { a in seeds.indices.map { (s, a, $0) } } }
        let trained = try ParallelRuns.map(jobsList.count, jobs: jobs) { index -> CNNSetup.Run in
            let (s, augmentation, run) = jobsList[index]
            let size = sizes[s]
            let checkpoints = size == training.trainCount
                ? [training.epochs, settings.longEpochs] : [settings.epochs(forSize: size)]
            return try CNNSetup.train(
                try CNNSetup.network(seed: seeds[run]), on: data[s][run], training: training, checkpoints: checkpoints,
                augmentation: try augmentation.make(settings), seed: seeds[run],
                progress: narration.trainerProgress(
                    "\(augmentation.title), \(size) images, run \(run + 1)", epochs: checkpoints.last!))
        }
        var runs: [Int: [Augmentation: [CNNSetup.Run]]] = [:]
        for (index, (s, augmentation, _)) in jobsList.enumerated() {
            runs[sizes[s], default: [:]][augmentation, default: []].append(trained[index])
        }
        return Result(settings: settings, baseSeed: baseSeed, seeds: seeds, sizes: sizes, runs: runs)
    }
}
