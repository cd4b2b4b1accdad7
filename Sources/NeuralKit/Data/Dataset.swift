import Preconditions

/// A supervised data set: `count` examples as the rows of `features`, each with a class label
/// (classification) or a row of `targets` (regression, or soft class targets after mixup).
///
/// ```
/// features  n × d   one example per row
/// labels    n       class indices in 0..<classCount      (empty for regression)
/// targets   n × k   regression values, or soft targets    (nil for plain classification)
/// ```
///
/// A `Dataset` is a value: splitting, standardising or adding label noise returns a new one.
public struct Dataset: Sendable, Equatable {
    /// The inputs, one example per row.
    public var features: Tensor<Float>
    /// The class of each example, in `0..<classCount`; empty for a regression set.
    public var labels: [Int]
    /// The number of classes; 0 for a regression set.
    public var classCount: Int
    /// Regression targets (n × outputs), or soft class targets (n × classCount, rows summing to 1)
    /// made by mixup; `nil` for a classification set with hard labels only.
    public var targets: Tensor<Float>?

    /// A classification set. Labels must lie in `0..<classCount`, one per row of `features`.
    public init(features: Tensor<Float>, labels: [Int], classCount: Int) {
        checkPrecondition(
            labels.count == features.rows,
            "Dataset: \(labels.count) labels for \(features.rows) feature rows; give one label per row")
        checkPrecondition(classCount >= 1, "Dataset: classCount = \(classCount); a classification set needs at least 1 class")
        if let bad = labels.first(where: { $0 < 0 || $0 >= classCount }) {
            failPrecondition("Dataset: label \(bad) is outside 0..<\(classCount)")
        }
        self.features = features
        self.labels = labels
        self.classCount = classCount
        self.targets = nil
    }

    /// A regression set: one row of `targets` per row of `features`.
    public init(features: Tensor<Float>, targets: Tensor<Float>) {
        checkPrecondition(
            targets.rows == features.rows,
            "Dataset: \(targets.rows) target rows for \(features.rows) feature rows; give one target row per example")
        self.features = features
        self.labels = []
        self.classCount = 0
        self.targets = targets
    }

    /// A classification set with soft targets (rows of class probabilities, e.g. after mixup);
    /// `labels` holds each example's dominant class, used for accuracy.
    public init(features: Tensor<Float>, labels: [Int], softTargets: Tensor<Float>) {
        checkPrecondition(
            softTargets.rows == features.rows && softTargets.columns >= 1,
            "Dataset: soft targets \(softTargets.shape) do not match \(features.rows) feature rows")
        self.init(features: features, labels: labels, classCount: softTargets.columns)
        self.targets = softTargets
    }

    /// The number of examples.
    public var count: Int { features.rows }

    /// The number of input features (d).
    public var featureCount: Int { features.columns }

    /// Whether the examples carry class labels (otherwise they carry regression targets).
    public var isClassification: Bool { classCount > 0 }

    /// The examples at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Dataset {
        var result = self
        result.features = features.rows(at: indices)
        if isClassification { result.labels = indices.map { labels[$0] } }
        result.targets = targets?.rows(at: indices)
        return result
    }

    /// How many examples each class has (`counts[c]` for class c).
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[label] += 1 }
        return counts
    }

    /// The targets a classification loss compares against: the soft targets when present,
    /// otherwise the one-hot encoding of the labels (`y[i, labels[i]] = 1`).
    public var probabilityTargets: Tensor<Float> {
        checkPrecondition(isClassification, "Dataset.probabilityTargets: a regression set has no class targets")
        if let targets { return targets }
        return Dataset.oneHot(labels, classCount: classCount)
    }

    /// The one-hot encoding of `labels` as a labels.count × classCount tensor.
    public static func oneHot(_ labels: [Int], classCount: Int) -> Tensor<Float> {
        var result = Tensor<Float>(rows: labels.count, columns: classCount)
        for (row, label) in labels.enumerated() {
            checkPrecondition(label >= 0 && label < classCount, "Dataset.oneHot: label \(label) is outside 0..<\(classCount)")
            result[row, label] = 1
        }
        return result
    }
}
