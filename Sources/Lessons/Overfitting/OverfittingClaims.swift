import Foundation
import Notebook
import NotebookDocument

/// Every claim the overfitting lesson's text makes, computed from the experiments' results. The
/// experiments record them, the text prints the sentence for each verdict, and the tests assert
/// on the same objects.
///
/// Ratios that one run can blow up (a validation loss that climbs tenfold on one seed) are
/// compared on a log scale, so that one run cannot carry the mean. Comparisons between widths are
/// paired: width a and width b were trained on the same training set with the same seed.
public enum OverfittingClaims {
    /// Section 1: what happens after the validation minimum.
    public static func divergence(_ result: DivergencePoint.Result) -> [Claim] {
        let seeds = result.seeds
        let noise = result.configuration.problem.noiseVariance
        let margin = result.configuration.riseMargin
        return [
            Claim(
                id: "training-loss-keeps-falling",
                measure: "training loss at the validation minimum minus after the last epoch",
                rule: .positive(), values: (result.trainLossAtBest - result.finalTrainLoss).values, seeds: seeds),
            Claim(
                id: "validation-loss-turns-up",
                measure: "log(final validation loss / its minimum) (margin log(1 + \(formatNumber(margin))): a rise of more than \(Int((margin * 100).rounded())) %)",
                rule: .positive(margin: Foundation.log(1 + margin)), values: result.logValidationRise.values,
                seeds: seeds),
            Claim(
                id: "final-train-below-noise",
                measure: "σ² minus the final training loss",
                rule: .positive(), values: result.finalTrainLoss.values.map { noise - $0 }, seeds: seeds),
            Claim(
                id: "final-curve-farther-from-truth",
                measure: "log(distance of the final curve from sin x / distance of the curve at the minimum)",
                rule: .positive(),
                values: zip(result.finalCurveError.values, result.bestCurveError.values).map { Foundation.log($0 / $1) },
                seeds: seeds),
        ]
    }

    /// Section 2: the capacity sweep, one paired value per training set.
    public static func capacity(_ result: CapacitySweep.Result) -> [Claim] {
        let seeds = result.seeds
        let (smallest, best, largest) = (result.smallest, result.best, result.largest)
        let neighbours = result.neighboursOfBest
        let neighbourMargin = best.testError.values.indices.map { r in
            neighbours.map { $0.testError.values[r] - best.testError.values[r] }.min() ?? .nan
        }
        return [
            Claim(
                id: "smallest-width-underfits",
                measure: "test error, h = \(smallest.width) minus the lowest-error width h = \(best.width)",
                rule: .positive(), values: (smallest.testError - best.testError).values, seeds: seeds),
            Claim(
                id: "best-width-beats-neighbours",
                measure: "test error, the nearer of the neighbouring widths (\(neighbours.map { "h = \($0.width)" }.joined(separator: ", "))) minus h = \(best.width)",
                rule: .positive(), values: neighbourMargin, seeds: seeds),
            Claim(
                id: "largest-width-worse-than-best",
                measure: "test error, h = \(largest.width) minus h = \(best.width) (the width with the lowest mean, chosen on these sets)",
                rule: .positive(), values: (largest.testError - best.testError).values, seeds: seeds),
            Claim(
                id: "largest-width-fits-training-best",
                measure: "training loss, h = \(best.width) minus h = \(largest.width)",
                rule: .positive(), values: (best.trainLoss - largest.trainLoss).values, seeds: seeds),
        ]
    }

    /// Section 3: the decomposition adds up, and where the variance is.
    public static func biasVariance(_ result: CapacitySweep.Result) -> [Claim] {
        let seeds = result.seeds
        let (best, largest) = (result.best, result.largest)
        return [
            Claim(
                id: "decomposition-adds-up",
                measure: "4 − |bias² + variance + σ² − measured error| / SE, one value per width",
                rule: .everyRun(above: 0),
                values: result.decompositions.map { 4 - abs($0.discrepancyInStandardErrors) }, seeds: seeds),
            Claim(
                id: "largest-width-varies-more",
                measure: "each training set's share of the variance, h = \(largest.width) minus h = \(best.width)",
                rule: .positive(), values: (largest.setVariance - best.setVariance).values, seeds: seeds),
        ]
    }

    /// Section 5: the signs of the three regimes, per training set.
    public static func diagnosis(_ result: CapacitySweep.Result) -> [Claim] {
        let seeds = result.seeds
        let noise = result.configuration.problem.noiseVariance
        let (smallest, best, largest) = (result.smallest, result.best, result.largest)
        return [
            Claim(
                id: "underfit-trains-above-noise",
                measure: "training loss at h = \(smallest.width) minus σ²",
                rule: .positive(), values: smallest.trainLoss.values.map { $0 - noise }, seeds: seeds),
            Claim(
                id: "overfit-trains-below-noise",
                measure: "σ² minus the training loss at h = \(largest.width)",
                rule: .positive(), values: largest.trainLoss.values.map { noise - $0 }, seeds: seeds),
            Claim(
                id: "overfit-gap-largest",
                measure: "test minus training loss, h = \(largest.width) minus h = \(best.width)",
                rule: .positive(), values: (largest.gap - best.gap).values, seeds: seeds),
            Claim(
                id: "ratio-overfit-above-good",
                measure: "log(test / training loss), h = \(largest.width) minus h = \(best.width)",
                rule: .positive(), values: (largest.logRatio - best.logRatio).values, seeds: seeds),
            Claim(
                id: "ratio-good-above-underfit",
                measure: "log(test / training loss), h = \(best.width) minus h = \(smallest.width)",
                rule: .positive(), values: (best.logRatio - smallest.logRatio).values, seeds: seeds),
        ]
    }

    /// Section 4: random labels.
    public static func memorization(_ result: RandomLabelMemorization.Result) -> [Claim] {
        let seeds = result.seeds
        let threshold = result.configuration.fittedThreshold
        let random = result.runs(.random), real = result.runs(.real)
        return [
            Claim(
                id: "random-labels-memorized",
                measure: "final training accuracy on random labels minus \(formatNumber(threshold))",
                rule: .everyRun(above: 0), values: random.map { $0.finalTrainAccuracy - threshold }, seeds: seeds),
            Claim(
                id: "true-labels-generalize-random-do-not",
                measure: "validation accuracy, true labels minus random labels (margin 50 points)",
                rule: .positive(margin: 0.5),
                values: (result.validationAccuracy(.real) - result.validationAccuracy(.random)).values, seeds: seeds),
            Claim(
                id: "random-labels-at-chance",
                measure: "validation accuracy with random labels minus 1/10 (within 10 points)",
                rule: .negligible(tolerance: 0.1),
                values: result.validationAccuracy(.random).values.map { $0 - 0.1 }, seeds: seeds),
            Claim(
                id: "random-labels-fit-slower",
                measure: "log(epochs to fit random labels / epochs to fit true labels) (margin log 2: more than twice as long)",
                rule: .positive(margin: Foundation.log(2.0)),
                values: zip(random, real).map { random, real in
                    Foundation.log(
                        Double(random.epochsToFit ?? result.configuration.epochs + 1)
                            / Double(real.epochsToFit ?? result.configuration.epochs + 1))
                },
                seeds: seeds),
        ]
    }
}
