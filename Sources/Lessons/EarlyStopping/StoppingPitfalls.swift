import NeuralKit
import Notebook
import NotebookDocument

/// The pitfalls section of the early-stopping lesson, replayed on the full runs of
/// `TrainingTrajectory`: monitoring the training loss, monitoring a small (noisy) validation set,
/// and min delta.
///
/// The small-set pitfall asks how much the loss a small validation set reports at the epoch it
/// chose flatters the chosen network. Each run's validation set is cut into K disjoint small sets
/// S₁ … S_K of n images (N images in all). For small set s the rule picks epoch t_s on its curve
/// L_s(t); the same network's loss on the other N − n validation images is
///
/// ```
/// O_s(t) = (N·L(t) − n·L_s(t)) / (N − n)
/// ```
///
/// (L is the mean loss over all N images). The reported number is off by O_s(t_s) − L_s(t_s).
/// Part of that is the small set's own difficulty, which has nothing to do with choosing; it is
/// measured at an epoch the small set did not choose, t_full (the rule's epoch on the full set):
///
/// ```
/// selection optimism = mean_s [ (O_s(t_s) − L_s(t_s)) − (O_s(t_full) − L_s(t_full)) ]
/// ```
///
/// per run: the part of the error that comes from picking the epoch *because* its loss was low.
/// (t_full is chosen on a set that contains S_s, which favours L_s(t_full) slightly: the control is
/// conservative.)
public enum StoppingPitfalls {
    /// The settings of experiment `pitfalls` (the patience of the monitored-curve comparison is
    /// `overfit-run.patience`).
    public struct Settings: ExperimentSettings {
        /// The patience of the small-set and min-delta replays (short, so that noise matters).
        public var smallPatience = 3
        public var minDeltas = [0, 0.01, 0.03, 0.1]
        public init(quick: Bool) {}
        public static let declarations: [SettingDeclaration<Settings>] = [
            .integer(
                "small-patience", \.smallPatience, in: 0...1_000, "patience of the small-set and min-delta replays",
                owner: "pitfalls"),
            .numbers(
                "min-deltas", \.minDeltas, from: 0, to: 10, count: 2...10,
                "min deltas δ replayed, increasing, starting at 0", owner: "pitfalls"),
        ]
    }

    /// One min delta replayed on every small set of every run (values: one per run, each the mean
    /// over the run's small sets).
    public struct SmallSetOutcome: Sendable {
        public let minDelta: Double
        /// The epoch the rule stopped at.
        public let epochsSpent: SeedSummary
        /// The small set's own loss at the epoch it chose: the number it reports.
        public let reportedLoss: SeedSummary
        /// The chosen network's loss on the other validation images, O_s(t_s).
        public let otherImagesLoss: SeedSummary
        /// O_s(t_s) − L_s(t_s): how far the reported number is off.
        public let reportError: SeedSummary
        /// O_s(t_full) − L_s(t_full): the same difference at an epoch the small set did not choose.
        public let controlError: SeedSummary
        /// reportError − controlError: the part due to choosing the epoch.
        public var selectionOptimism: SeedSummary { reportError - controlError }
        /// O_s(t_s) − O_s(t_full): how much worse the small set's choice is than the full set's.
        public let choiceCost: SeedSummary
        /// Share of (run, small set) pairs whose reported loss was below the other images' loss.
        public let optimisticShare: Double
    }

    public struct Result: Sendable {
        public let settings: Settings
        /// The lesson's patience monitoring the training loss instead of the validation loss.
        public let trainingLossMonitor: StoppingRuleReplay.Outcome
        /// The lesson's patience monitoring the validation loss.
        public let validationLossMonitor: StoppingRuleReplay.Outcome
        /// The min-delta sweep (small patience) monitoring the small sets.
        public let smallSets: [SmallSetOutcome]
        /// The min-delta sweep (small patience) monitoring the full validation set.
        public let fullSet: [StoppingRuleReplay.Outcome]
        public let smallSetCount: Int
    }

    public static func run(_ trajectory: TrainingTrajectory.Result, settings: Settings) throws -> Result {
        let deltas = settings.minDeltas
        guard deltas.first == 0, zip(deltas, deltas.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw SettingError(
                "pitfalls: min-deltas \(deltas.map(formatNumber).joined(separator: ",")) must start at 0 and increase, e.g. 0,0.01,0.1")
        }
        let patience = trajectory.setup.patience
        return Result(
            settings: settings,
            trainingLossMonitor: StoppingRuleReplay.outcome(
                trajectory, patience: patience, minDelta: 0, monitored: \.trainLoss),
            validationLossMonitor: StoppingRuleReplay.outcome(trajectory, patience: patience, minDelta: 0),
            smallSets: deltas.map { smallSetOutcome(trajectory, patience: settings.smallPatience, minDelta: $0) },
            fullSet: deltas.map { StoppingRuleReplay.outcome(trajectory, patience: settings.smallPatience, minDelta: $0) },
            smallSetCount: trajectory.setup.smallSetCount)
    }

    static func smallSetOutcome(_ trajectory: TrainingTrajectory.Result, patience: Int, minDelta: Double)
        -> SmallSetOutcome
    {
        let setup = trajectory.setup
        let total = Double(setup.validationCount)
        let n = Double(setup.smallValidationCount)
        var epochs: [Double] = [], reported: [Double] = [], other: [Double] = []
        var error: [Double] = [], control: [Double] = [], cost: [Double] = []
        var optimistic = 0, pairs = 0
        for run in trajectory.runs {
            let full = run.validationLoss
            let fullEpoch = StoppingRuleReplay.decide(monitored: full, patience: patience, minDelta: minDelta).bestEpoch
            var sums = [Double](repeating: 0, count: 6)
            for small in run.smallSetLoss {
                // snippet: small-set-optimism
                // O_s(t): the loss on the validation images outside the small set
                let others = zip(full, small).map { (total * $0 - n * $1) / (total - n) }
                let decision = StoppingRuleReplay.decide(
                    monitored: small, patience: patience, minDelta: minDelta)
                let chosen = decision.bestEpoch - 1, unchosen = fullEpoch - 1
                let reportError = others[chosen] - small[chosen]
                let controlError = others[unchosen] - small[unchosen]
                // end-snippet
                for (index, value) in [
                    Double(decision.stoppedEpoch), small[chosen], others[chosen], reportError, controlError,
                    others[chosen] - others[unchosen],
                ].enumerated() { sums[index] += value }
                if reportError > 0 { optimistic += 1 }
                pairs += 1
            }
            let k = Double(run.smallSetLoss.count)
            epochs.append(sums[0] / k)
            reported.append(sums[1] / k)
            other.append(sums[2] / k)
            error.append(sums[3] / k)
            control.append(sums[4] / k)
            cost.append(sums[5] / k)
        }
        return SmallSetOutcome(
            minDelta: minDelta, epochsSpent: SeedSummary(epochs), reportedLoss: SeedSummary(reported),
            otherImagesLoss: SeedSummary(other), reportError: SeedSummary(error), controlError: SeedSummary(control),
            choiceCost: SeedSummary(cost), optimisticShare: Double(optimistic) / Double(max(1, pairs)))
    }
}
