import Notebook
import NotebookDocument

/// Every claim the BatchNorm lesson's text makes, computed from the experiments' results. The
/// experiments record them, the text prints the sentence for each verdict, and the tests assert on
/// the same objects.
///
/// Within an experiment, every arm trains on the same runs (same data subset, flipped labels and
/// initial weights per run), so each value is one run's paired effect.
public enum BatchNormClaims {
    /// Section 1: momentum on independent streams of batches.
    public static func mechanics(_ result: BatchNormMechanics.Result) -> [Claim] {
        let seeds = result.seeds
        let momenta = result.configuration.streamMomenta
        let small = momenta.first!, large = momenta.last!
        let usual = momenta.contains(0.1) ? 0.1 : momenta[momenta.count / 2]
        let limit = Double(result.configuration.streamBatches + 1)
        func settling(_ trace: BatchNormMechanics.MomentumTrace) -> Double { trace.settlingBatch.map(Double.init) ?? limit }
        return [
            Claim(
                id: "larger-momentum-settles-sooner",
                measure: "batches until within 10 % of the true mean, m = \(formatNumber(small)) minus m = \(formatNumber(large)) (never: stream length + 1)",
                rule: .positive(), values: result.perStream(small, large) { settling($0) - settling($1) }, seeds: seeds),
            Claim(
                id: "larger-momentum-wobbles-more",
                measure: "std of the running mean over the stream's second half, m = \(formatNumber(large)) minus m = \(formatNumber(small))",
                rule: .positive(), values: result.perStream(large, small) { $0.wobble - $1.wobble }, seeds: seeds),
            Claim(
                id: "cumulative-wobbles-less",
                measure: "std of the running mean over the second half, m = \(formatNumber(usual)) minus the cumulative average",
                rule: .positive(), values: result.perStream(usual, nil) { $0.wobble - $1.wobble }, seeds: seeds),
        ]
    }

    /// Section 2: the six orderings.
    public static func orderings(_ result: OrderingComparison.Result) -> [Claim] {
        let seeds = result.seeds
        guard let recommended = result.summary(for: .batchNormReLUDropout),
              let dropFirst = result.summary(for: .dropoutBatchNormReLU),
              let reluDropBN = result.summary(for: .reLUDropoutBatchNorm),
              let bnOnly = result.summary(for: .batchNormOnly),
              let dropOnly = result.summary(for: .dropoutOnly),
              let neither = result.summary(for: .neither)
        else { return [] }
        let worstWrongOrder = zip(
            (recommended.validationAccuracy - dropFirst.validationAccuracy).values,
            (recommended.validationAccuracy - reluDropBN.validationAccuracy).values
        ).map { max($0, $1) }
        return [
            Claim(
                id: "recommended-beats-drop-first",
                measure: "validation accuracy at the last epoch, BN→ReLU→Drop minus Drop→BN→ReLU",
                rule: .positive(), values: (recommended.validationAccuracy - dropFirst.validationAccuracy).values,
                seeds: seeds),
            Claim(
                id: "recommended-beats-drop-first-best-epoch",
                measure: "validation accuracy at each run's best epoch, BN→ReLU→Drop minus Drop→BN→ReLU",
                rule: .positive(),
                values: (recommended.bestValidationAccuracy - dropFirst.bestValidationAccuracy).values, seeds: seeds),
            Claim(
                id: "recommended-beats-relu-drop-bn",
                measure: "validation accuracy at the last epoch, BN→ReLU→Drop minus ReLU→Drop→BN",
                rule: .positive(), values: (recommended.validationAccuracy - reluDropBN.validationAccuracy).values,
                seeds: seeds),
            Claim(
                id: "wrong-orders-cost-little",
                measure: "5 points minus the larger loss of the two dropout-before-BN orders against BN→ReLU→Drop",
                rule: .positive(), values: worstWrongOrder.map { 0.05 - $0 }, seeds: seeds),
            Claim(
                id: "bn-alone-worse-last-epoch",
                measure: "validation accuracy at the last epoch, plain network minus BN only",
                rule: .positive(), values: (neither.validationAccuracy - bnOnly.validationAccuracy).values, seeds: seeds),
            Claim(
                id: "bn-alone-worse-best-epoch",
                measure: "validation accuracy at each run's best epoch, plain network minus BN only",
                rule: .positive(),
                values: (neither.bestValidationAccuracy - bnOnly.bestValidationAccuracy).values, seeds: seeds),
            Claim(
                id: "bn-peaks-earlier", measure: "best epoch, plain network minus BN only",
                rule: .positive(), values: (neither.bestEpoch - bnOnly.bestEpoch).values, seeds: seeds),
            Claim(
                id: "bn-memorizes-more", measure: "flipped labels reproduced at the last epoch, BN only minus plain network",
                rule: .positive(), values: (bnOnly.memorizedNoise - neither.memorizedNoise).values, seeds: seeds),
            Claim(
                id: "dropout-memorizes-less-than-bn",
                measure: "flipped labels reproduced at the last epoch, BN only minus dropout only",
                rule: .positive(), values: (bnOnly.memorizedNoise - dropOnly.memorizedNoise).values, seeds: seeds),
            Claim(
                id: "dropout-beats-bn-alone-best-epoch",
                measure: "validation accuracy at each run's best epoch, dropout only minus BN only",
                rule: .positive(),
                values: (dropOnly.bestValidationAccuracy - bnOnly.bestValidationAccuracy).values, seeds: seeds),
            Claim(
                id: "recommended-beats-drop-only",
                measure: "validation accuracy at the last epoch, BN→ReLU→Drop minus dropout only",
                rule: .positive(), values: (recommended.validationAccuracy - dropOnly.validationAccuracy).values,
                seeds: seeds),
        ]
    }

    /// Section 3: the variance shift and what re-estimating the statistics recovers.
    public static func varianceShift(_ result: VarianceShift.Result) -> [Claim] {
        let seeds = result.seeds
        let ps = result.configuration.probabilities
        let low = ps.first!, high = ps.last!, stress = result.configuration.stressDropout
        guard let dropLow = result.summary(.dropoutBatchNormReLU, dropout: low),
              let dropHigh = result.summary(.dropoutBatchNormReLU, dropout: high),
              let recommendedHigh = result.summary(.batchNormReLUDropout, dropout: high),
              let dropStress = result.summary(.dropoutBatchNormReLU, dropout: stress),
              let recommendedStress = result.summary(.batchNormReLUDropout, dropout: stress),
              result.stress.count == 3
        else { return [] }
        let base = result.stress[0], deep = result.stress[1], smallBatch = result.stress[2]
        return [
            Claim(
                id: "shift-reaches-bound",
                measure: "p = \(formatNumber(high)), Drop→BN→ReLU, first BN: shift × (1 − p), every run above 0.95",
                rule: .everyRun(above: 0.95), values: dropHigh.shift(layer: 0).values.map { $0 * (1 - high) },
                seeds: seeds),
            Claim(
                id: "shift-grows-with-p",
                measure: "first BN's shift, Drop→BN→ReLU, p = \(formatNumber(high)) minus p = \(formatNumber(low))",
                rule: .positive(), values: (dropHigh.shift(layer: 0) - dropLow.shift(layer: 0)).values, seeds: seeds),
            Claim(
                id: "recommended-first-unshifted",
                measure: "BN→ReLU→Drop at p = \(formatNumber(high)): first BN's shift minus 1 (within 0.1)",
                rule: .negligible(tolerance: 0.1), values: recommendedHigh.shift(layer: 0).values.map { $0 - 1 },
                seeds: seeds),
            Claim(
                id: "recommended-second-shifted",
                measure: "BN→ReLU→Drop at p = \(formatNumber(high)): second BN's shift minus 1 (margin 0.2)",
                rule: .positive(margin: 0.2), values: recommendedHigh.shift(layer: 1).values.map { $0 - 1 },
                seeds: seeds),
            Claim(
                id: "reestimation-helps-drop-first",
                measure: "Drop→BN→ReLU at p = \(formatNumber(stress)): validation accuracy after re-estimation minus before",
                rule: .positive(), values: dropStress.recalibrationGain.values, seeds: seeds),
            Claim(
                id: "ordering-gap-remains-after-reestimation",
                measure: "p = \(formatNumber(stress)): BN→ReLU→Drop minus Drop→BN→ReLU after re-estimating the latter's statistics",
                rule: .positive(),
                values: (recommendedStress.validationAccuracy - dropStress.recalibratedAccuracy).values, seeds: seeds),
            Claim(
                id: "deep-shift-larger",
                measure: "largest shift over the layers, \(result.configuration.deepHiddenLayers) hidden layers minus \(result.configuration.hiddenLayers)",
                rule: .positive(), values: (deep.largestShift - base.largestShift).values, seeds: seeds),
            Claim(
                id: "deep-reestimation-gain-larger",
                measure: "re-estimation gain, \(result.configuration.deepHiddenLayers) hidden layers minus \(result.configuration.hiddenLayers)",
                rule: .positive(), values: (deep.recalibrationGain - base.recalibrationGain).values, seeds: seeds),
            Claim(
                id: "depth-matters-more-than-batch",
                measure: "re-estimation gain, \(result.configuration.deepHiddenLayers) hidden layers minus batch \(result.configuration.smallBatchSize)",
                rule: .positive(), values: (deep.recalibrationGain - smallBatch.recalibrationGain).values, seeds: seeds),
        ]
    }

    /// Section 4: SGD learning rates with and without BatchNorm.
    public static func learningRates(_ result: LearningRateSweep.Result) -> [Claim] {
        guard let top = result.points(for: .neither).last, let topBN = result.points(for: .batchNormOnly).last else {
            return []
        }
        let seeds = result.seeds
        let eta = formatNumber(top.learningRate)
        return [
            Claim(
                id: "bn-survives-largest-rate", measure: "validation accuracy at η = \(eta), BN minus plain",
                rule: .positive(), values: (topBN.validationAccuracy - top.validationAccuracy).values, seeds: seeds),
            Claim(
                id: "plain-fails-at-largest-rate", measure: "20 % minus the plain network's accuracy at η = \(eta), every run",
                rule: .everyRun(above: 0), values: top.validationAccuracy.values.map { 0.2 - $0 }, seeds: seeds),
            Claim(
                id: "bn-trains-at-largest-rate", measure: "BN network's accuracy at η = \(eta) minus 50 %, every run",
                rule: .everyRun(above: 0), values: topBN.validationAccuracy.values.map { $0 - 0.5 }, seeds: seeds),
        ]
    }

    /// Section 5: BatchNorm against LayerNorm over batch sizes.
    public static func layerNorm(_ result: LayerNormBatchSizes.Result) -> [Claim] {
        let seeds = result.seeds
        var claims: [Claim] = []
        if let ln2 = result.point(.layerNorm, batchSize: 2)?.validationAccuracy,
           let bn2 = result.point(.batchNormOnly, batchSize: 2)?.validationAccuracy {
            claims.append(
                Claim(
                    id: "ln-beats-bn-batch-2", measure: "validation accuracy at batch size 2, LayerNorm minus BatchNorm",
                    rule: .positive(), values: (ln2 - bn2).values, seeds: seeds))
        }
        let largest = result.configuration.batchSizes.last!
        if let lnL = result.point(.layerNorm, batchSize: largest)?.validationAccuracy,
           let bnL = result.point(.batchNormOnly, batchSize: largest)?.validationAccuracy {
            claims.append(
                Claim(
                    id: "bn-beats-ln-largest-batch",
                    measure: "validation accuracy at batch size \(largest), BatchNorm minus LayerNorm",
                    rule: .positive(), values: (bnL - lnL).values, seeds: seeds))
        }
        return claims
    }

    /// Section 6: a forgotten eval().
    public static func evalTrap(_ result: BatchNormEvalTrap.Result) -> [Claim] {
        let last = result.batchSizes.count - 1
        return [
            Claim(
                id: "forgetting-eval-costs-at-small-batches",
                measure: "validation accuracy, evaluation mode minus training mode in batches of \(result.batchSizes[0]) (margin 10 points)",
                rule: .positive(margin: 0.1),
                values: (result.evaluationAccuracy - result.trainingModeAccuracy(at: 0)).values, seeds: result.seeds),
            Claim(
                id: "forgetting-eval-hides-at-large-batches",
                measure: "validation accuracy, evaluation mode minus training mode in batches of \(result.batchSizes[last]) (within 3 points)",
                rule: .negligible(tolerance: 0.03),
                values: (result.evaluationAccuracy - result.trainingModeAccuracy(at: last)).values, seeds: result.seeds),
        ]
    }
}
