import Preconditions

/// Feature standardisation: shifts and scales each column to mean 0 and standard deviation 1,
/// with the statistics taken from the **training** split only and then applied unchanged to the
/// validation and test splits (fitting on all data would leak information from them).
///
/// ```
/// μⱼ = (1/n) Σᵢ xᵢⱼ
/// σⱼ = √((1/n) Σᵢ (xᵢⱼ − μⱼ)²)        (population standard deviation, as scikit-learn)
/// x̂ᵢⱼ = (xᵢⱼ − μⱼ) / σⱼ
/// ```
///
/// A constant column (σⱼ = 0) is only centred (σⱼ is taken as 1), as scikit-learn's
/// `StandardScaler` does, so it stays 0 instead of becoming NaN.
public struct Standardizer: Sendable, Equatable {
    /// μ, one entry per feature.
    public let mean: [Float]
    /// σ, one entry per feature (1 for constant features).
    public let standardDeviation: [Float]

    /// Fits μ and σ on the rows of `features` (the training split's features).
    public init(fittingOn features: Tensor<Float>) {
        checkPrecondition(features.rows > 0, "Standardizer: cannot fit on an empty tensor \(features.shape)")
        let n = features.rows
        let d = features.columns
        var sums = [Double](repeating: 0, count: d)
        for i in 0..<n {
            for j in 0..<d { sums[j] += Double(features[i, j]) }
        }
        let means = sums.map { $0 / Double(n) }
        var squares = [Double](repeating: 0, count: d)
        for i in 0..<n {
            for j in 0..<d {
                let centered = Double(features[i, j]) - means[j]
                squares[j] += centered * centered
            }
        }
        mean = means.map { Float($0) }
        standardDeviation = squares.map { sum in
            let deviation = (sum / Double(n)).squareRoot()
            return deviation > 0 ? Float(deviation) : 1
        }
    }

    /// Fits on the training set's features.
    public init(fittingOn dataset: Dataset) {
        self.init(fittingOn: dataset.features)
    }

    /// `x̂ = (x − μ) / σ`, column by column.
    public func transform(_ features: Tensor<Float>) -> Tensor<Float> {
        checkPrecondition(
            features.columns == mean.count,
            "Standardizer.transform: fitted on \(mean.count) features, got a tensor of shape \(features.shape)")
        var result = features
        let d = features.columns
        result.withUnsafeMutableBufferPointer { x in
            for i in 0..<features.rows {
                for j in 0..<d { x[i * d + j] = (x[i * d + j] - mean[j]) / standardDeviation[j] }
            }
        }
        return result
    }

    /// The data set with standardised features (labels and targets unchanged).
    public func transform(_ dataset: Dataset) -> Dataset {
        var result = dataset
        result.features = transform(dataset.features)
        return result
    }

    /// `x = x̂·σ + μ`: back to the original units (e.g. to label a plot's axes).
    public func inverseTransform(_ standardized: Tensor<Float>) -> Tensor<Float> {
        checkPrecondition(
            standardized.columns == mean.count,
            "Standardizer.inverseTransform: fitted on \(mean.count) features, got a tensor of shape \(standardized.shape)")
        var result = standardized
        let d = standardized.columns
        result.withUnsafeMutableBufferPointer { x in
            for i in 0..<standardized.rows {
                for j in 0..<d { x[i * d + j] = x[i * d + j] * standardDeviation[j] + mean[j] }
            }
        }
        return result
    }
}

extension DataSplit {
    /// The split with every part standardised by a `Standardizer` fitted on the training part,
    /// and that standardizer (to transform new inputs, e.g. a plot's grid, the same way).
    public func standardized() -> (split: DataSplit, standardizer: Standardizer) {
        let standardizer = Standardizer(fittingOn: train)
        var result = self
        result.train = standardizer.transform(train)
        result.validation = standardizer.transform(validation)
        result.test = standardizer.transform(test)
        return (result, standardizer)
    }
}
