import Preconditions

/// Draws 0/1 masks for dropout, fast: each 64-bit output of the generator gives two 32-bit
/// chunks `u`, and an element is kept (mask 1) when `u < threshold`, with
///
/// ```
/// threshold = round(keepProbability · 2³²),   P(keep) = threshold / 2³²
/// ```
///
/// so P(keep) equals `keepProbability` to within 2⁻³³, with no floating-point work per element.
/// This runs every training step, so it writes into the caller's buffer and allocates nothing.
struct BernoulliMaskSampler: Sendable {
    let keepProbability: Double
    /// Up to 2³² (keep everything), hence 64 bits.
    let threshold: UInt64

    init(keepProbability: Double) {
        checkPrecondition(
            keepProbability >= 0 && keepProbability <= 1,
            "BernoulliMaskSampler: keepProbability \(keepProbability) is outside [0, 1]")
        self.keepProbability = keepProbability
        self.threshold = UInt64((keepProbability * 0x1p32).rounded())
    }

    /// Fills `mask` with independent draws: 1 with probability `keepProbability`, else 0.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func fill<Scalar: TensorScalar>(_ mask: UnsafeMutableBufferPointer<Scalar>, using generator: inout RandomGenerator) {
        let threshold = self.threshold
        let count = mask.count
        var i = 0
        while i + 1 < count {
            let bits = generator.next()
            mask[i] = Self.isBelow(bits & 0xffff_ffff, threshold)
            mask[i + 1] = Self.isBelow(bits >> 32, threshold)
            i += 2
        }
        if i < count {
            mask[i] = Self.isBelow(generator.next() & 0xffff_ffff, threshold)
        }
    }

    /// 1 if `chunk < threshold`, else 0, without a branch (a branch would mispredict on about
    /// half of the elements): both are below 2³³, so `chunk − threshold` wraps around, setting
    /// the top bit, exactly when `chunk < threshold`.
    @inline(__always)
    private static func isBelow<Scalar: TensorScalar>(_ chunk: UInt64, _ threshold: UInt64) -> Scalar {
        Scalar(Int(truncatingIfNeeded: (chunk &- threshold) >> 63))
    }

    /// Resizes `mask` to `shape` (reusing its storage when the shape is unchanged) and fills it.
    func fill<Scalar: TensorScalar>(_ mask: inout Tensor<Scalar>, shape: Shape, using generator: inout RandomGenerator) {
        if mask.shape != shape {
            mask = Tensor.uninitialized(rows: shape.rows, columns: shape.columns)
        }
        mask.withUnsafeMutableBufferPointer { buffer in
            fill(buffer, using: &generator)
        }
    }
}
