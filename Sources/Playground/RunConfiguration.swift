import NeuralKit

/// Everything that decides a playground run: the data, the network, the regularisers, the
/// optimiser and the seed. Two equal configurations train bit-identical networks (one BLAS thread
/// per run), so the page's URL, which holds the whole configuration, reproduces a run exactly.
///
/// A configuration is parsed from a query string (`RunConfiguration(query:)`) and written back to
/// one (`queryString`) in a fixed key order; `defaults` fills in every key the query leaves out.
/// Parsing checks only the form of each value (a number, a known name); the ranges are checked by
/// NeuralKit's own constructors when `PreparedRun` builds the run, so the page gets the library's
/// messages, and by `PlaygroundLimits` for the sizes the server accepts.
public struct RunConfiguration: Sendable, Equatable, Hashable, Codable {
    // MARK: Data
    public var dataset: DatasetKind = .twoMoons
    /// Training examples (the validation set is as large, drawn from the same distribution).
    public var trainCount = 200
    /// The data set's coordinate noise (standard deviation; ignored for digits).
    public var dataNoise = 0.2
    /// The share of training labels replaced by a wrong class (classification only).
    public var labelNoise = 0.0

    // MARK: Network
    public var width = 64
    /// Hidden layers.
    public var depth = 2
    public var activation: ActivationKind = .relu
    public var normalization: NormalizationKind = .none

    // MARK: Regularisers (0 means off, except where said)
    /// The dropout probability after every hidden activation.
    public var dropout = 0.0
    /// The L1 penalty λ·Σ|w| added to the loss.
    public var l1 = 0.0
    /// The L2 penalty (λ/2)·Σw² added to the loss; with AdamW, the decoupled weight decay instead.
    public var l2 = 0.0
    /// Early stopping's patience in epochs; `nil` is no early stopping.
    public var patience: Int? = nil
    /// Early stopping's minimum improvement of the validation loss.
    public var minDelta = 0.0
    /// The standard deviation of Gaussian noise added to every training batch's inputs.
    public var inputNoise = 0.0
    /// Mixup's α (Beta(α, α) mixing weights).
    public var mixup = 0.0
    /// The max-norm radius c of every unit's incoming weights.
    public var maxNorm = 0.0
    /// The largest total gradient norm (clipping by norm).
    public var clipNorm = 0.0

    // MARK: Optimisation
    public var optimizer: OptimizerKind = .adam
    public var learningRate = 0.01
    public var batchSize = 32
    public var epochs = 100
    public var seed: UInt64 = 1

    public init() {}

    /// The configuration every key of a query falls back to.
    public static let defaults = RunConfiguration()
}

/// The data sets the page offers.
public enum DatasetKind: String, Sendable, CaseIterable, Codable {
    case twoMoons = "two-moons"
    case circles
    case spirals
    case noisySine = "noisy-sine"
    case digits

    /// Whether the targets are classes (every set but the sine).
    public var isClassification: Bool { self != .noisySine }
    /// Whether the inputs are points in the plane (a decision boundary can be drawn).
    public var isPlanar: Bool { self == .twoMoons || self == .circles || self == .spirals }
}

public enum ActivationKind: String, Sendable, CaseIterable, Codable {
    case relu, tanh, gelu, sigmoid
}

public enum NormalizationKind: String, Sendable, CaseIterable, Codable {
    case none
    case batchNorm = "batchnorm"
    case layerNorm = "layernorm"
}

public enum OptimizerKind: String, Sendable, CaseIterable, Codable {
    case sgd
    /// SGD with momentum 0.9.
    case momentum
    case adam
    /// Adam with decoupled weight decay: `l2` is the decay, not a penalty.
    case adamW = "adamw"
}
