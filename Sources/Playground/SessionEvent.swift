/// What a training session tells the page, in order: `started` once, `epoch` after every epoch,
/// then exactly one of `finished`, `failed` or `cancelled`. (The server adds `queued` events
/// before `started` while the run waits for a slot.)
public enum SessionEvent: Sendable, Equatable {
    case started(RunStart)
    case epoch(EpochReport)
    case finished(RunSummary)
    case failed(RunFailure)
    case cancelled(RunCancellation)

    /// The server-sent-event name.
    public var name: String {
        switch self {
        case .started: "started"
        case .epoch: "epoch"
        case .finished: "finished"
        case .failed: "failed"
        case .cancelled: "cancelled"
        }
    }

    /// Whether the session ends with this event.
    public var isFinal: Bool {
        switch self {
        case .started, .epoch: false
        case .finished, .failed, .cancelled: true
        }
    }
}

/// The run as it starts: its identity and the data to draw under the boundary.
public struct RunStart: Sendable, Equatable, Codable {
    /// The canonical query of the configuration (`RunConfiguration.queryString`).
    public var query: String
    /// A 64-bit FNV-1a hash of `query`, in hex: the run's identity in the log.
    public var configurationHash: String
    public var seed: UInt64
    public var trainCount: Int
    public var validationCount: Int
    public var parameterCount: Int
    public var classCount: Int
    /// The plotting window [x0, x1] × [y0, y1] (planar sets and the sine).
    public var window: [Double]?
    /// Up to 400 training points, as x, y and label (label 0 for the sine, where y is the target).
    public var pointsX: [Double]
    public var pointsY: [Double]
    public var pointsLabel: [Int]
}

/// One epoch, as the page draws it.
public struct EpochReport: Sendable, Equatable, Codable {
    public var epoch: Int
    public var trainLoss: Double
    public var trainAccuracy: Double?
    public var validationLoss: Double
    public var validationAccuracy: Double?
    /// The mean penalty Ω(w) over the epoch's steps.
    public var penalty: Double
    public var seconds: Double
    /// The epoch with the lowest validation loss so far (early stopping's best, when it runs).
    public var bestEpoch: Int
    /// Epochs since the best one (early stopping's wait), 0 at an improvement.
    public var epochsWithoutImprovement: Int
    /// The predicted class and its probability (percent) on a `gridSize` × `gridSize` grid over
    /// the window, row by row from y0 (planar sets only).
    public var gridSize: Int?
    public var gridClass: [Int]?
    public var gridConfidence: [Int]?
    /// The fitted curve at evenly spaced x across the window (the sine only).
    public var curve: [Double]?
    /// Histograms of the weights of each Linear layer over [−range, range].
    public var histogramRange: Double
    public var histograms: [[Int]]
}

/// How a run ended when it ran to its end or early stopping stopped it.
public struct RunSummary: Sendable, Equatable, Codable {
    public var epochs: Int
    /// The epoch early stopping stopped at, if it did.
    public var stoppedEpoch: Int?
    /// The epoch whose weights the network ends with (early stopping restores the best).
    public var restoredEpoch: Int?
    /// The final network in evaluation mode, on the training and the validation set.
    public var trainLoss: Double
    public var trainAccuracy: Double?
    public var validationLoss: Double
    public var validationAccuracy: Double?
    public var seconds: Double
    public var configurationHash: String
}

/// A run that could not go on: the library's message and a suggested cause.
public struct RunFailure: Sendable, Equatable, Codable {
    public var epoch: Int
    public var message: String
    public var suggestion: String

    public init(epoch: Int, message: String, suggestion: String) {
        (self.epoch, self.message, self.suggestion) = (epoch, message, suggestion)
    }
}

/// A run stopped by the page, a closed connection, or the server's time limit.
public struct RunCancellation: Sendable, Equatable, Codable {
    public var epochs: Int
    public var reason: String

    public init(epochs: Int, reason: String) { (self.epochs, self.reason) = (epochs, reason) }
}
