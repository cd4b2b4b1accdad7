import NeuralKit

/// The largest run the server accepts: these bound a run's memory and time. A configuration
/// beyond them is refused before anything is allocated, with a `HyperparameterError` whose owner
/// names the limit ("Playground (server limit: …)").
///
/// Memory per run is about 4 bytes × (data + 4 × parameters) plus the activations of one batch:
/// at the limits (2,000 × 64 inputs, six 256-wide layers, Adam's two moments) under 10 MB.
public struct PlaygroundLimits: Sendable, Equatable {
    public var maximumTrainCount = 2_000
    public var maximumWidth = 256
    public var maximumDepth = 6
    public var maximumEpochs = 500
    /// A run that takes longer is stopped with a message (wall-clock seconds).
    public var maximumRunSeconds = 300.0

    public init() {}

    /// What the limits say, for error messages and the page.
    public var summary: String {
        "server limit: networks up to \(maximumWidth) wide and \(maximumDepth) deep, "
            + "\(maximumTrainCount) training examples, \(maximumEpochs) epochs"
    }

    /// Throws a `HyperparameterError` naming the first setting of `configuration` beyond a limit.
    public func check(_ configuration: RunConfiguration) throws {
        let owner = "Playground (\(summary))"
        let largestSet = configuration.dataset == .digits ? Self.digitsTrainLimit : maximumTrainCount
        try validate(configuration.trainCount, named: "n (training examples)", in: owner,
                     atLeast: 10, below: min(largestSet, maximumTrainCount), upperIncluded: true)
        try validate(configuration.width, named: "width", in: owner, atLeast: 1, below: maximumWidth, upperIncluded: true)
        try validate(configuration.depth, named: "depth", in: owner, atLeast: 1, below: maximumDepth, upperIncluded: true)
        try validate(configuration.epochs, named: "epochs", in: owner, atLeast: 1, below: maximumEpochs, upperIncluded: true)
        try validate(configuration.batchSize, named: "batch", in: owner,
                     atLeast: 1, below: configuration.trainCount, upperIncluded: true)
    }

    /// The digits set has 1,797 images; the playground keeps at least 597 of them for validation.
    public static let digitsTrainLimit = 1_200
}
