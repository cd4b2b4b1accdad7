import NeuralKit
import Notebook
import NotebookDocument

/// The CNN lesson: `lessons/cnn.md` and the experiments behind every number in it (a small CNN
/// beside the MLP, element-wise vs channel dropout, BatchNorm2d, augmentation, CutMix and mixup).
public enum CNNLesson {
    public static let definition = LessonDefinition(
        name: "cnn", title: "Regularising convolutional networks",
        subtitle: "Weight sharing, Dropout2d, BatchNorm2d, augmentation and CutMix on the digits, measured",
        plan: [
            Experiment(
                id: "architectures", section: "sec-cnn-vs-mlp",
                summary: "a small CNN beside the course's MLP on the same digits, held-out accuracy per epoch",
                settings: CNNArchitectures.Settings.self
            ) { settings, context in
                let result = try CNNArchitectures.run(
                    settings, seeds: context.runSeeds(settings.training.runs), baseSeed: context.seed,
                    jobs: context.jobs, narration: context.concurrentNarration)
                context.products.store(result)
                recordArchitectures(result, in: context.results)
                for claim in CNNClaims.architectures(result) { context.results.record(claim: claim) }
                context.reporter.summarize(
                    "CNN \(percent(result.cnn.final(\.validationAccuracy).mean)) vs MLP "
                        + "\(percent(result.mlp.final(\.validationAccuracy).mean)) held-out accuracy "
                        + "with \(result.cnnParameters) vs \(result.mlpParameters) parameters")
            },
            Experiment(
                id: "dropout-kinds", section: "sec-dropout2d",
                summary: "element-wise Dropout against Dropout2d after each conv block, at several rates",
                settings: ChannelDropout.Settings.self
            ) { settings, context in
                let result = try ChannelDropout.run(
                    settings, seeds: context.runSeeds(settings.training.runs), baseSeed: context.seed,
                    jobs: context.jobs, narration: context.concurrentNarration)
                context.products.store(result)
                recordDropout(result, in: context.results)
                for claim in CNNClaims.dropout(result) { context.results.record(claim: claim) }
            },
            Experiment(
                id: "batchnorm2d", section: "sec-batchnorm2d",
                summary: "BatchNorm2d before or after the ReLU, per-epoch accuracy, and a forgotten eval()",
                settings: BatchNorm2dPlacement.Settings.self
            ) { settings, context in
                let result = try BatchNorm2dPlacement.run(
                    settings, seeds: context.runSeeds(settings.training.runs), baseSeed: context.seed,
                    jobs: context.jobs, narration: context.concurrentNarration)
                context.products.store(result)
                recordBatchNorm(result, in: context.results)
                for claim in CNNClaims.batchNorm(result) { context.results.record(claim: claim) }
            },
            Experiment(
                id: "augmentation", section: "sec-augmentation",
                summary: "none, shifts, shifts + rotations across training-set sizes, two budgets, a shifted test",
                settings: AugmentationSweep.Settings.self
            ) { settings, context in
                let result = try AugmentationSweep.run(
                    settings, seeds: context.runSeeds(settings.training.runs), baseSeed: context.seed,
                    jobs: context.jobs, narration: context.concurrentNarration)
                context.products.store(result)
                try recordAugmentation(result, in: context.results)
                for claim in CNNClaims.augmentation(result) { context.results.record(claim: claim) }
            },
            Experiment(
                id: "mixing", section: "sec-cutmix",
                summary: "CutMix, mixup and neither at two budgets: accuracy, ECE, and ECE after temperature scaling",
                settings: MixingComparison.Settings.self
            ) { settings, context in
                let result = try MixingComparison.run(
                    settings, seeds: context.runSeeds(settings.training.runs), baseSeed: context.seed,
                    jobs: context.jobs, narration: context.concurrentNarration)
                context.products.store(result)
                recordMixing(result, in: context.results)
                for claim in CNNClaims.mixing(result) { context.results.record(claim: claim) }
            },
        ])

    static func percent(_ value: Double) -> String { "\((value * 1000).rounded() / 10) %" }

    // MARK: - Recording

    static func recordArchitectures(_ result: CNNArchitectures.Result, in store: ResultsStore) {
        let s = result.settings
        let caption = s.caption(seed: result.baseSeed)
        store.record("arch-runs", s.training.runs, configuration: caption)
        store.record("arch-train-count", s.training.trainCount, configuration: caption)
        store.record("arch-validation-count", s.training.validationCount, configuration: caption)
        store.record("arch-epochs", s.training.epochs, configuration: caption)
        store.record("mlp-architecture", text: ([64] + s.mlpHidden + [10]).map(String.init).joined(separator: "-"), configuration: caption)
        store.record("cnn-channels", text: s.channels.map(String.init).joined(separator: " and "), configuration: caption)
        store.record("cnn-parameters", result.cnnParameters, configuration: caption)
        store.record("mlp-parameters", result.mlpParameters, configuration: caption)
        store.record("parameter-ratio", Double(result.mlpParameters) / Double(result.cnnParameters), configuration: caption)
        for (key, runs) in [("cnn", result.cnn), ("mlp", result.mlp)] {
            store.record("\(key)-val", runs.final(\.validationAccuracy), configuration: caption)
            store.record("\(key)-train", runs.final(\.trainAccuracy), configuration: caption)
            store.record("\(key)-gap", runs.final(\.gap), configuration: caption)
            store.record("\(key)-best-val", runs.summary(\.bestValidationAccuracy), configuration: caption)
            store.record("\(key)-best-epoch", runs.summary { Double($0.bestEpoch) }, configuration: caption)
        }
        store.record(figure: CNNFigures.filters(result), named: "cnn-filters", configuration: caption)
    }

    static func recordDropout(_ result: ChannelDropout.Result, in store: ResultsStore) {
        let s = result.settings
        let caption = s.caption(seed: result.baseSeed)
        store.record("dropout-runs", s.training.runs, configuration: caption)
        store.record("dropout-epochs", s.training.epochs, configuration: caption)
        store.record("dropout-low-rate", result.lowest.rate, configuration: caption)
        store.record("dropout-high-rate", result.highest.rate, configuration: caption)
        store.record("dropout-none-val", result.baseline.final(\.validationAccuracy), configuration: caption)
        store.record("dropout-none-train", result.baseline.final(\.trainAccuracy), configuration: caption)
        for (tag, arms) in [("low", result.lowest), ("high", result.highest)] {
            store.record("dropout2d-\(tag)-val", arms.channel.final(\.validationAccuracy), configuration: caption)
            store.record("dropout-\(tag)-val", arms.elementwise.final(\.validationAccuracy), configuration: caption)
            store.record("dropout2d-\(tag)-train", arms.channel.final(\.trainAccuracy), configuration: caption)
            store.record("dropout-\(tag)-train", arms.elementwise.final(\.trainAccuracy), configuration: caption)
        }
        var rows: [[ResultValue]] = [[
            .text("no dropout"), .sample(result.baseline.final(\.validationAccuracy).values),
            .sample(result.baseline.final(\.trainAccuracy).values), .text("–"),
        ]]
        let none = result.baseline.final(\.validationAccuracy)
        for arms in result.byRate {
            for (name, runs) in [("Dropout", arms.elementwise), ("Dropout2d", arms.channel)] {
                let accuracy = runs.final(\.validationAccuracy)
                rows.append([
                    .text("\(name)(\(formatNumber(arms.rate)))"), .sample(accuracy.values),
                    .sample(runs.final(\.trainAccuracy).values),
                    .text("\(SeedSummary.agreement(accuracy, none, >)) of \(runs.count)"),
                ])
            }
        }
        store.record(
            table: "dropout-table",
            ResultTable(
                columns: [
                    .init("after each conv block"), .init("held-out accuracy", format: "mean-std percent.1"),
                    .init("training accuracy", format: "mean-std percent.1"), .init("runs above no dropout"),
                ],
                rows: rows),
            configuration: caption)
        store.record("sample-label", result.sampleLabel, configuration: caption)
        store.record(
            "dropped-channels", text: result.droppedChannels.map { "\($0 + 1)" }.joined(separator: ", "),
            configuration: caption)
        store.record("dropped-channel-count", result.droppedChannels.count, configuration: caption)
        store.record("map-count", result.featureMaps.count, configuration: caption)
        store.record(figure: CNNFigures.droppedMaps(result), named: "cnn-dropout2d-maps", configuration: caption)
    }

    static func recordBatchNorm(_ result: BatchNorm2dPlacement.Result, in store: ResultsStore) {
        let s = result.settings
        let caption = s.caption(seed: result.baseSeed)
        store.record("bn-runs", s.training.runs, configuration: caption)
        store.record("bn-epochs", s.training.epochs, configuration: caption)
        store.record("bn-early-epoch", s.earlyEpoch, configuration: caption)
        store.record("bn-evaluation-batch", s.evaluationBatch, configuration: caption)
        store.record("bn-evaluation-values", s.evaluationBatch * 64, configuration: caption)
        for (key, runs) in [("none", result.none), ("before", result.beforeActivation), ("after", result.afterActivation)] {
            store.record("bn-\(key)-val", runs.final(\.validationAccuracy), configuration: caption)
            store.record("bn-\(key)-train", runs.final(\.trainAccuracy), configuration: caption)
            store.record("bn-\(key)-best-val", runs.summary(\.bestValidationAccuracy), configuration: caption)
            store.record("bn-\(key)-best-epoch", runs.summary { Double($0.bestEpoch) }, configuration: caption)
            store.record("bn-\(key)-early-val", result.early(runs), configuration: caption)
        }
        store.record("bn-training-mode-val", result.trainingModeAccuracy, configuration: caption)
        store.record(
            "bn-training-mode-cost", result.beforeActivation.final(\.validationAccuracy) - result.trainingModeAccuracy,
            configuration: caption)
        store.record(figure: CNNFigures.batchNormCurves(result), named: "cnn-batchnorm-curves", configuration: caption)
    }

    static func recordAugmentation(_ result: AugmentationSweep.Result, in store: ResultsStore) throws {
        let s = result.settings
        let caption = s.caption(seed: result.baseSeed)
        let both = AugmentationSweep.Augmentation.shiftsAndRotations
        store.record("aug-runs", s.training.runs, configuration: caption)
        store.record("shift-pixels", s.shiftPixels, configuration: caption)
        store.record("rotation-degrees", s.rotationDegrees, configuration: caption)
        store.record("aug-focus-size", result.focusSize, configuration: caption)
        store.record("aug-epochs", s.training.epochs, configuration: caption)
        store.record("aug-long-epochs", s.longEpochs, configuration: caption)
        store.record("aug-smallest", result.smallest, configuration: caption)
        store.record("aug-largest", result.largest, configuration: caption)
        store.record("aug-sizes", text: result.sizes.map { "\($0)" }.joined(separator: ", "), configuration: caption)
        store.record("figure-noise", s.figureNoise, configuration: caption)
        store.record("figure-cutout", s.figureCutout, configuration: caption)
        for augmentation in AugmentationSweep.Augmentation.allCases {
            let key = augmentation.rawValue
            store.record("aug-\(key)-val", result.accuracy(augmentation, size: result.focusSize), configuration: caption)
            store.record("aug-\(key)-long-val", result.longAccuracy(augmentation), configuration: caption)
            store.record("aug-\(key)-train", result.trainAccuracy(augmentation, long: false), configuration: caption)
            store.record("aug-\(key)-long-train", result.trainAccuracy(augmentation, long: true), configuration: caption)
            store.record(
                "aug-\(key)-shifted-val", result.accuracy(augmentation, size: result.focusSize, shifted: true),
                configuration: caption)
        }
        store.record("aug-both-gain", result.gain(both, size: result.focusSize), configuration: caption)
        store.record("aug-both-long-gain", result.longGain(both), configuration: caption)
        store.record("aug-shifts-gain", result.gain(.shifts, size: result.focusSize), configuration: caption)
        store.record("aug-shifts-long-gain", result.longGain(.shifts), configuration: caption)
        store.record(
            "aug-shifted-gain-smallest", result.gain(.shifts, size: result.smallest, shifted: true), configuration: caption)
        store.record(
            "aug-shifted-gain-largest", result.gain(.shifts, size: result.largest, shifted: true), configuration: caption)
        var rows: [[ResultValue]] = []
        for size in result.sizes {
            let shifts = result.gain(.shifts, size: size), rotations = result.gain(both, size: size)
            let shifted = result.gain(.shifts, size: size, shifted: true)
            let better = [shifts, rotations, shifted].map { "\($0.values.filter { $0 > 0 }.count)" }.joined(separator: ", ")
            rows.append([
                .number(Double(size)), .number(Double(size == result.focusSize ? s.training.epochs : s.epochs(forSize: size))),
                .sample(result.accuracy(.none, size: size).values), .sample(shifts.values), .sample(rotations.values),
                .sample(shifted.values), .text("\(better) of \(shifts.count)"),
            ])
        }
        store.record(
            table: "augmentation-table",
            ResultTable(
                columns: [
                    .init("images", format: "int"), .init("epochs", format: "int"),
                    .init("none", format: "mean-std percent.1"), .init("shifts", format: "mean-std percent.1"),
                    .init("+ rotations", format: "mean-std percent.1"), .init("shifted test", format: "mean-std percent.1"),
                    .init("runs better"),
                ],
                rows: rows),
            configuration: caption)
        store.record(figure: CNNFigures.accuracyBySize(result), named: "cnn-augmentation-sizes", configuration: caption)
        let grid = try CNNFigures.augmentationGrid(result)
        store.record(figure: grid.figure, named: "cnn-augmentation-grid", configuration: caption)
        store.record("cutmix-example-weights", text: grid.cutMixWeights, configuration: caption)
        store.record("figure-cutmix-alpha", s.figureCutMixAlpha, configuration: caption)
    }

    static func recordMixing(_ result: MixingComparison.Result, in store: ResultsStore) {
        let s = result.settings
        let caption = s.caption(seed: result.baseSeed)
        store.record("mix-runs", s.training.runs, configuration: caption)
        store.record("mix-epochs", s.training.epochs, configuration: caption)
        store.record("mix-long-epochs", s.longEpochs, configuration: caption)
        store.record("mixup-alpha", s.mixupAlpha, configuration: caption)
        store.record("cutmix-alpha", s.cutMixAlpha, configuration: caption)
        var rows: [[ResultValue]] = []
        for mixing in MixingComparison.Mixing.allCases {
            let key = mixing.rawValue.lowercased()
            store.record("\(key)-short-val", result.value(mixing, \.validationAccuracy), configuration: caption)
            store.record("\(key)-val", result.value(mixing, \.validationAccuracy, long: true), configuration: caption)
            store.record("\(key)-train", result.value(mixing, \.trainAccuracy, long: true), configuration: caption)
            store.record("\(key)-confidence", result.value(mixing, \.confidence, long: true), configuration: caption)
            store.record("\(key)-ece", result.value(mixing, \.calibrationError, long: true), configuration: caption)
            store.record("\(key)-half-ece", result.value(mixing, \.halfCalibrationError, long: true), configuration: caption)
            store.record("\(key)-scaled-ece", result.value(mixing, \.scaledCalibrationError, long: true), configuration: caption)
            store.record("\(key)-temperature", result.value(mixing, \.temperature, long: true), configuration: caption)
            rows.append([
                .text(mixing.title), .sample(result.value(mixing, \.validationAccuracy).values),
                .sample(result.value(mixing, \.validationAccuracy, long: true).values),
                .sample(result.value(mixing, \.confidence, long: true).values),
                .sample(result.value(mixing, \.calibrationError, long: true).values),
                .sample(result.value(mixing, \.temperature, long: true).values),
                .sample(result.value(mixing, \.scaledCalibrationError, long: true).values),
            ])
        }
        store.record(
            table: "mixing-table",
            ResultTable(
                columns: [
                    .init("mixing"), .init("acc. \(s.training.epochs) ep.", format: "mean-std percent.1"),
                    .init("acc. \(s.longEpochs) ep.", format: "mean-std percent.1"),
                    .init("confid.", format: "mean-std percent.1"), .init("ECE", format: "mean-std fixed.3"),
                    .init("T", format: "mean-std fixed.2"), .init("ECE scaled", format: "mean-std fixed.3"),
                ],
                rows: rows),
            configuration: caption)
    }
}
