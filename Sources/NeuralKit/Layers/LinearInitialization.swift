/// How a `Linear` layer draws its starting weights. `fanIn` is the input size, `fanOut` the output
/// size. The three families differ in the variance they aim to keep constant from layer to layer.
///
/// | case | weight | bias |
/// |---|---|---|
/// | `pytorchDefault` | U(−1/√fanIn, 1/√fanIn) | U(−1/√fanIn, 1/√fanIn) |
/// | `kaimingUniform` | U(−√(6/fanIn), √(6/fanIn)) | 0 |
/// | `kaimingNormal`  | N(0, 2/fanIn) | 0 |
/// | `xavierUniform`  | U(−√(6/(fanIn+fanOut)), √(6/(fanIn+fanOut))) | 0 |
/// | `xavierNormal`   | N(0, 2/(fanIn+fanOut)) | 0 |
///
/// `pytorchDefault` is what `torch.nn.Linear` does (`kaiming_uniform_(a=√5)` for the weight, which
/// works out to the bound 1/√fanIn). The Kaiming (He) rules use the ReLU gain √2 and keep the
/// variance of activations through ReLU layers; the Xavier (Glorot) rules keep the variance of
/// both activations and gradients for symmetric activations such as tanh.
///
/// Draw order (for reproducibility): all weight elements row by row ([out, in]), then the bias.
///
/// ### References
/// - K. He, X. Zhang, S. Ren, J. Sun, "Delving Deep into Rectifiers", ICCV 2015.
/// - X. Glorot, Y. Bengio, "Understanding the difficulty of training deep feedforward neural
///   networks", AISTATS 2010.
public enum LinearInitialization: String, Sendable, CaseIterable {
    case pytorchDefault
    case kaimingUniform
    case kaimingNormal
    case xavierUniform
    case xavierNormal
}

extension LinearInitialization {
    /// The weight distribution's bound (uniform rules) or standard deviation (normal rules).
    func weightSpread(fanIn: Int, fanOut: Int) -> Double {
        let fanIn = Double(fanIn)
        let fanOut = Double(fanOut)
        switch self {
        case .pytorchDefault: return 1 / fanIn.squareRoot()
        case .kaimingUniform: return (6 / fanIn).squareRoot()
        case .kaimingNormal: return (2 / fanIn).squareRoot()
        case .xavierUniform: return (6 / (fanIn + fanOut)).squareRoot()
        case .xavierNormal: return (2 / (fanIn + fanOut)).squareRoot()
        }
    }

    /// A `rows` × `columns` weight matrix drawn by this rule.
    func weight<Scalar: TensorScalar>(
        rows: Int, columns: Int, using generator: inout RandomGenerator
    ) -> Tensor<Scalar> {
        let spread = weightSpread(fanIn: columns, fanOut: rows)
        switch self {
        case .pytorchDefault, .kaimingUniform, .xavierUniform:
            let bound = Scalar(spread)
            return Tensor.uniform(rows: rows, columns: columns, in: -bound..<bound, using: &generator)
        case .kaimingNormal, .xavierNormal:
            return Tensor.normal(
                rows: rows, columns: columns, mean: 0, standardDeviation: Scalar(spread), using: &generator)
        }
    }

    /// A 1 × `outputSize` bias drawn by this rule (zero except for `pytorchDefault`).
    func bias<Scalar: TensorScalar>(
        fanIn: Int, outputSize: Int, using generator: inout RandomGenerator
    ) -> Tensor<Scalar> {
        switch self {
        case .pytorchDefault:
            let bound = Scalar(1 / Double(fanIn).squareRoot())
            return Tensor.uniform(rows: 1, columns: outputSize, in: -bound..<bound, using: &generator)
        case .kaimingUniform, .kaimingNormal, .xavierUniform, .xavierNormal:
            return Tensor(rows: 1, columns: outputSize)
        }
    }
}
