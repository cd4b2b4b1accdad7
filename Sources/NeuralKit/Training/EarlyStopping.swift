/// Early stopping: stop training when the validation loss has not improved for `patience`
/// epochs in a row, and optionally put back the parameters and buffers of the best epoch.
///
/// An epoch *improves* when its validation loss is lower than the best so far by more than
/// `minDelta`:
///
/// ```
/// improved ⇔ loss < best − minDelta
/// ```
///
/// Counting follows Keras and PyTorch Lightning: every epoch without improvement adds one to
/// the wait, an improvement resets it to 0, and training stops as soon as `wait ≥ patience`.
/// With patience 0 the first epoch that does not improve stops the run; with patience 3, the
/// third such epoch in a row. A NaN validation loss never counts as an improvement.
///
/// The policy is a small state machine (`State`) advanced by the pure function
/// `State.next(after:validationLoss:patience:minDelta:)`; the class adds the snapshot of the
/// best network.
///
/// ### References
/// - L. Prechelt, "Early Stopping — But When?", in Neural Networks: Tricks of the Trade, 1998.
public final class EarlyStopping {
    /// Where the policy is.
    public enum State: Sendable, Equatable {
        /// No epoch seen yet.
        case waitingForFirstEpoch
        /// The last epoch improved on everything before it (it is the best so far).
        case improved(best: Double, bestEpoch: Int)
        /// `epochsWithoutImprovement` epochs in a row (≥ 1, < patience) have not improved.
        case waiting(best: Double, bestEpoch: Int, epochsWithoutImprovement: Int)
        /// Patience ran out at `stoppedEpoch`; training should end.
        case stopped(best: Double, bestEpoch: Int, stoppedEpoch: Int)

        /// The best validation loss so far.
        public var best: Double? {
            switch self {
            case .waitingForFirstEpoch: return nil
            case .improved(let best, _), .waiting(let best, _, _), .stopped(let best, _, _): return best
            }
        }

        /// The epoch of the best validation loss so far.
        public var bestEpoch: Int? {
            switch self {
            case .waitingForFirstEpoch: return nil
            case .improved(_, let epoch), .waiting(_, let epoch, _), .stopped(_, let epoch, _): return epoch
            }
        }

        /// The state after `epoch` ended with `validationLoss`.
        public func next(after epoch: Int, validationLoss: Double, patience: Int, minDelta: Double) -> State {
            let best: Double
            let bestEpoch: Int
            let wait: Int
            switch self {
            case .waitingForFirstEpoch:
                // Anything beats "no value yet" (best = +∞), except NaN.
                if !validationLoss.isNaN { return .improved(best: validationLoss, bestEpoch: epoch) }
                (best, bestEpoch, wait) = (.infinity, epoch, 0)
            case .improved(let b, let e):
                (best, bestEpoch, wait) = (b, e, 0)
            case .waiting(let b, let e, let w):
                (best, bestEpoch, wait) = (b, e, w)
            case .stopped:
                return self
            }
            if validationLoss < best - minDelta {
                return .improved(best: validationLoss, bestEpoch: epoch)
            }
            if wait + 1 >= patience {
                return .stopped(best: best, bestEpoch: bestEpoch, stoppedEpoch: epoch)
            }
            return .waiting(best: best, bestEpoch: bestEpoch, epochsWithoutImprovement: wait + 1)
        }
    }

    /// How many epochs in a row without improvement are tolerated before stopping (≥ 0).
    public let patience: Int
    /// The smallest decrease of the validation loss that counts as an improvement (≥ 0).
    public let minDelta: Double
    /// Whether to put the best epoch's parameters and buffers back when training ends.
    public let restoreBest: Bool

    public private(set) var state: State = .waitingForFirstEpoch
    /// The network as it was at the best epoch (kept only when `restoreBest`).
    public private(set) var bestSnapshot: NetworkSnapshot<Float>?

    public init(patience: Int, minDelta: Double = 0, restoreBest: Bool = true) throws {
        try validate(patience, named: "patience", in: "EarlyStopping", atLeast: 0)
        try validate(minDelta, named: "minDelta", in: "EarlyStopping", atLeast: 0)
        self.patience = patience
        self.minDelta = minDelta
        self.restoreBest = restoreBest
    }

    /// Whether training should stop.
    public var shouldStop: Bool {
        if case .stopped = state { return true }
        return false
    }

    /// Records `epoch`'s validation loss; on an improvement, snapshots `network` (when
    /// `restoreBest`). Returns whether training should stop.
    @discardableResult
    public func update(epoch: Int, validationLoss: Double, network: some Layer<Float>) -> Bool {
        state = state.next(after: epoch, validationLoss: validationLoss, patience: patience, minDelta: minDelta)
        if case .improved(_, let bestEpoch) = state, bestEpoch == epoch, restoreBest {
            bestSnapshot = NetworkSnapshot(of: network)
        }
        return shouldStop
    }

    /// Puts the best epoch's parameters and buffers back into `network` (when `restoreBest` and an
    /// epoch has improved). Returns the epoch restored, if any.
    @discardableResult
    public func restoreBestState(into network: some Layer<Float>) -> Int? {
        guard restoreBest, let bestSnapshot, let bestEpoch = state.bestEpoch else { return nil }
        bestSnapshot.restore(into: network)
        return bestEpoch
    }

    /// Forgets everything, for a new run.
    public func reset() {
        state = .waitingForFirstEpoch
        bestSnapshot = nil
    }
}
