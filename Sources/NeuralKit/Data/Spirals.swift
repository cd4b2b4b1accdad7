extension Dataset {
    /// Interleaved spiral arms, one per class (the CS231n toy problem): hard for a linear model,
    /// easy for a small MLP with enough hidden units.
    ///
    /// ```
    /// arm k, point i:  r = i / (m − 1)                     m points per arm
    ///                  θ = 2π·turns·r + 2π·k / classCount
    ///                  x = r·(cos θ, sin θ) + noise · N(0, I₂)
    /// ```
    ///
    /// Arm k gets `count / classCount` points, and the first `count % classCount` arms one more.
    /// The order is shuffled.
    ///
    /// - Parameters:
    ///   - count: the number of points (≥ 2·classCount).
    ///   - classCount: the number of arms (≥ 2).
    ///   - turns: how many full turns each arm makes (> 0).
    ///   - noise: the standard deviation of the Gaussian noise on each coordinate (≥ 0).
    public static func spirals(
        count: Int, classCount: Int = 3, turns: Float = 1, noise: Float,
        using generator: inout RandomGenerator
    ) throws -> Dataset {
        try validate(classCount, named: "classCount", in: "Dataset.spirals", atLeast: 2)
        try validate(count, named: "count", in: "Dataset.spirals", atLeast: 2 * classCount)
        try validate(turns, named: "turns", in: "Dataset.spirals", atLeast: 0, lowerIncluded: false)
        try validate(noise, named: "noise", in: "Dataset.spirals", atLeast: 0)
        var points: [Float] = []
        var labels: [Int] = []
        points.reserveCapacity(2 * count)
        for arm in 0..<classCount {
            let armCount = count / classCount + (arm < count % classCount ? 1 : 0)
            for i in 0..<armCount {
                let r = Double(i) / Double(armCount - 1)
                let theta = 2 * Double.pi * Double(turns) * r + 2 * Double.pi * Double(arm) / Double(classCount)
                points.append(Float(r * Double.cos(theta)) + noise * generator.normal(Float.self))
                points.append(Float(r * Double.sin(theta)) + noise * generator.normal(Float.self))
                labels.append(arm)
            }
        }
        let dataset = Dataset(
            features: Tensor(rows: count, columns: 2, scalars: points), labels: labels, classCount: classCount)
        return dataset.subset(generator.permutation(count))
    }
}
