extension Dataset {
    /// Isotropic Gaussian clusters, one per class.
    ///
    /// ```
    /// centre μₖ ~ U[−centerBox, centerBox)^d           (drawn first, one per class)
    /// x = μₖ + standardDeviation · N(0, I_d)           for each point of class k
    /// ```
    ///
    /// Class k gets `count / classCount` points, and the first `count % classCount` classes one
    /// more. The order is shuffled (scikit-learn's `make_blobs`).
    ///
    /// - Parameters:
    ///   - count: the number of points (≥ classCount).
    ///   - classCount: the number of clusters (≥ 1).
    ///   - featureCount: the dimension d of each point (≥ 1).
    ///   - standardDeviation: the spread of each cluster (≥ 0).
    ///   - centerBox: the centres are drawn from [−centerBox, centerBox) in each coordinate (> 0).
    public static func gaussianBlobs(
        count: Int, classCount: Int = 3, featureCount: Int = 2, standardDeviation: Float = 1,
        centerBox: Float = 10, using generator: inout RandomGenerator
    ) throws -> Dataset {
        try validate(classCount, named: "classCount", in: "Dataset.gaussianBlobs", atLeast: 1)
        try validate(count, named: "count", in: "Dataset.gaussianBlobs", atLeast: classCount)
        try validate(featureCount, named: "featureCount", in: "Dataset.gaussianBlobs", atLeast: 1)
        try validate(standardDeviation, named: "standardDeviation", in: "Dataset.gaussianBlobs", atLeast: 0)
        try validate(centerBox, named: "centerBox", in: "Dataset.gaussianBlobs", atLeast: 0, lowerIncluded: false)
        let centers = Tensor<Float>.uniform(
            rows: classCount, columns: featureCount, in: -centerBox..<centerBox, using: &generator)
        var points: [Float] = []
        var labels: [Int] = []
        points.reserveCapacity(count * featureCount)
        for cluster in 0..<classCount {
            let clusterCount = count / classCount + (cluster < count % classCount ? 1 : 0)
            for _ in 0..<clusterCount {
                for j in 0..<featureCount {
                    points.append(centers[cluster, j] + standardDeviation * generator.normal(Float.self))
                }
                labels.append(cluster)
            }
        }
        let dataset = Dataset(
            features: Tensor(rows: count, columns: featureCount, scalars: points), labels: labels,
            classCount: classCount)
        return dataset.subset(generator.permutation(count))
    }
}
