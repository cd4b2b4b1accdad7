/// Summary statistics of a network's weight matrices (weights only: biases and normalisation
/// parameters are left out, as the penalties leave them out): how large they are, and how many
/// are (nearly) zero, to show what L1, L2 and early stopping do to them.
///
/// ```
/// ‖W‖₂              = √(Σ w²)                       per layer, and over all weights together
/// near-zero fraction = #{ |w| < threshold } / #w
/// exact-zero fraction = #{ w = 0 } / #w             (only a proximal L1 step makes these)
/// ```
public struct WeightStatistics: Sendable, Equatable {
    /// The statistics of one weight matrix.
    public struct Entry: Sendable, Equatable {
        /// The state-dict name (`0.weight`).
        public var name: String
        /// The number of weights.
        public var count: Int
        /// ‖W‖₂ (the Frobenius norm of the matrix).
        public var l2Norm: Double
        /// The share of weights with |w| < threshold.
        public var nearZeroFraction: Double
        /// The share of weights exactly 0.
        public var exactZeroFraction: Double
        /// max |w|.
        public var maximumMagnitude: Double
    }

    /// One entry per weight matrix, in the network's order.
    public var layers: [Entry]
    /// The threshold below which |w| counts as near zero.
    public var nearZeroThreshold: Double
    /// The number of weights in all matrices.
    public var totalCount: Int
    /// √(Σ over all weights of w²).
    public var totalL2Norm: Double
    /// The share of all weights with |w| < threshold.
    public var nearZeroFraction: Double
    /// The share of all weights exactly 0.
    public var exactZeroFraction: Double

    /// Measures the weights (`role == .weight`) of `network`.
    ///
    /// - Parameter nearZeroThreshold: |w| below this counts as near zero (≥ 0).
    public init<Scalar: TensorScalar>(of network: some Layer<Scalar>, nearZeroThreshold: Double = 1e-3) throws {
        try validate(nearZeroThreshold, named: "nearZeroThreshold", in: "WeightStatistics", atLeast: 0)
        self.nearZeroThreshold = nearZeroThreshold
        var entries: [Entry] = []
        var totalSquares = 0.0
        var totalNear = 0
        var totalExact = 0
        var totalCount = 0
        for (name, parameter) in network.namedParameters where parameter.role == .weight {
            var squares = 0.0
            var near = 0
            var exact = 0
            var maximum = 0.0
            parameter.value.withUnsafeBufferPointer { weights in
                for weight in weights {
                    let magnitude = Double(abs(weight))
                    squares += magnitude * magnitude
                    if magnitude < nearZeroThreshold { near += 1 }
                    if weight == 0 { exact += 1 }
                    maximum = max(maximum, magnitude)
                }
            }
            let count = parameter.value.count
            entries.append(Entry(
                name: name, count: count, l2Norm: squares.squareRoot(),
                nearZeroFraction: count > 0 ? Double(near) / Double(count) : 0,
                exactZeroFraction: count > 0 ? Double(exact) / Double(count) : 0,
                maximumMagnitude: maximum))
            totalSquares += squares
            totalNear += near
            totalExact += exact
            totalCount += count
        }
        self.layers = entries
        self.totalCount = totalCount
        self.totalL2Norm = totalSquares.squareRoot()
        self.nearZeroFraction = totalCount > 0 ? Double(totalNear) / Double(totalCount) : 0
        self.exactZeroFraction = totalCount > 0 ? Double(totalExact) / Double(totalCount) : 0
    }
}
