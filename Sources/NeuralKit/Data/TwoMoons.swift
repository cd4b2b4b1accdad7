extension Dataset {
    /// Two interleaving half circles ("two moons"), a classic non-linearly separable problem.
    ///
    /// ```
    /// class 0 (upper moon): (cos t, sin t)              t evenly spaced in [0, π]
    /// class 1 (lower moon): (1 − cos t, 1 − sin t − ½)
    /// each point + noise · N(0, I₂), then the order is shuffled
    /// ```
    ///
    /// Class 0 gets `count / 2` points and class 1 the rest, so the classes differ by at most one.
    /// The construction follows scikit-learn's `make_moons`.
    ///
    /// - Parameters:
    ///   - count: the number of points (≥ 2).
    ///   - noise: the standard deviation of the Gaussian noise added to each coordinate (≥ 0).
    public static func twoMoons(count: Int, noise: Float, using generator: inout RandomGenerator) throws -> Dataset {
        try validate(count, named: "count", in: "Dataset.twoMoons", atLeast: 2)
        try validate(noise, named: "noise", in: "Dataset.twoMoons", atLeast: 0)
        let upperCount = count / 2
        let lowerCount = count - upperCount
        var points: [Float] = []
        var labels: [Int] = []
        points.reserveCapacity(2 * count)
        for (moon, moonCount) in [(0, upperCount), (1, lowerCount)] {
            for i in 0..<moonCount {
                let t = Double.pi * Double(i) / Double(max(moonCount - 1, 1))
                let x = moon == 0 ? Double.cos(t) : 1 - Double.cos(t)
                let y = moon == 0 ? Double.sin(t) : 1 - Double.sin(t) - 0.5
                points.append(Float(x) + noise * generator.normal(Float.self))
                points.append(Float(y) + noise * generator.normal(Float.self))
                labels.append(moon)
            }
        }
        let dataset = Dataset(features: Tensor(rows: count, columns: 2, scalars: points), labels: labels, classCount: 2)
        return dataset.subset(generator.permutation(count))
    }
}
