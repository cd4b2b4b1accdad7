import Notebook
import NotebookDocument

/// Every claim the early-stopping lesson's text makes, computed from the experiments' results. The
/// experiments record them, the text prints the sentence for each verdict, and the tests assert on
/// the same objects.
///
/// All comparisons are paired: every experiment reuses the runs of `overfit-run` (same training
/// subset, flipped labels, initial weights and batch order per run), so each value is one run's
/// effect. Where one side of a comparison is a minimum over epochs (the restored network, the
/// longest patience), a difference of zero or more is guaranteed by construction, so those claims
/// carry a margin chosen before looking at the numbers.
public enum EarlyStoppingClaims {
    /// Relative difference a − b over b, per run.
    static func relative(_ a: SeedSummary, over b: SeedSummary) -> [Double] {
        zip(a.values, b.values).map { $0 / $1 - 1 }
    }

    /// Sections 1, 3 and 5: the full runs, their best and last epochs and their weight norms.
    public static func trajectory(_ result: TrainingTrajectory.Result) -> [Claim] {
        let seeds = result.seeds
        return [
            Claim(
                id: "train-loss-keeps-falling", measure: "training loss, best epoch minus last epoch",
                rule: .positive(), values: (result.bestEpochTrainLoss - result.finalTrainLoss).values, seeds: seeds),
            Claim(
                id: "restore-beats-last-loss",
                measure: "validation loss, last epoch over best epoch, minus 1 (margin 5 %)",
                rule: .positive(margin: 0.05), values: relative(result.lastLoss, over: result.restoredLoss), seeds: seeds),
            Claim(
                id: "restore-beats-last-accuracy",
                measure: "validation accuracy, best-loss epoch minus last epoch",
                rule: .positive(), values: (result.restoredAccuracy - result.lastAccuracy).values, seeds: seeds),
            Claim(
                id: "memorization-grows", measure: "share of flipped labels reproduced, last epoch minus best epoch",
                rule: .positive(), values: (result.lastMemorized - result.restoredMemorized).values, seeds: seeds),
            Claim(
                id: "norm-grows", measure: "‖W‖₂ rises from first to last epoch with at most a tenth of the steps down (+1 yes, −1 no)",
                rule: .everyRun(above: 0),
                values: result.runs.map { EarlyStoppingLesson.isIncreasing($0.weightNorm) ? 1 : -1 }, seeds: seeds),
            Claim(
                id: "initial-norm-is-most", measure: "‖W‖₂ at initialisation over ‖W‖₂ at the last epoch (margin 0.5)",
                rule: .positive(margin: 0.5),
                values: zip(result.initialNorm.values, result.lastNorm.values).map { $0 / $1 }, seeds: seeds),
            Claim(
                id: "stopping-limits-growth", measure: "‖W‖₂, last epoch minus best epoch",
                rule: .positive(), values: (result.lastNorm - result.restoredNorm).values, seeds: seeds),
        ]
    }

    /// Section 2: the trainer's early stopping against the replay of the same rule.
    public static func trainer(_ result: EarlyStoppedTraining.TrainerResult, seeds: [UInt64]) -> [Claim] {
        [
            Claim(
                id: "trainer-matches-replay",
                measure: "the trainer stopped and restored at the replay's epochs (+1 yes, −1 no)",
                rule: .everyRun(above: 0), values: result.agreement.map { $0 ? 1 : -1 }, seeds: seeds)
        ]
    }

    /// Section 4: the patience sweep.
    public static func patience(_ sweep: StoppingRuleReplay.PatienceSweep, seeds: [UInt64]) -> [Claim] {
        let tolerance = sweep.settings.tolerance
        let percent = "\(formatNumber(tolerance * 100)) %"
        let shortest = sweep.shortest, longest = sweep.longest, lesson = sweep.lesson
        return [
            Claim(
                id: "shortest-patience-stops-too-early",
                measure: "restored validation loss, patience \(shortest.patience) over patience \(longest.patience), minus 1 (margin \(percent))",
                rule: .positive(margin: tolerance),
                values: relative(shortest.restoredLoss, over: longest.restoredLoss), seeds: seeds),
            Claim(
                id: "lesson-patience-enough",
                measure: "restored validation loss, patience \(lesson.patience) over patience \(longest.patience), minus 1 (within \(percent))",
                rule: .negligible(tolerance: tolerance),
                values: relative(lesson.restoredLoss, over: longest.restoredLoss), seeds: seeds),
            Claim(
                id: "no-restore-worse-at-longest",
                measure: "patience \(longest.patience): validation loss of the last network over the restored one, minus 1 (margin \(percent))",
                rule: .positive(margin: tolerance),
                values: relative(longest.lastLoss, over: longest.restoredLoss), seeds: seeds),
        ]
    }

    /// Section 5: L2 penalties trained to the end beside the early-stopped networks.
    public static func weightBudget(
        _ l2: ImplicitL2.Result, trajectory: TrainingTrajectory.Result
    ) -> [Claim] {
        let seeds = trajectory.seeds
        let best = l2.best
        let strengths = l2.strengths
        let decreasing = trajectory.runs.indices.map { run in
            zip(strengths, strengths.dropFirst()).allSatisfy {
                $1.weightNorm.values[run] < $0.weightNorm.values[run]
            } ? 1.0 : -1.0
        }
        return [
            Claim(
                id: "l2-matches-stopping-accuracy",
                measure: "validation accuracy, L2 (λ = \(formatNumber(best.strength)), lowest mean loss) minus early-stopped (within 3 points)",
                rule: .negligible(tolerance: 0.03),
                values: (best.validationAccuracy - trajectory.restoredAccuracy).values, seeds: seeds),
            Claim(
                id: "l2-smaller-norm",
                measure: "1 − ‖W‖₂ of L2 (λ = \(formatNumber(best.strength))) over ‖W‖₂ early-stopped (margin 0.2)",
                rule: .positive(margin: 0.2),
                values: zip(best.weightNorm.values, trajectory.restoredNorm.values).map { 1 - $0 / $1 }, seeds: seeds),
            Claim(
                id: "l2-norm-falls-with-strength",
                measure: "‖W‖₂ falls with every larger λ (+1 yes, −1 no)", rule: .everyRun(above: 0),
                values: strengths.count > 1 ? decreasing : [], seeds: seeds),
        ]
    }

    /// Section 6: reduce on plateau in front of the same stopping rule.
    public static func plateau(_ comparison: EarlyStoppedTraining.PlateauComparison, seeds: [UInt64]) -> [Claim] {
        let plain = comparison.plain, plateau = comparison.plateau
        return [
            Claim(
                id: "plateau-cuts-rate", measure: "learning-rate cuts per run", rule: .everyRun(above: 0),
                values: plateau.learningRateCuts.values, seeds: seeds),
            Claim(
                id: "plateau-raises-accuracy", measure: "restored validation accuracy, with schedule minus without",
                rule: .positive(), values: (plateau.validationAccuracy - plain.validationAccuracy).values, seeds: seeds),
            Claim(
                id: "plateau-lowers-loss", measure: "restored validation loss, without schedule minus with",
                rule: .positive(), values: (plain.validationLoss - plateau.validationLoss).values, seeds: seeds),
        ]
    }

    /// Section 7: the pitfalls.
    public static func pitfalls(_ result: StoppingPitfalls.Result, seeds: [UInt64]) -> [Claim] {
        let train = result.trainingLossMonitor, validation = result.validationLossMonitor
        let zero = result.smallSets.first!, largest = result.smallSets.last!
        return [
            Claim(
                id: "train-monitor-never-stops",
                measure: "monitoring the training loss: ran to the epoch limit (+1) or stopped (−1)",
                rule: .everyRun(above: 0), values: train.decisions.map { $0.stopped ? -1 : 1 }, seeds: seeds),
            Claim(
                id: "train-monitor-worse",
                measure: "restored validation loss, monitoring the training loss minus monitoring the validation loss",
                rule: .positive(), values: (train.restoredLoss - validation.restoredLoss).values, seeds: seeds),
            Claim(
                id: "small-set-flatters",
                measure: "small sets: (other images − small set) loss at the chosen epoch minus the same at the full-set rule's epoch",
                rule: .positive(), values: zero.selectionOptimism.values, seeds: seeds),
            Claim(
                id: "small-set-chooses-worse",
                measure: "loss on the other images, network chosen on a small set minus the full-set rule's",
                rule: .positive(), values: zero.choiceCost.values, seeds: seeds),
            Claim(
                id: "large-min-delta-stops-earlier",
                measure: "small sets: stopping epoch, δ = 0 minus δ = \(formatNumber(largest.minDelta))",
                rule: .positive(), values: (zero.epochsSpent - largest.epochsSpent).values, seeds: seeds),
            Claim(
                id: "large-min-delta-worse",
                measure: "small sets: other images' loss of the chosen network, δ = \(formatNumber(largest.minDelta)) minus δ = 0",
                rule: .positive(), values: (largest.otherImagesLoss - zero.otherImagesLoss).values, seeds: seeds),
        ]
    }
}
