import NeuralKit

/// One network fitted to one noisy-sine training set with full-batch Adam, watching the
/// validation loss after every epoch and keeping a copy of the network at its minimum.
public struct SineFit: Sendable {
    /// Per-epoch training and validation loss (mean squared error).
    public let history: TrainingHistory
    /// The inputs the fitted curves were evaluated at.
    public let curveInputs: [Double]
    /// The network's predictions at `curveInputs` after the last epoch.
    public let finalCurve: [Double]
    /// The predictions at `curveInputs` of the network as it was at the validation minimum
    /// (the final curve without a validation set).
    public let bestCurve: [Double]
    /// The predictions at `curveInputs` after the epochs asked for (`snapshotEpochs`), in order.
    public let snapshots: [(epoch: Int, curve: [Double])]

    /// The epoch with the lowest validation loss (counting from 1).
    public var bestEpoch: Int { history.bestValidationEpoch?.epoch ?? history.epochs.count }
    public var bestValidationLoss: Double { history.bestValidationEpoch?.validationLoss ?? .nan }
    public var finalValidationLoss: Double { history.validationLoss.last ?? .nan }
    public var finalTrainLoss: Double { history.trainLoss.last! }
    /// The training loss in the epoch of the validation minimum.
    public var trainLossAtBest: Double { history.trainLoss[bestEpoch - 1] }

    /// Trains `MLP sizes` (ReLU, no regularisation) for `epochs` full-batch Adam steps.
    static func train(
        sizes: [Int], on train: Dataset, validation: Dataset?, epochs: Int, learningRate: Double,
        seed: UInt64, curveAt curveInputs: [Double] = [], snapshotEpochs: Set<Int> = [],
        progress: ((EpochRecord) -> Void)? = nil
    ) throws -> SineFit {
        let network = try MultilayerPerceptron.make(sizes: sizes, dropout: 0, seed: seed)
        // snippet: divergence-training
        let optimizer = try Adam<Float>(parameters: network.parameters, learningRate: learningRate)
        let trainer = try Trainer(
            network: network, optimizer: optimizer, loss: .meanSquaredError,
            batchSize: train.count, seed: seed)  // full batch: one step per epoch
        var best = (loss: Double.infinity, snapshot: NetworkSnapshot<Float>?.none)
        trainer.endOfEpoch = { record in
            // keep a copy of the network whenever the validation loss reaches a new minimum
            if let loss = record.validationLoss, loss < best.loss {
                best = (loss, NetworkSnapshot(of: network))
            }
        }
        // end-snippet
        var snapshots: [(epoch: Int, curve: [Double])] = []
        trainer.onEpoch = { record in
            if snapshotEpochs.contains(record.epoch) {
                snapshots.append((record.epoch, SineProblem.predictions(of: network, at: curveInputs)))
            }
            progress?(record)
        }
        let history = try trainer.fit(on: train, validation: validation, epochs: epochs)
        let finalCurve = SineProblem.predictions(of: network, at: curveInputs)
        best.snapshot?.restore(into: network)
        let bestCurve = SineProblem.predictions(of: network, at: curveInputs)
        return SineFit(
            history: history, curveInputs: curveInputs, finalCurve: finalCurve, bestCurve: bestCurve,
            snapshots: snapshots)
    }
}
