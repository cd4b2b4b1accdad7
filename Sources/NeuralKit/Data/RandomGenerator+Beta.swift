import Preconditions

extension RandomGenerator {
    /// A draw from the Beta(a, b) distribution on [0, 1], the distribution of mixup's λ.
    ///
    /// ```
    /// X ~ Gamma(a, 1),  Y ~ Gamma(b, 1)   ⇒   X / (X + Y) ~ Beta(a, b)
    /// ```
    ///
    /// The two Gamma draws are made in log space, so tiny shapes (a = 0.1, whose Gamma draws
    /// often underflow to 0) still give a proper λ near 0 or 1 rather than 0/0.
    public mutating func beta(_ a: Double, _ b: Double) -> Double {
        checkPrecondition(a > 0 && b > 0, "RandomGenerator.beta: shapes must be positive, got a = \(a), b = \(b)")
        let logX = logGamma(shape: a)
        let logY = logGamma(shape: b)
        // X / (X + Y) = 1 / (1 + exp(log Y − log X))
        return 1 / (1 + Double.exp(logY - logX))
    }

    /// A draw from Gamma(shape, 1) (Marsaglia & Tsang, 2000).
    public mutating func gamma(shape: Double) -> Double {
        Double.exp(logGamma(shape: shape))
    }

    /// The logarithm of a Gamma(shape, 1) draw.
    ///
    /// For shape ≥ 1, Marsaglia–Tsang's squeeze-and-reject method:
    /// ```
    /// d = shape − 1/3,  c = 1/√(9d)
    /// repeat: z ~ N(0, 1), v = (1 + c·z)³, u ~ U(0, 1)
    /// until v > 0 and ln u < z²/2 + d − d·v + d·ln v;   return d·v
    /// ```
    /// For shape < 1, the boost `Gamma(shape) = Gamma(shape + 1) · U^(1/shape)`.
    ///
    /// ### References
    /// - G. Marsaglia, W. W. Tsang, "A simple method for generating gamma variables",
    ///   ACM TOMS 26(3), 2000.
    mutating func logGamma(shape: Double) -> Double {
        checkPrecondition(shape > 0, "RandomGenerator.gamma: shape must be positive, got \(shape)")
        if shape < 1 {
            let u = 1 - uniform(Double.self)  // in (0, 1], so ln u is finite
            return logGamma(shape: shape + 1) + Double.log(u) / shape
        }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            let z: Double = normal(Double.self)
            let root = 1 + c * z
            guard root > 0 else { continue }
            let v = root * root * root
            let u = 1 - uniform(Double.self)
            if u < 1 - 0.0331 * z * z * z * z { return Double.log(d * v) }
            if Double.log(u) < 0.5 * z * z + d - d * v + d * Double.log(v) { return Double.log(d * v) }
        }
    }
}
