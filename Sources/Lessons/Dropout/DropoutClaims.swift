import Notebook
import NotebookDocument

/// Every claim the dropout lesson's text makes, computed from the experiments' results. The
/// experiments record them, the text prints the sentence for each verdict, and the tests assert
/// on the same objects, so prose and tests cannot check different things.
///
/// Comparisons are paired: run i of one arm and run i of the other share the training subset, the
/// flipped labels and the initial weights (the same run seed), so each value is one run's effect.
public enum DropoutClaims {
    /// Section 1: the measured mean is within four standard errors of `a` for every p.
    public static func math(_ result: InvertedDropoutMath.Result) -> [Claim] {
        let a = result.configuration.activation
        return [
            Claim(
                id: "mean-within-chance", measure: "4 − |measured mean − a| / SE, one value per rate p",
                rule: .everyRun(above: 0),
                values: result.rows.map { 4 - $0.meanErrorInStandardErrors(activation: a) }, seeds: [result.seed])
        ]
    }

    /// Section 3: the rate ablation, at the last epoch and at each run's best epoch.
    public static func ablation(_ result: DropoutRateAblation.Result) -> [Claim] {
        let baseline = result.baseline, focus = result.focus, largest = result.largest
        let seeds = result.seeds
        let p = formatNumber(focus.probability)
        return [
            Claim(
                id: "dropout-trains-slower", measure: "final training loss (dropout on), p = \(p) minus p = 0",
                rule: .positive(), values: (focus.finalTrainLoss - baseline.finalTrainLoss).values, seeds: seeds),
            Claim(
                id: "baseline-peaks-then-declines",
                measure: "p = 0: best-epoch validation accuracy minus the mean of the last 5 epochs (margin 2 points)",
                rule: .positive(margin: 0.02),
                values: (baseline.bestValidationAccuracy - baseline.lateValidationAccuracy).values, seeds: seeds),
            Claim(
                id: "dropout-peaks-later", measure: "best epoch, p = \(p) minus p = 0",
                rule: .positive(), values: (focus.bestEpoch - baseline.bestEpoch).values, seeds: seeds),
            Claim(
                id: "dropout-memorizes-less", measure: "share of flipped labels memorised, p = 0 minus p = \(p)",
                rule: .positive(), values: (baseline.memorizedNoise - focus.memorizedNoise).values, seeds: seeds),
            Claim(
                id: "dropout-beats-baseline-last-epoch",
                measure: "validation accuracy at the last epoch, p = \(p) minus p = 0",
                rule: .positive(), values: (focus.validationAccuracy - baseline.validationAccuracy).values, seeds: seeds),
            Claim(
                id: "dropout-beats-baseline-best-epoch",
                measure: "validation accuracy at each run's best epoch, p = \(p) minus p = 0",
                rule: .positive(),
                values: (focus.bestValidationAccuracy - baseline.bestValidationAccuracy).values, seeds: seeds),
            Claim(
                id: "dropout-beats-stopped-baseline",
                measure: "validation accuracy, p = \(p) at the last epoch minus p = 0 at its best epoch",
                rule: .positive(),
                values: (focus.validationAccuracy - baseline.bestValidationAccuracy).values, seeds: seeds),
            Claim(
                id: "largest-rate-underfits",
                measure: "validation accuracy at the last epoch, p = 0 minus p = \(formatNumber(largest.probability))",
                rule: .positive(),
                values: (baseline.validationAccuracy - largest.validationAccuracy).values, seeds: seeds),
        ]
    }

    /// Section 2: the two inference mistakes.
    public static func evalTrap(_ result: EvalTrap.Result, seeds: [UInt64]) -> [Claim] {
        [
            Claim(
                id: "forgetting-eval-costs-accuracy",
                measure: "validation accuracy, evaluation mode minus training mode",
                rule: .positive(), values: result.accuracyCostOfForgettingEval.values, seeds: seeds),
            Claim(
                id: "unscaled-accuracy-unchanged",
                measure: "standard dropout: validation accuracy without the (1−p) factor minus with it (within 1 point)",
                rule: .negligible(tolerance: 0.01),
                values: (result.standardUnscaledAccuracy - result.standardScaledAccuracy).values, seeds: seeds),
            Claim(
                id: "unscaled-more-confident",
                measure: "standard dropout: mean confidence without the factor minus with it",
                rule: .positive(),
                values: (result.standardUnscaledConfidence - result.standardScaledConfidence).values, seeds: seeds),
            Claim(
                id: "scaled-underconfident",
                measure: "standard dropout with the factor: validation accuracy minus mean confidence",
                rule: .positive(), values: result.standardScaledUnderconfidence.values, seeds: seeds),
            Claim(
                id: "unscaled-lower-loss",
                measure: "standard dropout: validation loss with the factor minus without it",
                rule: .positive(), values: (result.standardScaledLoss - result.standardUnscaledLoss).values, seeds: seeds),
            Claim(
                id: "unscaled-better-calibrated",
                measure: "standard dropout: |confidence − accuracy| with the factor minus without it",
                rule: .positive(), values: result.calibrationImprovementWithoutFactor.values, seeds: seeds),
        ]
    }

    /// Section 4: sampled sub-networks against weight scaling.
    public static func ensemble(_ result: EnsembleView.Result, seeds: [UInt64]) -> [Claim] {
        let last = result.sampleCounts.count - 1
        let kMax = result.sampleCounts[last], kMin = result.sampleCounts[0]
        return [
            Claim(
                id: "more-samples-agree-better",
                measure: "agreement with weight scaling, K = \(kMax) minus K = \(kMin)",
                rule: .positive(), values: (result.agreement(at: last) - result.agreement(at: 0)).values, seeds: seeds),
            Claim(
                id: "more-samples-more-accurate", measure: "accuracy, K = \(kMax) minus K = \(kMin)",
                rule: .positive(),
                values: (result.sampledAccuracy(at: last) - result.sampledAccuracy(at: 0)).values, seeds: seeds),
            Claim(
                id: "weight-scaling-matches-ensemble",
                measure: "accuracy, K = \(kMax) average minus weight scaling (within 1 point)",
                rule: .negligible(tolerance: 0.01),
                values: (result.sampledAccuracy(at: last) - result.weightScalingAccuracy).values, seeds: seeds),
        ]
    }

    /// Section 5: Monte-Carlo variance near and far from the decision boundary.
    public static func monteCarlo(_ result: MonteCarloDropout.Result) -> [Claim] {
        [
            Claim(
                id: "mc-variance-peaks-at-boundary",
                measure: "mean predictive variance, near the boundary minus far from it",
                rule: .positive(), values: (result.nearBoundaryVariance - result.farVariance).values,
                seeds: result.seeds)
        ]
    }
}
