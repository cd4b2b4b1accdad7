import Foundation

/// The penalty as a budget, on a problem small enough to solve exactly: two weights and the
/// quadratic data loss `L(w) = ½ (w − w*)ᵀ H (w − w*)` (the second-order picture of any loss near
/// its minimum w*). For each λ of a log grid:
///
/// ```
/// L2:  minimise L(w) + (λ/2)‖w‖²   →  (H + λI) w = H w*                  (closed form)
/// L1:  minimise L(w) + λ‖w‖₁       →  w ← S_{ηλ}(w − η H (w − w*))      (proximal gradient)
/// ```
///
/// where `S_t(u) = sign(u)·max(|u| − t, 0)` is the soft threshold. Each solution lies where a level
/// set of L touches the budget `‖w‖₂ ≤ r` (a circle) or `‖w‖₁ ≤ r` (a diamond, whose corners sit
/// on the axes, which is why L1 lands on them).
public enum RegularizationPath {
    public struct Configuration: Sendable {
        /// H, symmetric positive definite, row-major 2 × 2.
        public var curvature: [Double] = [1.0, 0.7, 0.7, 1.2]
        /// w*, the unregularised minimum.
        public var optimum: [Double] = [2.0, 0.8]
        public var lambdas: [Double] = (0...60).map { Foundation.pow(10, -2 + 3.5 * Double($0) / 60) }
        public init() {}
    }

    public struct Result: Sendable {
        public let configuration: Configuration
        public let l2Path: [[Double]]
        public let l1Path: [[Double]]
        /// The smallest λ of the grid at which the L1 solution has a weight exactly 0 (nil: none).
        public let firstL1Zero: Double?
        /// The fewest non-zero weights along the L2 path (2: L2 never zeros a weight).
        public let l2MinimumNonZero: Int

        /// L(w).
        public func dataLoss(_ w: [Double]) -> Double {
            RegularizationPath.dataLoss(w, configuration)
        }
    }

    static func dataLoss(_ w: [Double], _ c: Configuration) -> Double {
        let d = [w[0] - c.optimum[0], w[1] - c.optimum[1]]
        let h = c.curvature
        return 0.5 * (d[0] * (h[0] * d[0] + h[1] * d[1]) + d[1] * (h[2] * d[0] + h[3] * d[1]))
    }

    public static func run(_ configuration: Configuration) -> Result {
        let h = configuration.curvature
        let w0 = configuration.optimum
        let target = [h[0] * w0[0] + h[1] * w0[1], h[2] * w0[0] + h[3] * w0[1]]  // H w*
        var l2Path: [[Double]] = []
        var l1Path: [[Double]] = []
        for lambda in configuration.lambdas {
            // (H + λI) w = H w*, by Cramer's rule.
            let a = h[0] + lambda, b = h[1], c = h[2], d = h[3] + lambda
            let determinant = a * d - b * c
            l2Path.append([(d * target[0] - b * target[1]) / determinant, (a * target[1] - c * target[0]) / determinant])
            l1Path.append(proximalGradient(lambda: lambda, configuration))
        }
        let firstZero = zip(configuration.lambdas, l1Path).first { $0.1.contains(0) }?.0
        let l2NonZero = l2Path.map { $0.filter { $0 != 0 }.count }.min() ?? 2
        return Result(
            configuration: configuration, l2Path: l2Path, l1Path: l1Path, firstL1Zero: firstZero,
            l2MinimumNonZero: l2NonZero)
    }

    /// ISTA: a gradient step on L, then the soft threshold; 5000 steps reach the exact minimiser
    /// of the default, well-conditioned problem to machine precision.
    static func proximalGradient(lambda: Double, _ configuration: Configuration) -> [Double] {
        let h = configuration.curvature
        let w0 = configuration.optimum
        // below 1/λ_max(H), the step ISTA needs to converge (0.5 for the default H, λ_max ≈ 1.8)
        let largestEigenvalue = (h[0] + h[3]) / 2 + (((h[0] - h[3]) / 2) * ((h[0] - h[3]) / 2) + h[1] * h[2]).squareRoot()
        let stepSize = min(0.5, 0.9 / largestEigenvalue)
        var w = [0.0, 0.0]
        for _ in 0..<5000 {
            let d = [w[0] - w0[0], w[1] - w0[1]]
            let gradient = [h[0] * d[0] + h[1] * d[1], h[2] * d[0] + h[3] * d[1]]
            for i in 0..<2 {
                let u = w[i] - stepSize * gradient[i]
                let shrunk = abs(u) - stepSize * lambda
                w[i] = shrunk > 0 ? (u > 0 ? shrunk : -shrunk) : 0
            }
        }
        return w
    }
}
