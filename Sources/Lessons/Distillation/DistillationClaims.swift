import NotebookDocument

/// Every comparison the distillation lesson's prose makes, as claims evaluated on the run's
/// results. The rules were chosen before the numbers were looked at: `positive()` for "A beats B"
/// (paired run by run: same data, teachers and initial weights), `negligible` with a stated
/// tolerance for "about the same", `everyRun` for properties without exceptions.
public enum DistillationClaims {
    /// Section 1: what temperature does to the teacher's distribution.
    public static func temperature(_ result: TemperatureView.Result, seeds: [UInt64]) -> [Claim] {
        let highest = formatNumber(result.highestBarTemperature)
        return [
            Claim(
                id: "teacher-near-one-hot",
                measure: "10 % minus the single teacher's mean wrong-class probability on validation digits, T = 1",
                rule: .everyRun(above: 0), values: result.wrongMassAtOne.values.map { 0.1 - $0 }, seeds: seeds),
            Claim(
                id: "temperature-raises-entropy",
                measure: "single teacher's mean entropy on validation digits, T = \(highest) minus T = 1 (nats)",
                rule: .everyRun(above: 0), values: (result.entropyAtHighest - result.entropyAtOne).values, seeds: seeds),
        ]
    }

    /// Section 2: the T² factor.
    public static func gradientScale(_ result: GradientScale.Result) -> [Claim] {
        let largest = formatNumber(result.temperatures.last!)
        let reference = formatNumber(result.configuration.referenceTemperature)
        return [
            Claim(
                id: "t-squared-keeps-gradient",
                measure: "gradient norm with T², at T = \(largest) over T = \(reference), minus 0.5",
                rule: .everyRun(above: 0), values: result.ratio(result.withFactor).values.map { $0 - 0.5 },
                seeds: result.seeds)
        ]
    }

    /// Section 3: which students gain, and from what.
    public static func comparison(_ result: TransferComparison.Result) -> [Claim] {
        let seeds = result.seeds
        func gain(_ id: String, _ a: TransferComparison.Condition, over b: TransferComparison.Condition) -> Claim {
            Claim(
                id: id, measure: "validation accuracy, \(a.rawValue) minus \(b.rawValue), \(result.configuration.longSteps) steps",
                rule: .positive(), values: (result.long(a) - result.long(b)).values, seeds: seeds)
        }
        let longGain = result.long(.fullTransfer) - result.long(.hardLabels)
        let shortGain = result.short(.fullTransfer) - result.short(.hardLabels)
        return [
            gain("same-data-kd-helps", .sameLabelLabeled, over: .hardLabels),
            gain("transfer-set-helps", .sameLabelTransfer, over: .hardLabels),
            gain("transfer-beats-same-data", .sameLabelTransfer, over: .sameLabelLabeled),
            gain("privileged-teacher-helps-more", .fullTransfer, over: .sameLabelTransfer),
            gain("privileged-kd-beats-labels", .fullTransfer, over: .hardLabels),
            gain("privileged-labels-leak", .fullLabeled, over: .hardLabels),
            gain("kd-beats-all-labels", .fullTransfer, over: .allLabels),
            Claim(
                id: "gain-grows-with-budget",
                measure: "gain of the all-label teacher's transfer-set student over labels only, "
                    + "\(result.configuration.longSteps) minus \(result.configuration.shortSteps) steps",
                rule: .positive(), values: (longGain - shortGain).values, seeds: seeds),
        ]
    }

    /// Section 4: the T × α grid.
    public static func sweep(_ result: TemperatureAlphaSweep.Result, comparison: TransferComparison.Result) -> [Claim] {
        let hard = comparison.long(.hardLabels)
        return [
            Claim(
                id: "every-setting-beats-labels",
                measure: "validation accuracy, worst (T, α) cell of the run minus labels only",
                rule: .positive(), values: (result.worstPerRun - hard).values, seeds: comparison.seeds),
            Claim(
                id: "setting-matters-less-than-teacher",
                measure: "mean gain of the cells over labels only, minus the spread (best − worst cell) of the run",
                rule: .positive(), values: ((result.meanPerRun - hard) - result.spreadPerRun).values,
                seeds: comparison.seeds),
        ]
    }

    /// Section 5: two moons.
    public static func moons(_ result: MoonsBoundaries.Result) -> [Claim] {
        [
            Claim(
                id: "moons-distilled-beats-hard",
                measure: "test accuracy, student distilled from the all-label teacher minus student from labels",
                rule: .positive(), values: (result.distilledAccuracy - result.hardAccuracy).values, seeds: result.seeds),
            Claim(
                id: "moons-same-label-distilled-beats-hard",
                measure: "test accuracy, student distilled from the same-label teacher minus student from labels",
                rule: .positive(), values: (result.sameLabelDistilledAccuracy - result.hardAccuracy).values,
                seeds: result.seeds),
        ]
    }

    /// Section 6: a same-size teacher on the same digits.
    public static func selfDistillation(_ result: SelfDistillation.Result) -> [Claim] {
        [
            Claim(
                id: "self-distillation-helps", measure: "validation accuracy, student minus its same-size teacher",
                rule: .positive(), values: result.improvement.values, seeds: result.seeds)
        ]
    }

    /// Section 7: confidence and calibration.
    public static func calibration(_ result: Calibration.Result) -> [Claim] {
        let (hard, smoothed, all, distilled) = (result.hard, result.smoothed, result.allLabels, result.distilled)
        let seeds = result.seeds
        return [
            Claim(
                id: "smoothing-lowers-confidence", measure: "mean confidence, labels only minus label smoothing",
                rule: .positive(), values: (hard.meanConfidence - smoothed.meanConfidence).values, seeds: seeds),
            Claim(
                id: "smoothing-underconfident", measure: "label smoothing: validation accuracy minus mean confidence",
                rule: .positive(), values: (smoothed.validationAccuracy - smoothed.meanConfidence).values, seeds: seeds),
            Claim(
                id: "smoothing-lowers-ece", measure: "ECE, labels only minus label smoothing",
                rule: .positive(),
                values: (hard.expectedCalibrationError - smoothed.expectedCalibrationError).values, seeds: seeds),
            Claim(
                id: "distilled-lower-ece", measure: "ECE, labels only minus distilled (all-label teacher, transfer set)",
                rule: .positive(),
                values: (hard.expectedCalibrationError - distilled.expectedCalibrationError).values, seeds: seeds),
            Claim(
                id: "accuracy-matched",
                measure: "validation accuracy, distilled minus all pool labels (within 1 point)",
                rule: .negligible(tolerance: 0.01),
                values: (distilled.validationAccuracy - all.validationAccuracy).values, seeds: seeds),
            Claim(
                id: "distilled-lower-ece-than-all-labels", measure: "ECE, all pool labels minus distilled",
                rule: .positive(),
                values: (all.expectedCalibrationError - distilled.expectedCalibrationError).values, seeds: seeds),
        ]
    }
}
