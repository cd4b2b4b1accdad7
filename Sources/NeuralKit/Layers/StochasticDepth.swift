/// The survival probabilities of stochastic depth (Huang et al. 2016).
///
/// With the *linear decay rule* the input keeps its path for sure and the last of L residual
/// blocks survives with probability p_L (the paper uses 0.5):
///
/// ```
/// p_l = 1 − (l / L) · (1 − p_L),   l = 0 … L
/// ```
///
/// ### References
/// - G. Huang, Y. Sun, Z. Liu, D. Sedra, K. Weinberger, "Deep Networks with Stochastic Depth",
///   ECCV 2016.
public enum StochasticDepth {
    /// p_l for block `block` (l, 1-based; 0 is the input) of `blockCount` (L) blocks.
    public static func linearDecaySurvivalProbability(
        block: Int, of blockCount: Int, finalSurvivalProbability: Double
    ) throws -> Double {
        try validate(blockCount, named: "blockCount", in: "StochasticDepth", atLeast: 1)
        try validate(block, named: "block", in: "StochasticDepth", atLeast: 0, below: blockCount, upperIncluded: true)
        try validate(
            finalSurvivalProbability, named: "finalSurvivalProbability", in: "StochasticDepth",
            atLeast: 0, lowerIncluded: false, below: 1, upperIncluded: true)
        return 1 - Double(block) / Double(blockCount) * (1 - finalSurvivalProbability)
    }
}
