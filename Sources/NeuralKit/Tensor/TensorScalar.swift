import CBLAS
import RealModule

/// The element types a `Tensor` can hold: `Float` for training and `Double` for gradient checks.
///
/// Each conforming type routes matrix multiplication to the matching BLAS routine
/// (`cblas_sgemm` for `Float`, `cblas_dgemm` for `Double`); everything else is written once,
/// generically, and specialised for both types with `@_specialize`.
public protocol TensorScalar: BinaryFloatingPoint, Real, Sendable, Codable, CustomStringConvertible
where RawSignificand: FixedWidthInteger {
    /// `C ← α·op(A)·op(B) + β·C` for row-major matrices, where `op` transposes when asked.
    ///
    /// - Parameters:
    ///   - m, n, k: `op(A)` is m×k, `op(B)` is k×n, `C` is m×n.
    ///   - lda, ldb, ldc: the row strides of `A`, `B` and `C` as stored.
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

    /// The PRNG draws a scalar uniformly in [0, 1) from 64 random bits.
    static func unitInterval(from bits: UInt64) -> Self

    /// The name used in safetensors headers (`F32`, `F64`).
    static var safetensorsDType: String { get }
}

extension Float: TensorScalar {
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// The top 24 bits give every representable multiple of 2⁻²⁴ in [0, 1) with equal probability.
    @inline(__always)
    public static func unitInterval(from bits: UInt64) -> Float {
        Float(bits >> 40) * 0x1p-24
    }

    public static var safetensorsDType: String { "F32" }
}

extension Double: TensorScalar {
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// The top 53 bits give every representable multiple of 2⁻⁵³ in [0, 1) with equal probability.
    @inline(__always)
    public static func unitInterval(from bits: UInt64) -> Double {
        Double(bits >> 11) * 0x1p-53
    }

    public static var safetensorsDType: String { "F64" }
}

/// BLAS threading. Results of `sgemm` depend on the thread count, so runs that must be
/// bit-for-bit reproducible fix it (the lessons and tests use one thread).
public enum BLAS {
    public static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(count))
    }

    public static var threadCount: Int { Int(openblas_get_num_threads()) }
}
