/// Anneals the learning rate from its initial value η₀ to `minimumLearningRate` along a half cosine
/// over `maxSteps` epochs, as PyTorch's `CosineAnnealingLR(T_max, eta_min)` (closed form).
///
/// ```
/// η(e) = η_min + (η₀ − η_min) · (1 + cos(π·e / T_max)) / 2
/// ```
///
/// Past `T_max` the cosine continues (the rate rises again), as in PyTorch.
///
/// ### References
/// Loshchilov & Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017.
public final class CosineAnnealingLR<Scalar: TensorScalar>: LearningRateScheduler {
    /// T_max, the number of epochs of the half cosine.
    public let maxSteps: Int
    /// η_min.
    public let minimumLearningRate: Double
    public private(set) var epoch = 0
    private let rates: ScheduledLearningRates<Scalar>

    public init(optimizer: any Optimizer<Scalar>, maxSteps: Int, minimumLearningRate: Double = 0) throws {
        try validate(maxSteps, named: "maxSteps", in: "CosineAnnealingLR", atLeast: 1)
        try validate(minimumLearningRate, named: "minimumLearningRate", in: "CosineAnnealingLR", atLeast: 0)
        self.maxSteps = maxSteps
        self.minimumLearningRate = minimumLearningRate
        self.rates = ScheduledLearningRates(optimizer)
    }

    public func step() {
        epoch += 1
        let phase = Double.pi * Double(epoch) / Double(maxSteps)
        let etaMin = minimumLearningRate
        rates.set { base in etaMin + (base - etaMin) * (1 + Double.cos(phase)) / 2 }
    }
}
