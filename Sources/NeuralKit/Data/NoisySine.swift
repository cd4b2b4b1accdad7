extension Dataset {
    /// A one-dimensional regression problem: a sine wave observed with Gaussian noise, the
    /// textbook setting for over- and under-fitting.
    ///
    /// ```
    /// x ~ U[range.lowerBound, range.upperBound)
    /// y = sin(x) + noise · N(0, 1)
    /// ```
    ///
    /// `features` is n × 1 (x) and `targets` is n × 1 (y); the points are in the order drawn.
    ///
    /// - Parameters:
    ///   - count: the number of points (≥ 1).
    ///   - noise: the standard deviation of the noise on y (≥ 0).
    ///   - range: the interval x is drawn from (non-empty).
    public static func noisySine(
        count: Int, noise: Float, range: Range<Float> = -Float.pi..<Float.pi,
        using generator: inout RandomGenerator
    ) throws -> Dataset {
        try validate(count, named: "count", in: "Dataset.noisySine", atLeast: 1)
        try validate(noise, named: "noise", in: "Dataset.noisySine", atLeast: 0)
        try validate(range.upperBound - range.lowerBound, named: "range width", in: "Dataset.noisySine",
                     atLeast: 0, lowerIncluded: false)
        var x = Tensor<Float>(rows: count, columns: 1)
        var y = Tensor<Float>(rows: count, columns: 1)
        for i in 0..<count {
            let input = generator.uniform(in: range)
            x[i, 0] = input
            y[i, 0] = Float.sin(input) + noise * generator.normal(Float.self)
        }
        return Dataset(features: x, targets: y)
    }
}
