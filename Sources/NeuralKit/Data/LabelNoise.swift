extension Dataset {
    /// A copy in which exactly `round(fraction · count)` examples, chosen at random, have their
    /// label replaced by a *different* class drawn uniformly from the other `classCount − 1`
    /// (symmetric label noise). Returns the noisy set and the indices that were flipped, so an
    /// experiment can ask whether the network memorised them.
    ///
    /// - Parameter fraction: the share of labels to corrupt, in [0, 1].
    public func flippingLabels(
        fraction: Double, using generator: inout RandomGenerator
    ) throws -> (dataset: Dataset, flippedIndices: [Int]) {
        try validate(fraction, named: "fraction", in: "Dataset.flippingLabels", atLeast: 0, below: 1, upperIncluded: true)
        guard isClassification, classCount >= 2 else {
            throw DatasetError.needsClasses(operation: "flippingLabels", classCount: classCount)
        }
        let flipCount = Int((fraction * Double(count)).rounded())
        let flipped = Array(generator.permutation(count).prefix(flipCount)).sorted()
        var result = self
        for index in flipped {
            // Draw from the other classes: skip over the true label.
            let draw = generator.integer(below: classCount - 1)
            result.labels[index] = draw >= labels[index] ? draw + 1 : draw
        }
        result.targets = nil
        return (result, flipped)
    }

    /// A copy whose labels are all replaced by classes drawn uniformly at random, independent of
    /// the features: there is nothing to learn, so any training accuracy above chance is
    /// memorisation (Zhang et al., "Understanding deep learning requires rethinking
    /// generalization", ICLR 2017).
    public func randomizingLabels(using generator: inout RandomGenerator) throws -> Dataset {
        guard isClassification, classCount >= 2 else {
            throw DatasetError.needsClasses(operation: "randomizingLabels", classCount: classCount)
        }
        var result = self
        for index in 0..<count { result.labels[index] = generator.integer(below: classCount) }
        result.targets = nil
        return result
    }
}
