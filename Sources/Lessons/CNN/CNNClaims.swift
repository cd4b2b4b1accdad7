import Notebook
import NotebookDocument

/// Every claim the CNN lesson's text makes, computed from the experiments' typed results. The
/// experiments record them, the text prints the sentence for each verdict, and the tests assert
/// on the same objects.
///
/// Comparisons are paired: run i of every arm of an experiment shares its seed (training and
/// held-out images, initial weights where the architectures match, batch order), so each value is
/// one run's effect. Margins and tolerances were chosen before looking at the numbers.
public enum CNNClaims {
    /// Section 2: the CNN against the MLP.
    public static func architectures(_ result: CNNArchitectures.Result) -> [Claim] {
        let cnn = result.cnn.final(\.validationAccuracy), mlp = result.mlp.final(\.validationAccuracy)
        let cnnBest = result.cnn.summary(\.bestValidationAccuracy), mlpBest = result.mlp.summary(\.bestValidationAccuracy)
        return [
            Claim(
                id: "cnn-beats-mlp", measure: "held-out accuracy at the last epoch, CNN minus MLP",
                rule: .positive(), values: (cnn - mlp).values, seeds: result.seeds),
            Claim(
                id: "cnn-beats-mlp-best-epoch", measure: "held-out accuracy at each run's best epoch, CNN minus MLP",
                rule: .positive(), values: (cnnBest - mlpBest).values, seeds: result.seeds),
            Claim(
                id: "cnn-close-to-mlp", measure: "held-out accuracy at the last epoch, CNN minus MLP (within 2 points)",
                rule: .negligible(tolerance: 0.02), values: (cnn - mlp).values, seeds: result.seeds),
        ]
    }

    /// Section 3: element-wise dropout against Dropout2d.
    public static func dropout(_ result: ChannelDropout.Result) -> [Claim] {
        let none = result.baseline.final(\.validationAccuracy)
        let low = result.lowest, high = result.highest
        // Per run: the mean over the rates of Dropout2d minus Dropout.
        let advantage = result.seeds.indices.map { run in
            result.byRate.map { $0.channel[run].final.validationAccuracy - $0.elementwise[run].final.validationAccuracy }
                .reduce(0, +) / Double(result.byRate.count)
        }
        let lowRate = formatNumber(low.rate), highRate = formatNumber(high.rate)
        return [
            Claim(
                id: "dropout2d-beats-dropout",
                measure: "held-out accuracy, Dropout2d minus Dropout, averaged over the rates",
                rule: .positive(), values: advantage, seeds: result.seeds),
            Claim(
                id: "dropout2d-helps", measure: "held-out accuracy, Dropout2d(\(lowRate)) minus no dropout",
                rule: .positive(), values: (low.channel.final(\.validationAccuracy) - none).values, seeds: result.seeds),
            Claim(
                id: "dropout-helps", measure: "held-out accuracy, Dropout(\(lowRate)) minus no dropout",
                rule: .positive(), values: (low.elementwise.final(\.validationAccuracy) - none).values,
                seeds: result.seeds),
            Claim(
                id: "dropout2d-hurts-at-high-rate", measure: "held-out accuracy, no dropout minus Dropout2d(\(highRate))",
                rule: .positive(), values: (none - high.channel.final(\.validationAccuracy)).values, seeds: result.seeds),
        ]
    }

    /// Section 4: BatchNorm2d.
    public static func batchNorm(_ result: BatchNorm2dPlacement.Result) -> [Claim] {
        let before = result.beforeActivation, none = result.none
        return [
            Claim(
                id: "bn-beats-none", measure: "held-out accuracy at the last epoch, conv → BN → ReLU minus no BN",
                rule: .positive(),
                values: (before.final(\.validationAccuracy) - none.final(\.validationAccuracy)).values, seeds: result.seeds),
            Claim(
                id: "bn-beats-none-best-epoch",
                measure: "held-out accuracy at each run's best epoch, conv → BN → ReLU minus no BN", rule: .positive(),
                values: (before.summary(\.bestValidationAccuracy) - none.summary(\.bestValidationAccuracy)).values,
                seeds: result.seeds),
            Claim(
                id: "bn-learns-faster",
                measure: "held-out accuracy after epoch \(result.settings.earlyEpoch), conv → BN → ReLU minus no BN",
                rule: .positive(), values: (result.early(before) - result.early(none)).values, seeds: result.seeds),
            Claim(
                id: "bn-placement-negligible",
                measure: "held-out accuracy, BN before minus BN after the ReLU (within 1 point)",
                rule: .negligible(tolerance: 0.01),
                values: (before.final(\.validationAccuracy) - result.afterActivation.final(\.validationAccuracy)).values,
                seeds: result.seeds),
            Claim(
                id: "forgotten-eval-negligible",
                measure: "held-out accuracy, evaluation mode minus training mode in batches of \(result.settings.evaluationBatch) (within 1 point)",
                rule: .negligible(tolerance: 0.01),
                values: (before.final(\.validationAccuracy) - result.trainingModeAccuracy).values, seeds: result.seeds),
        ]
    }

    /// Section 5: augmentation.
    public static func augmentation(_ result: AugmentationSweep.Result) -> [Claim] {
        let focus = result.focusSize
        let both = AugmentationSweep.Augmentation.shiftsAndRotations
        return [
            Claim(
                id: "shifts-cost-accuracy", measure: "held-out accuracy on \(focus) images, none minus shifts",
                rule: .positive(), values: result.gain(.shifts, size: focus).values.map { -$0 }, seeds: result.seeds),
            Claim(
                id: "rotations-cost-accuracy",
                measure: "held-out accuracy on \(focus) images, none minus shifts + rotations", rule: .positive(),
                values: result.gain(both, size: focus).values.map { -$0 }, seeds: result.seeds),
            Claim(
                id: "longer-budget-narrows-cost",
                measure: "gain of shifts + rotations over none on \(focus) images, \(result.settings.longEpochs) epochs minus \(result.settings.training.epochs)",
                rule: .positive(), values: (result.longGain(both) - result.gain(both, size: focus)).values,
                seeds: result.seeds),
            Claim(
                id: "augmentation-costs-at-long-budget",
                measure: "held-out accuracy on \(focus) images after \(result.settings.longEpochs) epochs, none minus shifts + rotations",
                rule: .positive(), values: result.longGain(both).values.map { -$0 }, seeds: result.seeds),
            Claim(
                id: "shifts-help-on-shifted-digits",
                measure: "accuracy on shifted held-out digits, \(focus) images, shifts minus none", rule: .positive(),
                values: result.gain(.shifts, size: focus, shifted: true).values, seeds: result.seeds),
            Claim(
                id: "shift-gain-largest-on-smallest-set",
                measure: "gain of shifts on shifted held-out digits, \(result.smallest) images minus \(result.largest) images",
                rule: .positive(),
                values: (result.gain(.shifts, size: result.smallest, shifted: true)
                    - result.gain(.shifts, size: result.largest, shifted: true)).values,
                seeds: result.seeds),
        ]
    }

    /// Section 6: mixup and CutMix, after the longer budget.
    public static func mixing(_ result: MixingComparison.Result) -> [Claim] {
        func difference(_ a: MixingComparison.Mixing, _ b: MixingComparison.Mixing, _ key: KeyPath<CNNSetup.Measurement, Double>) -> [Double] {
            (result.value(a, key, long: true) - result.value(b, key, long: true)).values
        }
        let epochs = result.settings.longEpochs
        return [
            Claim(
                id: "cutmix-beats-neither", measure: "held-out accuracy after \(epochs) epochs, CutMix minus neither",
                rule: .positive(), values: difference(.cutMix, .neither, \.validationAccuracy), seeds: result.seeds),
            Claim(
                id: "mixup-beats-neither", measure: "held-out accuracy after \(epochs) epochs, mixup minus neither",
                rule: .positive(), values: difference(.mixup, .neither, \.validationAccuracy), seeds: result.seeds),
            Claim(
                id: "mixup-underconfident", measure: "mixup: held-out accuracy minus mean confidence, every run",
                rule: .everyRun(above: 0), values: result.value(.mixup, \.underconfidence, long: true).values,
                seeds: result.seeds),
            Claim(
                id: "cutmix-underconfident", measure: "CutMix: held-out accuracy minus mean confidence, every run",
                rule: .everyRun(above: 0), values: result.value(.cutMix, \.underconfidence, long: true).values,
                seeds: result.seeds),
            Claim(
                id: "mixup-raises-ece", measure: "ECE, mixup minus neither", rule: .positive(),
                values: difference(.mixup, .neither, \.calibrationError), seeds: result.seeds),
            Claim(
                id: "cutmix-raises-ece", measure: "ECE, CutMix minus neither", rule: .positive(),
                values: difference(.cutMix, .neither, \.calibrationError), seeds: result.seeds),
            Claim(
                id: "scaling-closes-mixup-ece-gap",
                measure: "ECE on half the held-out digits after temperature scaling, mixup minus neither (within 0.02)",
                rule: .negligible(tolerance: 0.02), values: difference(.mixup, .neither, \.scaledCalibrationError),
                seeds: result.seeds),
            Claim(
                id: "scaling-closes-cutmix-ece-gap",
                measure: "ECE on half the held-out digits after temperature scaling, CutMix minus neither (within 0.02)",
                rule: .negligible(tolerance: 0.02), values: difference(.cutMix, .neither, \.scaledCalibrationError),
                seeds: result.seeds),
        ]
    }
}
