import NeuralKit
import Notebook
import NotebookDocument

/// Section 6 of the CNN lesson: CutMix, mixup and neither (paired runs), measured at `epochs` and
/// again after `long-budget` times as many (mixing makes the task harder to fit), for accuracy and
/// calibration. Calibration is measured raw (ECE) and after temperature scaling fitted on half of
/// the held-out digits and measured on the other half: a network that is only under- or
/// overconfident by one factor is fixed by the scaling, so what remains is not a matter of scale.
public enum MixingComparison {
    public enum Mixing: String, Sendable, CaseIterable {
        case neither, mixup, cutMix

        public var title: String {
            switch self {
            case .neither: return "neither"
            case .mixup: return "mixup"
            case .cutMix: return "CutMix"
            }
        }
    }

    public struct Settings: ExperimentSettings {
        public var training: CNNTraining
        public var longBudget = 2
        public var mixupAlpha = 0.2
        public var cutMixAlpha = 1.0

        public init(quick: Bool) {
            training = CNNTraining(quick: quick)
        }

        static let owner = "mixing"
        public static let declarations: [SettingDeclaration<Settings>] =
            CNNTraining.declarations(\.training, owner: owner) + [
                .integer(
                    "long-budget", \.longBudget, in: 2...20, "the longer budget, in multiples of epochs", owner: owner),
                .number(
                    "mixup-alpha", \.mixupAlpha, from: 0, lowerIncluded: false, to: 100, upperIncluded: true,
                    "mixup's Beta(α, α)", owner: owner),
                .number(
                    "cutmix-alpha", \.cutMixAlpha, from: 0, lowerIncluded: false, to: 100, upperIncluded: true,
                    "CutMix's Beta(α, α)", owner: owner),
            ]

        public var longEpochs: Int { training.epochs * longBudget }

        func caption(seed: UInt64) -> String {
            "mixup α = \(formatNumber(mixupAlpha)), CutMix α = \(formatNumber(cutMixAlpha)), "
                + training.caption(base: seed, epochs: "\(training.epochs) and \(longEpochs)")
        }
    }

    public struct Result: Sendable {
        public let settings: Settings
        public let baseSeed: UInt64
        public let seeds: [UInt64]
        public let runs: [Mixing: [CNNSetup.Run]]

        /// A measurement of `mixing` at the short budget, or after the longer one.
        public func value(_ mixing: Mixing, _ key: KeyPath<CNNSetup.Measurement, Double>, long: Bool = false) -> SeedSummary {
            long ? runs[mixing]!.final(key) : runs[mixing]!.at(settings.training.epochs, key)
        }
    }

    public static func run(
        _ settings: Settings, seeds: [UInt64], baseSeed: UInt64, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        let training = settings.training
        let kinds = Mixing.allCases
        narration.announce("Training \(kinds.count * seeds.count) CNNs with mixup, CutMix and neither")
        let data = try seeds.map {
            try CNNSetup.data(trainCount: training.trainCount, validationCount: training.validationCount, seed: $0)
        }
        let trained = try ParallelRuns.map(kinds.count * seeds.count, jobs: jobs) { index -> CNNSetup.Run in
            let mixing = kinds[index / seeds.count], run = index % seeds.count
            let augmentation: (any BatchAugmentation)? =
                switch mixing {
                case .neither: nil
                case .mixup: try Mixup(alpha: settings.mixupAlpha)
                case .cutMix: try CutMix(alpha: settings.cutMixAlpha)
                }
            return try CNNSetup.train(
                try CNNSetup.network(seed: seeds[run]), on: data[run], training: training,
                checkpoints: [training.epochs, settings.longEpochs], augmentation: augmentation, seed: seeds[run],
                progress: narration.trainerProgress("\(mixing.title), run \(run + 1)", epochs: settings.longEpochs))
        }
        var runs: [Mixing: [CNNSetup.Run]] = [:]
        for (index, mixing) in kinds.enumerated() {
            runs[mixing] = Array(trained[(index * seeds.count)..<((index + 1) * seeds.count)])
        }
        return Result(settings: settings, baseSeed: baseSeed, seeds: seeds, runs: runs)
    }
}
