import Foundation
import Notebook
import NotebookDocument

/// Every claim the L1/L2 lesson's text makes, computed from the experiments' results. The
/// experiments record them, the text prints the sentence for each verdict, and the tests assert
/// on the same objects.
///
/// Comparisons are paired: run i of every arm shares its data and initial weights (run seed i).
/// Where a λ is chosen as "the best", it is chosen on validation data and compared on separate
/// test data, so the pick does not flatter itself.
public enum WeightPenaltiesClaims {
    /// Section 2: the λ sweep.
    public static func sweep(_ result: LambdaSweep.Result) -> [Claim] {
        let seeds = result.seeds
        let (none, best, strongest) = (result.unregularized, result.best, result.strongest)
        let b = formatNumber(best.lambda), s = formatNumber(strongest.lambda)
        return [
            Claim(
                id: "chosen-lambda-beats-none",
                measure: "test error, λ = 0 minus the λ chosen on validation (λ = \(b))",
                rule: .positive(), values: (none.testError - best.testError).values, seeds: seeds),
            Claim(
                id: "strongest-lambda-underfits",
                measure: "test error, λ = \(s) minus λ = \(b)",
                rule: .positive(), values: (strongest.testError - best.testError).values, seeds: seeds),
            Claim(
                id: "strongest-lambda-raises-training-error",
                measure: "training error, λ = \(s) minus λ = 0",
                rule: .positive(), values: (strongest.trainError - none.trainError).values, seeds: seeds),
            Claim(
                id: "penalty-shrinks-weights",
                measure: "log(weight norm at λ = 0 / at λ = \(s))",
                rule: .positive(),
                values: zip(none.weightNorm.values, strongest.weightNorm.values).map { Foundation.log($0 / $1) },
                seeds: seeds),
            Claim(
                id: "chosen-lambda-closer-to-sine",
                measure: "distance of the fitted curve from sin x, λ = 0 minus λ = \(b)",
                rule: .positive(), values: (none.curveError - best.curveError).values, seeds: seeds),
        ]
    }

    /// Section 3: the source's sparsity experiment.
    public static func sparsity(_ result: SparsityComparison.Result, sourceL2NearZero: Double) -> [Claim] {
        let seeds = result.seeds
        let (none, l2, l1) = (result.summary(.none), result.summary(.l2), result.summary(.l1))
        return [
            Claim(
                id: "l1-more-near-zero-than-l2", measure: "share of weights below the threshold, L1 minus L2",
                rule: .positive(), values: (l1.nearZero - l2.nearZero).values, seeds: seeds),
            Claim(
                id: "l2-more-near-zero-than-none", measure: "share of weights below the threshold, L2 minus no penalty",
                rule: .positive(), values: (l2.nearZero - none.nearZero).values, seeds: seeds),
            Claim(
                id: "l2-near-zero-above-source",
                measure: "share of L2 weights below the threshold minus the source's \(Int((sourceL2NearZero * 100).rounded())) % (margin 10 points)",
                rule: .positive(margin: 0.1), values: l2.nearZero.values.map { $0 - sourceL2NearZero }, seeds: seeds),
            Claim(
                id: "l2-costs-no-training-error",
                measure: "training error, L2 minus no penalty (within 0.01)",
                rule: .negligible(tolerance: 0.01), values: (l2.trainError - none.trainError).values, seeds: seeds),
            Claim(
                id: "l1-costs-no-training-error",
                measure: "training error, L1 minus no penalty (within 0.01)",
                rule: .negligible(tolerance: 0.01), values: (l1.trainError - none.trainError).values, seeds: seeds),
        ]
    }

    /// Section 4: feature selection, proximal against subgradient L1.
    public static func features(_ result: FeatureSelection.Result) -> [Claim] {
        let seeds = result.seeds
        let none = result.summary(.none), l2 = result.summary(.l2)
        let subgradient = result.summary(.l1Subgradient), proximal = result.summary(.l1Proximal)
        return [
            Claim(
                id: "proximal-makes-exact-zeros",
                measure: "share of weights exactly 0, proximal minus subgradient L1 (margin 10 points)",
                rule: .positive(margin: 0.1), values: (proximal.exactZero - subgradient.exactZero).values, seeds: seeds),
            Claim(
                id: "live-units-zero-irrelevant-inputs",
                measure: "proximal L1, hidden units still in use: share of exact zeros among weights from irrelevant minus informative inputs",
                rule: .positive(), values: (proximal.liveIrrelevantZero - proximal.liveInformativeZero).values,
                seeds: seeds),
            Claim(
                id: "proximal-switches-off-irrelevant",
                measure: "irrelevant inputs switched off, proximal L1 minus L2",
                rule: .positive(), values: (proximal.irrelevantOff - l2.irrelevantOff).values, seeds: seeds),
            Claim(
                id: "proximal-keeps-informative",
                measure: "informative inputs switched off by proximal L1 (fewer than one)",
                rule: .negligible(tolerance: 1), values: proximal.informativeOff.values, seeds: seeds),
            Claim(
                id: "proximal-beats-none", measure: "validation accuracy, proximal L1 minus no penalty",
                rule: .positive(), values: (proximal.validationAccuracy - none.validationAccuracy).values, seeds: seeds),
            Claim(
                id: "proximal-beats-l2", measure: "validation accuracy, proximal L1 minus L2",
                rule: .positive(), values: (proximal.validationAccuracy - l2.validationAccuracy).values, seeds: seeds),
            Claim(
                id: "proximal-beats-stopped-none",
                measure: "validation accuracy, proximal L1 at the last epoch minus no penalty at its best epoch",
                rule: .positive(),
                values: (proximal.validationAccuracy - none.bestEpochValidationAccuracy).values, seeds: seeds),
            Claim(
                id: "subgradient-matches-proximal",
                measure: "validation accuracy, proximal minus subgradient L1 (within 2 points)",
                rule: .negligible(tolerance: 0.02),
                values: (proximal.validationAccuracy - subgradient.validationAccuracy).values, seeds: seeds),
        ]
    }

    /// Section 5: Adam + L2 against AdamW.
    public static func decoupled(_ result: DecoupledWeightDecay.Result) -> [Claim] {
        let seeds = result.seeds
        let c = result.configuration
        let reference = formatNumber(c.referenceLambda), largest = c.lambdas.last!
        let l2 = result.arm(.adamL2, c.referenceLambda), w = result.arm(.adamW, c.referenceLambda)
        let baseline = result.baseline
        let bestL2 = result.best(.adamL2), bestW = result.best(.adamW)
        return [
            Claim(
                id: "coupled-decay-uneven",
                measure: "Adam + L2 at λ = \(reference): log(decay of small-gradient / of large-gradient weights) (margin log 10)",
                rule: .positive(margin: Foundation.log(10.0)), values: result.decayRatio.values.map { Foundation.log($0) },
                seeds: seeds),
            Claim(
                id: "coupled-l2-shrinks-norm",
                measure: "weight norm, Adam without decay minus Adam + L2 at λ = \(reference)",
                rule: .positive(), values: (baseline.weightNorm - l2.weightNorm).values, seeds: seeds),
            Claim(
                id: "adamw-barely-shrinks-norm",
                measure: "AdamW at λ = \(reference): relative change of the weight norm against no decay (within 5 %)",
                rule: .negligible(tolerance: 0.05),
                values: zip(w.weightNorm.values, baseline.weightNorm.values).map { ($0 - $1) / $1 }, seeds: seeds),
            Claim(
                id: "coupled-collapses-at-largest",
                measure: "validation accuracy at λ = \(formatNumber(largest)), AdamW minus Adam + L2 (margin 30 points)",
                rule: .positive(margin: 0.3),
                values: (result.arm(.adamW, largest).validationAccuracy - result.arm(.adamL2, largest).validationAccuracy).values,
                seeds: seeds),
            Claim(
                id: "tuned-coupled-beats-none",
                measure: "test accuracy, Adam + L2 at the λ chosen on validation (λ = \(formatNumber(bestL2.lambda))) minus no decay",
                rule: .positive(), values: (bestL2.testAccuracy - baseline.testAccuracy).values, seeds: seeds),
            Claim(
                id: "tuned-adamw-beats-none",
                measure: "test accuracy, AdamW at the λ chosen on validation (λ = \(formatNumber(bestW.lambda))) minus no decay",
                rule: .positive(), values: (bestW.testAccuracy - baseline.testAccuracy).values, seeds: seeds),
        ]
    }

    /// Section 6: max-norm.
    public static func maxNorm(_ result: DecoupledWeightDecay.MaxNormResult) -> [Claim] {
        let seeds = result.decoupled.seeds
        let c = result.settings.maxNorm
        return [
            Claim(
                id: "max-norm-caps-rows",
                measure: "c minus the largest row norm after training (allowing a relative 10⁻⁶ for rounding)",
                rule: .everyRun(above: 0), values: result.arm.maximumRowNorm.values.map { c * (1 + 1e-6) - $0 },
                seeds: seeds),
            Claim(
                id: "baseline-rows-exceed-c",
                measure: "largest row norm without the constraint minus c",
                rule: .everyRun(above: 0), values: result.baseline.maximumRowNorm.values.map { $0 - c }, seeds: seeds),
            Claim(
                id: "max-norm-beats-none",
                measure: "validation accuracy, Adam + max-norm minus Adam without decay",
                rule: .positive(), values: (result.arm.validationAccuracy - result.baseline.validationAccuracy).values,
                seeds: seeds),
        ]
    }
}
