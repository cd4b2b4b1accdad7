/// Multiplies the learning rate by `gamma` every `stepSize` epochs, as PyTorch's `StepLR`.
///
/// ```
/// η(e) = η₀ · γ^⌊e / stepSize⌋
/// ```
public final class StepLR<Scalar: TensorScalar>: LearningRateScheduler {
    public let stepSize: Int
    /// γ.
    public let gamma: Double
    public private(set) var epoch = 0
    private let rates: ScheduledLearningRates<Scalar>

    public init(optimizer: any Optimizer<Scalar>, stepSize: Int, gamma: Double = 0.1) throws {
        try validate(stepSize, named: "stepSize", in: "StepLR", atLeast: 1)
        try validate(gamma, named: "gamma", in: "StepLR", atLeast: 0, lowerIncluded: false)
        self.stepSize = stepSize
        self.gamma = gamma
        self.rates = ScheduledLearningRates(optimizer)
    }

    public func step() {
        epoch += 1
        let exponent = Double(epoch / stepSize)
        rates.set { base in base * Double.pow(gamma, exponent) }
    }
}
