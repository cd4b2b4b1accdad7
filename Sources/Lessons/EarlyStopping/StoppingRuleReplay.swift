import NeuralKit
import Notebook
import NotebookDocument

/// The stopping rule replayed on recorded curves: which epoch a given patience and min delta
/// would stop at and which epoch they would restore, for every run of `TrainingTrajectory`.
/// (Training is deterministic, so stopping at epoch t leaves the network of epoch t of the
/// full run; the replay uses NeuralKit's own `EarlyStopping.State`.)
public enum StoppingRuleReplay {
    /// Where the rule stops on one curve.
    public struct Decision: Sendable, Equatable {
        /// The best epoch the rule saw (restored with `restoreBest`).
        public let bestEpoch: Int
        /// The epoch it stopped at, or the last epoch if patience never ran out.
        public let stoppedEpoch: Int
        public let stopped: Bool
    }

    /// Replays `EarlyStopping`'s state machine on `monitored` (one value per epoch).
    public static func decide(monitored: [Double], patience: Int, minDelta: Double) -> Decision {
        // snippet: early-stopping-state
        var state = EarlyStopping.State.waitingForFirstEpoch
        for (index, loss) in monitored.enumerated() {
            state = state.next(
                after: index + 1, validationLoss: loss,
                patience: patience, minDelta: minDelta)
            if case .stopped(_, let bestEpoch, let stoppedEpoch) = state {
                return Decision(
                    bestEpoch: bestEpoch, stoppedEpoch: stoppedEpoch,
                    stopped: true)
            }
        }
        // end-snippet
        return Decision(bestEpoch: state.bestEpoch ?? 1, stoppedEpoch: monitored.count, stopped: false)
    }

    /// One setting of the rule applied to every run.
    public struct Outcome: Sendable {
        public let patience: Int
        public let minDelta: Double
        public let decisions: [Decision]
        /// Epochs trained (the stopping epoch).
        public let epochsSpent: SeedSummary
        /// Validation loss (full validation set) of the restored best epoch.
        public let restoredLoss: SeedSummary
        /// Validation loss of the network at the stopping epoch (what you keep without restoring).
        public let lastLoss: SeedSummary
        /// The monitored curve's own value at the restored epoch (differs from `restoredLoss` only
        /// when the monitored curve is not the full validation loss).
        public let monitoredValue: SeedSummary
        /// Runs where the rule stopped before the epoch limit.
        public var stoppedCount: Int { decisions.filter(\.stopped).count }
    }

    /// Applies (patience, minDelta) to the curve `monitored` of every run and scores the chosen
    /// epochs on the full validation loss.
    public static func outcome(
        _ trajectory: TrainingTrajectory.Result, patience: Int, minDelta: Double,
        monitored: (TrainingTrajectory.Run) -> [Double] = \.validationLoss
    ) -> Outcome {
        let decisions = trajectory.runs.map { decide(monitored: monitored($0), patience: patience, minDelta: minDelta) }
        let runs = trajectory.runs
        return Outcome(
            patience: patience, minDelta: minDelta, decisions: decisions,
            epochsSpent: SeedSummary(decisions.map { Double($0.stoppedEpoch) }),
            restoredLoss: SeedSummary(zip(runs, decisions).map { $0.validationLoss[$1.bestEpoch - 1] }),
            lastLoss: SeedSummary(zip(runs, decisions).map { $0.validationLoss[$1.stoppedEpoch - 1] }),
            monitoredValue: SeedSummary(zip(runs, decisions).map { monitored($0)[$1.bestEpoch - 1] }))
    }

    /// The settings of experiment `patience-sweep`.
    public struct PatienceSettings: ExperimentSettings {
        public var patiences = [0, 1, 2, 3, 5, 10, 15, 20]
        /// "Close enough": the loss of a patience within this share of the longest patience's loss.
        public var tolerance = 0.02
        public init(quick: Bool) {}
        public static let declarations: [SettingDeclaration<PatienceSettings>] = [
            .integers(
                "patiences", \.patiences, in: 0...1_000, count: 2...20,
                "patience values replayed, in increasing order", owner: "patience-sweep"),
            .number(
                "tolerance", \.tolerance, from: 0, lowerIncluded: false, to: 1,
                "relative loss difference counted as no better (0.02 = 2 %)", owner: "patience-sweep"),
        ]
    }

    /// Every patience replayed with min delta 0 on the full validation curves.
    public struct PatienceSweep: Sendable {
        public let settings: PatienceSettings
        public let outcomes: [Outcome]
        /// The lesson's own patience (`overfit-run.patience`).
        public let lesson: Outcome
        public var shortest: Outcome { outcomes.first! }
        public var longest: Outcome { outcomes.last! }
    }

    public static func patienceSweep(_ trajectory: TrainingTrajectory.Result, settings: PatienceSettings) throws
        -> PatienceSweep
    {
        guard zip(settings.patiences, settings.patiences.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw SettingError(
                "patience-sweep: patiences \(settings.patiences.map(String.init).joined(separator: ",")) must increase, e.g. 0,1,2,5,10,20")
        }
        return PatienceSweep(
            settings: settings,
            outcomes: settings.patiences.map { outcome(trajectory, patience: $0, minDelta: 0) },
            lesson: outcome(trajectory, patience: trajectory.setup.patience, minDelta: 0))
    }
}
