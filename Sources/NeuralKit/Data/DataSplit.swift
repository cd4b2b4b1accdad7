/// A data set cut into three disjoint parts: `train` to fit the parameters, `validation` to choose
/// hyperparameters and stop early, `test` to report once at the end.
public struct DataSplit: Sendable {
    public var train: Dataset
    public var validation: Dataset
    public var test: Dataset
    /// The indices into the original set of each part (disjoint; together they cover the set).
    public var trainIndices: [Int]
    public var validationIndices: [Int]
    public var testIndices: [Int]
}

extension Dataset {
    /// A random split into `trainCount` training and `validationCount` validation examples; the
    /// rest is the test set.
    ///
    /// With `stratified`, each class is split in the same proportions as the whole set (numbers
    /// rounded by the largest-remainder method, so the totals are exact). Within each part the
    /// examples are in random order.
    public func split(
        trainCount: Int, validationCount: Int, stratified: Bool = false,
        using generator: inout RandomGenerator
    ) throws -> DataSplit {
        try validate(trainCount, named: "trainCount", in: "Dataset.split", atLeast: 0)
        try validate(validationCount, named: "validationCount", in: "Dataset.split", atLeast: 0)
        guard trainCount + validationCount <= count else {
            throw DatasetError.splitTooLarge(requested: trainCount + validationCount, available: count)
        }
        var trainIndices: [Int] = []
        var validationIndices: [Int] = []
        var testIndices: [Int] = []
        if stratified {
            guard isClassification else { throw DatasetError.stratifyWithoutLabels }
            var members = [[Int]](repeating: [], count: classCount)
            for (index, label) in labels.enumerated() { members[label].append(index) }
            let sizes = members.map(\.count)
            let trainPerClass = Dataset.apportion(trainCount, proportionalTo: sizes)
            let remaining = zip(sizes, trainPerClass).map { $0 - $1 }
            let validationPerClass = Dataset.apportion(validationCount, proportionalTo: remaining)
            for label in 0..<classCount {
                var shuffled = members[label]
                generator.shuffle(&shuffled)
                let trainEnd = trainPerClass[label]
                let validationEnd = trainEnd + validationPerClass[label]
                trainIndices += shuffled[0..<trainEnd]
                validationIndices += shuffled[trainEnd..<validationEnd]
                testIndices += shuffled[validationEnd...]
            }
            generator.shuffle(&trainIndices)
            generator.shuffle(&validationIndices)
            generator.shuffle(&testIndices)
        } else {
            let order = generator.permutation(count)
            trainIndices = Array(order[0..<trainCount])
            validationIndices = Array(order[trainCount..<trainCount + validationCount])
            testIndices = Array(order[(trainCount + validationCount)...])
        }
        return DataSplit(
            train: subset(trainIndices), validation: subset(validationIndices), test: subset(testIndices),
            trainIndices: trainIndices, validationIndices: validationIndices, testIndices: testIndices)
    }

    /// A random split by fractions: `round(trainFraction · count)` training and
    /// `round(validationFraction · count)` validation examples, the rest for testing.
    public func split(
        trainFraction: Double, validationFraction: Double, stratified: Bool = false,
        using generator: inout RandomGenerator
    ) throws -> DataSplit {
        try validate(trainFraction, named: "trainFraction", in: "Dataset.split", atLeast: 0, below: 1, upperIncluded: true)
        try validate(
            validationFraction, named: "validationFraction", in: "Dataset.split", atLeast: 0, below: 1,
            upperIncluded: true)
        try validate(
            trainFraction + validationFraction, named: "trainFraction + validationFraction", in: "Dataset.split",
            atLeast: 0, below: 1, upperIncluded: true)
        let trainCount = Int((trainFraction * Double(count)).rounded())
        let validationCount = min(Int((validationFraction * Double(count)).rounded()), count - trainCount)
        return try split(
            trainCount: trainCount, validationCount: validationCount, stratified: stratified, using: &generator)
    }

    /// Splits `total` into integer shares proportional to `weights` (largest-remainder method):
    /// each share is ⌊total·wₖ/W⌋, and the leftover units go to the largest fractional parts.
    /// When `total ≤ W`, no share exceeds its weight.
    static func apportion(_ total: Int, proportionalTo weights: [Int]) -> [Int] {
        let weightSum = weights.reduce(0, +)
        guard weightSum > 0 else { return weights.map { _ in 0 } }
        var shares = weights.map { total * $0 / weightSum }
        let remainders = weights.map { total * $0 % weightSum }
        var leftover = total - shares.reduce(0, +)
        for index in remainders.indices.sorted(by: { remainders[$0] > remainders[$1] || (remainders[$0] == remainders[$1] && $0 < $1) }) {
            guard leftover > 0 else { break }
            shares[index] += 1
            leftover -= 1
        }
        return shares
    }
}
