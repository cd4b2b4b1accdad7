extension Dataset {
    /// A classification set where only a few of many features carry signal: the setting in which
    /// an L1 penalty, which drives useless weights to exactly zero, shines.
    ///
    /// ```
    /// x ~ N(0, I_d)                                     d = featureCount
    /// W ~ N(0, 1), a informativeCount × classCount teacher matrix (drawn first)
    /// label = argmaxₖ (x[0..<informativeCount] · W)ₖ
    /// ```
    ///
    /// The informative features are the **first** `informativeCount` columns; the remaining columns
    /// are pure noise, independent of the label. Classes are roughly (not exactly) balanced.
    ///
    /// - Parameters:
    ///   - count: the number of examples (≥ 1).
    ///   - featureCount: the total number of features d (≥ informativeCount).
    ///   - informativeCount: how many features determine the label (≥ 1).
    ///   - classCount: the number of classes (≥ 2).
    public static func sparseFeatures(
        count: Int, featureCount: Int, informativeCount: Int, classCount: Int = 2,
        using generator: inout RandomGenerator
    ) throws -> Dataset {
        try validate(count, named: "count", in: "Dataset.sparseFeatures", atLeast: 1)
        try validate(informativeCount, named: "informativeCount", in: "Dataset.sparseFeatures", atLeast: 1)
        try validate(featureCount, named: "featureCount", in: "Dataset.sparseFeatures", atLeast: informativeCount)
        try validate(classCount, named: "classCount", in: "Dataset.sparseFeatures", atLeast: 2)
        let teacher = Tensor<Float>.normal(rows: informativeCount, columns: classCount, using: &generator)
        let features = Tensor<Float>.normal(rows: count, columns: featureCount, using: &generator)
        // The scores are summed in a plain loop (not BLAS) so labels never depend on the BLAS
        // thread count.
        var labels = [Int](repeating: 0, count: count)
        for i in 0..<count {
            var best = -Double.infinity
            for k in 0..<classCount {
                var score = 0.0
                for j in 0..<informativeCount { score += Double(features[i, j]) * Double(teacher[j, k]) }
                if score > best {
                    best = score
                    labels[i] = k
                }
            }
        }
        return Dataset(features: features, labels: labels, classCount: classCount)
    }
}
