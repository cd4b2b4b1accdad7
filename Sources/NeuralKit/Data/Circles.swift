extension Dataset {
    /// Two concentric circles: an outer ring (class 0, radius 1) around an inner ring
    /// (class 1, radius `radiusRatio`). No line separates them; a network must bend its boundary.
    ///
    /// ```
    /// class 0: (cos t, sin t)                         t evenly spaced in [0, 2π)
    /// class 1: radiusRatio · (cos t, sin t)
    /// each point + noise · N(0, I₂), then the order is shuffled
    /// ```
    ///
    /// Class 0 gets `count / 2` points and class 1 the rest (scikit-learn's `make_circles`).
    ///
    /// - Parameters:
    ///   - count: the number of points (≥ 2).
    ///   - noise: the standard deviation of the Gaussian noise on each coordinate (≥ 0).
    ///   - radiusRatio: the inner radius relative to the outer one, in (0, 1).
    public static func circles(
        count: Int, noise: Float, radiusRatio: Float = 0.5, using generator: inout RandomGenerator
    ) throws -> Dataset {
        try validate(count, named: "count", in: "Dataset.circles", atLeast: 2)
        try validate(noise, named: "noise", in: "Dataset.circles", atLeast: 0)
        try validate(radiusRatio, named: "radiusRatio", in: "Dataset.circles", atLeast: 0, lowerIncluded: false, below: 1)
        let outerCount = count / 2
        let innerCount = count - outerCount
        var points: [Float] = []
        var labels: [Int] = []
        points.reserveCapacity(2 * count)
        for (ring, ringCount, radius) in [(0, outerCount, Float(1)), (1, innerCount, radiusRatio)] {
            for i in 0..<ringCount {
                let t = 2 * Double.pi * Double(i) / Double(ringCount)
                points.append(radius * Float(Double.cos(t)) + noise * generator.normal(Float.self))
                points.append(radius * Float(Double.sin(t)) + noise * generator.normal(Float.self))
                labels.append(ring)
            }
        }
        let dataset = Dataset(features: Tensor(rows: count, columns: 2, scalars: points), labels: labels, classCount: 2)
        return dataset.subset(generator.permutation(count))
    }
}
