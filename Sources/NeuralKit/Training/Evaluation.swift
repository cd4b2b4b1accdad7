import Preconditions

/// A network's loss and accuracy on a data set, measured in evaluation mode.
public struct Evaluation: Sendable, Equatable {
    /// The mean loss over all examples.
    public var loss: Double
    /// The share of examples whose highest-scoring class is their label; `nil` for regression.
    public var accuracy: Double?
}

extension Layer where Scalar == Float {
    /// The network's outputs for every row of `features`, computed in evaluation mode (dropout off,
    /// BatchNorm using its running statistics) in batches of `batchSize` rows. The network's
    /// phase is put back afterwards.
    public func predict(_ features: Tensor<Float>, batchSize: Int = 1024) -> Tensor<Float> {
        checkPrecondition(batchSize >= 1, "predict: batchSize = \(batchSize) must be at least 1")
        let previousPhase = phase
        eval()
        defer { setPhase(previousPhase) }
        return batchedForward(features, batchSize: batchSize)
    }

    /// The forward pass over `features` in slices of `batchSize` rows, in the current phase.
    func batchedForward(_ features: Tensor<Float>, batchSize: Int) -> Tensor<Float> {
        if features.rows <= batchSize { return forward(features) }
        var result: Tensor<Float>?
        var start = 0
        while start < features.rows {
            let end = min(start + batchSize, features.rows)
            let output = forward(features.rows(start..<end))
            if result == nil { result = Tensor(rows: features.rows, columns: output.columns) }
            result!.scalars.withUnsafeMutableBufferPointer { destination in
                output.scalars.withUnsafeBufferPointer { source in
                    (destination.baseAddress! + start * output.columns).update(from: source.baseAddress!, count: source.count)
                }
            }
            start = end
        }
        return result!
    }

    /// The predicted class of every row of `features` (the arg-max of the outputs), in evaluation mode.
    public func predictClasses(_ features: Tensor<Float>, batchSize: Int = 1024) -> [Int] {
        predict(features, batchSize: batchSize).argmaxPerRow()
    }

    /// The share of `dataset`'s examples classified correctly, in evaluation mode; NaN when the
    /// network's outputs hold NaN (from NaN features or parameters), never a made-up fraction.
    public func accuracy(on dataset: Dataset, batchSize: Int = 1024) -> Double {
        checkPrecondition(dataset.isClassification, "accuracy(on:): the data set has no class labels")
        guard dataset.count > 0 else { return 0 }
        return Self.accuracy(of: predict(dataset.features, batchSize: batchSize), labels: dataset.labels)
    }

    /// The mean loss (and accuracy, for classification) on `dataset`, in evaluation mode.
    public func evaluate(on dataset: Dataset, loss: TrainingLoss, batchSize: Int = 1024) -> Evaluation {
        checkPrecondition(dataset.count > 0, "evaluate(on:): the data set is empty")
        let output = predict(dataset.features, batchSize: batchSize)
        let result = loss(output, batch: dataset, indices: Array(0..<dataset.count))
        let accuracy = loss.isClassification && dataset.isClassification
            ? Self.accuracy(of: output, labels: dataset.labels) : nil
        return Evaluation(loss: Double(result.value), accuracy: accuracy)
    }

    /// The share of rows of `output` whose arg-max equals the label; NaN when any output is NaN.
    ///
    /// A NaN output has no arg-max (every comparison with it is false, so a row of NaN would
    /// "predict" class 0 and look right for every class-0 label): the accuracy of such a network
    /// is undefined, and a NaN here stays visible in tables and fails every claim compared with it.
    static func accuracy(of output: Tensor<Float>, labels: [Int]) -> Double {
        guard !labels.isEmpty else { return 0 }
        if output.scalars.contains(where: \.isNaN) { return .nan }
        let correct = zip(output.argmaxPerRow(), labels).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
        return Double(correct) / Double(labels.count)
    }
}
