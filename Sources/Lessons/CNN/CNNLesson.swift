import NeuralKit
import Notebook
import NotebookDocument

/// The CNN lesson: `lessons/cnn.md` and the experiments behind every number in it (a small CNN
/// beside the MLP, element-wise vs channel dropout, BatchNorm2d, augmentation, CutMix and mixup).
public enum CNNLesson {
    public static let definition = LessonDefinition(
        name: "cnn", title: "Regularising convolutional networks",
        subtitle: "Weight sharing, Dropout2d, BatchNorm2d, augmentation and CutMix on the digits, measured"
    ) { context in
        try run(context)
    }

    public struct Results: Sendable {
        public let settings: CNNExperiments.Settings
        public let architectures: CNNExperiments.Architectures
        public let dropout: CNNExperiments.DropoutComparison
        public let normalization: CNNExperiments.NormalizationComparison
        public let augmentation: CNNExperiments.AugmentationSweep
        public let mixing: CNNExperiments.MixingComparison
    }

    public static func runExperiments(seed: UInt64, quick: Bool, narration: ExperimentNarration = .silent) throws -> Results {
        let settings = CNNExperiments.Settings(seed: seed, quick: quick)
        let architectures = try CNNExperiments.architectures(settings, narration: narration)
        let dropout = try CNNExperiments.dropoutKinds(settings, baseline: architectures.cnn, narration: narration)
        let normalization = try CNNExperiments.normalization(settings, baseline: architectures.cnn, narration: narration)
        let augmentation = try CNNExperiments.augmentation(settings, narration: narration)
        let mixing = try CNNExperiments.mixing(settings, baseline: architectures.cnn, narration: narration)
        return Results(
            settings: settings, architectures: architectures, dropout: dropout, normalization: normalization,
            augmentation: augmentation, mixing: mixing)
    }

    static func run(_ context: ExperimentContext) throws {
        let results = try runExperiments(seed: context.seed, quick: context.quick, narration: context.narration)
        try record(results, in: context.results)
        let a = results.architectures
        context.reporter.summarize(
            "CNN \(percent(a.cnn.validationAccuracy.mean)) vs MLP \(percent(a.mlp.validationAccuracy.mean)) held-out accuracy "
                + "with \(a.cnnParameters) vs \(a.mlpParameters) parameters")
    }

    static func percent(_ value: Double) -> String { "\((value * 1000).rounded() / 10) %" }

    /// "3 of 3" style agreement counts are recorded as integers next to the seed count.
    static func record(_ results: Results, in store: ResultsStore) throws {
        let s = results.settings
        let caption = s.caption
        store.record("seed-count", s.seedCount, configuration: caption)
        store.record("train-count", s.trainCount, configuration: caption)
        store.record("validation-count", s.validationCount, configuration: caption)
        store.record("epochs", s.epochs, configuration: caption)

        // 1. architectures
        let a = results.architectures
        store.record("cnn-parameters", a.cnnParameters, configuration: caption)
        store.record("mlp-parameters", a.mlpParameters, configuration: caption)
        store.record("parameter-ratio", Double(a.mlpParameters) / Double(a.cnnParameters), configuration: caption)
        for variant in [a.cnn, a.mlp] {
            let key = variant.name.lowercased()
            store.record("\(key)-val", sample: variant.runs.map(\.validationAccuracy), configuration: caption)
            store.record("\(key)-train", sample: variant.runs.map(\.trainAccuracy), configuration: caption)
            store.record("\(key)-gap", sample: variant.gap.values, configuration: caption)
        }
        store.record("cnn-beats-mlp-seeds", a.cnn.seeds(>, than: a.mlp), configuration: caption)
        store.record("cnn-smaller-gap-seeds", zip(a.cnn.gap.values, a.mlp.gap.values).filter { $0 < $1 }.count, configuration: caption)
        store.record("sample-label", a.sampleLabel, configuration: caption)
        store.record("dropped-channels", text: a.droppedChannels.map { "\($0 + 1)" }.joined(separator: ", "), configuration: caption)
        store.record(figure: CNNFigures.filters(a), named: "cnn-filters", configuration: caption)
        store.record(figure: CNNFigures.droppedMaps(a), named: "cnn-dropout2d-maps", configuration: caption)

        // 2. dropout kinds
        let d = results.dropout
        var dropoutRows: [[ResultValue]] = [[.text("no dropout"), .sample(d.baseline.validationAccuracy.values), .sample(d.baseline.trainAccuracy.values), .text("–")]]
        for entry in d.byRate {
            let rate = entry.rate
            let tag = "\(Int(rate * 100))"
            store.record("dropout-\(tag)-val", sample: entry.elementwise.validationAccuracy.values, configuration: caption)
            store.record("dropout2d-\(tag)-val", sample: entry.channel.validationAccuracy.values, configuration: caption)
            store.record("dropout-\(tag)-train", sample: entry.elementwise.trainAccuracy.values, configuration: caption)
            store.record("dropout2d-\(tag)-train", sample: entry.channel.trainAccuracy.values, configuration: caption)
            store.record("dropout2d-\(tag)-better-seeds", entry.channel.seeds(>, than: entry.elementwise), configuration: caption)
            store.record("dropout2d-\(tag)-vs-none-better-seeds", entry.channel.seeds(>, than: d.baseline), configuration: caption)
            store.record("dropout-\(tag)-vs-none-better-seeds", entry.elementwise.seeds(>, than: d.baseline), configuration: caption)
            for variant in [entry.elementwise, entry.channel] {
                dropoutRows.append([
                    .text(variant.name), .sample(variant.validationAccuracy.values), .sample(variant.trainAccuracy.values),
                    .text("\(variant.seeds(>, than: d.baseline)) of \(s.seedCount)"),
                ])
            }
        }
        store.record(
            table: "dropout-table",
            ResultTable(
                columns: [
                    .init("after each conv block"), .init("held-out accuracy", format: "mean-std percent.1"),
                    .init("training accuracy", format: "mean-std percent.1"), .init("seeds above no dropout"),
                ],
                rows: dropoutRows),
            configuration: caption)

        // 3. normalization
        let n = results.normalization
        store.record("bn-before-val", sample: n.beforeActivation.validationAccuracy.values, configuration: caption)
        store.record("bn-after-val", sample: n.afterActivation.validationAccuracy.values, configuration: caption)
        store.record("bn-before-train", sample: n.beforeActivation.trainAccuracy.values, configuration: caption)
        store.record("bn-after-train", sample: n.afterActivation.trainAccuracy.values, configuration: caption)
        store.record("bn-before-vs-none-better-seeds", n.beforeActivation.seeds(>, than: n.none), configuration: caption)
        store.record("bn-before-vs-after-better-seeds", n.beforeActivation.seeds(>, than: n.afterActivation), configuration: caption)
        store.record("bn-training-mode-val", sample: n.trainingModeAccuracy.values, configuration: caption)
        store.record("bn-small-batch", n.smallBatch, configuration: caption)
        store.record(
            "bn-training-mode-loss",
            n.beforeActivation.validationAccuracy.mean - n.trainingModeAccuracy.mean, configuration: caption)
        store.record(
            "bn-training-mode-worse-seeds",
            zip(n.trainingModeAccuracy.values, n.beforeActivation.runs).filter { $0 < $1.validationAccuracy }.count,
            configuration: caption)

        // 4. augmentation
        let g = results.augmentation
        store.record("shift-pixels", s.shiftPixels, configuration: caption)
        store.record("rotation-degrees", s.rotationDegrees, configuration: caption)
        var augmentationRows: [[ResultValue]] = []
        for size in g.sizes {
            store.record("size-\(size)-epochs", s.epochs(forSize: size), configuration: caption)
            for augmentation in CNNExperiments.Augmentation.allCases {
                let variant = g.variants[size]![augmentation]!
                store.record("aug-\(augmentation.rawValue)-\(size)-val", sample: variant.validationAccuracy.values, configuration: caption)
                if augmentation != .none {
                    let (gain, better) = g.gain(augmentation, size: size)
                    store.record("aug-\(augmentation.rawValue)-\(size)-gain", sample: gain.values, configuration: caption)
                    store.record("aug-\(augmentation.rawValue)-\(size)-better-seeds", better, configuration: caption)
                }
            }
            let none = g.variants[size]![.none]!
            let shifts = g.gain(.shifts, size: size)
            let both = g.gain(.shiftsAndRotations, size: size)
            augmentationRows.append([
                .number(Double(size)), .number(Double(s.epochs(forSize: size))), .sample(none.validationAccuracy.values),
                .sample(shifts.gain.values), .number(Double(shifts.seedsBetter)), .sample(both.gain.values),
                .number(Double(both.seedsBetter)),
            ])
        }
        let largestGainSize = g.sizes.max { g.gain(.shiftsAndRotations, size: $0).gain.mean < g.gain(.shiftsAndRotations, size: $1).gain.mean }!
        store.record("aug-largest-gain-size", largestGainSize, configuration: caption)
        store.record(
            table: "augmentation-table",
            ResultTable(
                columns: [
                    .init("training images", format: "int"), .init("epochs", format: "int"),
                    .init("no augmentation", format: "mean-std percent.1"), .init("shifts: gain", format: "mean-std percent.1"),
                    .init("seeds better", format: "int"), .init("+ rotations: gain", format: "mean-std percent.1"),
                    .init("seeds better", format: "int"),
                ],
                rows: augmentationRows),
            configuration: caption)
        store.record(figure: CNNFigures.accuracyBySize(g), named: "cnn-augmentation-sizes", configuration: caption)
        let grid = try CNNFigures.augmentationGrid(results)
        store.record(figure: grid.figure, named: "cnn-augmentation-grid", configuration: caption)
        store.record("cutmix-example-weights", text: grid.cutMixWeights, configuration: caption)

        // 5. mixing
        let m = results.mixing
        store.record("mixup-alpha", s.mixupAlpha, configuration: caption)
        store.record("cutmix-alpha", s.cutMixAlpha, configuration: caption)
        var mixingRows: [[ResultValue]] = []
        for (key, variant) in [("neither", m.neither), ("mixup", m.mixup), ("cutmix", m.cutMix)] {
            store.record("\(key)-val", sample: variant.validationAccuracy.values, configuration: caption)
            store.record("\(key)-ece", sample: variant.calibrationError.values, configuration: caption)
            store.record("\(key)-confidence", sample: variant.confidence.values, configuration: caption)
            mixingRows.append([
                .text(variant.name == "CNN" ? "neither" : variant.name), .sample(variant.validationAccuracy.values),
                .sample(variant.trainAccuracy.values), .sample(variant.confidence.values), .sample(variant.calibrationError.values),
            ])
        }
        store.record("cutmix-vs-neither-better-seeds", m.cutMix.seeds(>, than: m.neither), configuration: caption)
        store.record("mixup-vs-neither-better-seeds", m.mixup.seeds(>, than: m.neither), configuration: caption)
        store.record("cutmix-vs-mixup-better-seeds", m.cutMix.seeds(>, than: m.mixup), configuration: caption)
        store.record(
            table: "mixing-table",
            ResultTable(
                columns: [
                    .init("training on"), .init("held-out accuracy", format: "mean-std percent.1"),
                    .init("training accuracy", format: "mean-std percent.1"), .init("mean confidence", format: "mean-std percent.1"),
                    .init("ECE", format: "mean-std fixed.3"),
                ],
                rows: mixingRows),
            configuration: caption)
    }
}
