import NotebookDocument

/// Every comparison the toolbox lesson's prose makes, as claims evaluated on the run's results.
/// Rules were chosen before the numbers were looked at: `positive()` for "A beats B" (paired run
/// by run: same data and initial weights), `negligible` with a stated tolerance for "barely
/// changes", `everyRun` for properties without exceptions.
public enum ToolboxClaims {
    /// Section 1: mixup on two moons.
    public static func mixup(_ result: MixupMoons.Result) -> [Claim] {
        let (plain, mixup, seeds) = (result.plain, result.mixup, result.seeds)
        return [
            Claim(
                id: "mixup-widens-band", measure: "share of the grid in the transition band, mixup minus plain",
                rule: .positive(), values: (mixup.transitionShare - plain.transitionShare).values, seeds: seeds),
            Claim(
                id: "mixup-less-confident", measure: "mean confidence on test points, plain minus mixup",
                rule: .positive(), values: (plain.testConfidence - mixup.testConfidence).values, seeds: seeds),
            Claim(
                id: "mixup-fits-training-less", measure: "training accuracy, plain minus mixup",
                rule: .positive(), values: (plain.trainAccuracy - mixup.trainAccuracy).values, seeds: seeds),
            Claim(
                id: "mixup-test-accuracy-unchanged", measure: "test accuracy, mixup minus plain (within 2 points)",
                rule: .negligible(tolerance: 0.02), values: (mixup.testAccuracy - plain.testAccuracy).values,
                seeds: seeds),
        ]
    }

    /// The claim ids of "technique beats its reference", at the last and at the best epoch.
    public static func gainID(_ technique: ToolboxPlaybook.Technique, bestEpoch: Bool) -> String {
        let name: String
        switch technique {
        case .inputNoise: name = "input-noise"
        case .mixup: name = "mixup"
        case .dropout: name = "dropout"
        case .dropoutMaxNorm: name = "max-norm"
        case .stochasticDepth: name = "stochastic-depth"
        case .baseline, .residual: name = technique.rawValue
        }
        return "\(name)-helps" + (bestEpoch ? "-best-epoch" : "")
    }

    /// Sections 2–4 and the playbook: each technique against its reference, at the last epoch and
    /// at each network's best epoch; what input noise does to the flipped labels; whether max-norm
    /// binds; and whether the top of the ranking is more than seed noise.
    public static func playbook(_ result: ToolboxPlaybook.Result) -> [Claim] {
        let seeds = result.seeds
        var claims: [Claim] = []
        for technique in result.comparedTechniques {
            let reference = technique.reference.title
            claims.append(
                Claim(
                    id: gainID(technique, bestEpoch: false),
                    measure: "validation accuracy at the last epoch, \(technique.title) minus \(reference)",
                    rule: .positive(), values: result.gain(technique)!.values, seeds: seeds))
            claims.append(
                Claim(
                    id: gainID(technique, bestEpoch: true),
                    measure: "validation accuracy at each network's best epoch, \(technique.title) minus \(reference)",
                    rule: .positive(), values: result.bestEpochGain(technique)!.values, seeds: seeds))
        }
        if let baseline = result.summary(.baseline), let noise = result.summary(.inputNoise) {
            claims.append(
                Claim(
                    id: "input-noise-memorizes-less",
                    measure: "share of flipped training labels memorised, plain MLP minus input noise",
                    rule: .positive(), values: (baseline.memorizedNoise - noise.memorizedNoise).values, seeds: seeds))
        }
        if let dropout = result.summary(.dropout) {
            claims.append(
                Claim(
                    id: "unconstrained-norms-exceed-c",
                    measure: "largest incoming-weight norm of the dropout network minus c",
                    rule: .everyRun(above: 0), values: dropout.largestRowNorm.values.map { $0 - result.configuration.maxNorm },
                    seeds: seeds))
        }
        let ranking = result.ranking
        if ranking.count >= 2 {
            claims.append(
                Claim(
                    id: "top-technique-ahead",
                    measure: "last-epoch gain, \(ranking[0].title) minus \(ranking[1].title) (first two of the ranking)",
                    rule: .positive(), values: (result.gain(ranking[0])! - result.gain(ranking[1])!).values, seeds: seeds))
        }
        return claims
    }

    /// Section 5: gradient clipping on a run that is unstable on purpose.
    public static func clipping(_ result: ClippingOnUnstableRun.Result) -> [Claim] {
        let seeds = result.seeds
        let plain = result.validationAccuracy(clipped: false), clipped = result.validationAccuracy(clipped: true)
        return [
            Claim(
                id: "plain-runs-fail", measure: "20 % minus the unclipped run's validation accuracy (diverged: chance)",
                rule: .everyRun(above: 0), values: plain.values.map { 0.2 - $0 }, seeds: seeds),
            Claim(
                id: "clipping-rescues", measure: "validation accuracy, clipped minus unclipped (margin 20 points)",
                rule: .positive(margin: 0.2), values: (clipped - plain).values, seeds: seeds),
            Claim(
                id: "clip-active-most-steps", measure: "share of the clipped run's steps with ‖g‖ > c, minus 50 %",
                rule: .everyRun(above: 0), values: result.clippedStepSharePerRun.values.map { $0 - 0.5 }, seeds: seeds),
            Claim(
                id: "clipping-beats-smaller-rate",
                measure: "validation accuracy, clipped minus unclipped at the control learning rate",
                rule: .positive(), values: (clipped - result.controlAccuracy).values, seeds: seeds),
        ]
    }
}
