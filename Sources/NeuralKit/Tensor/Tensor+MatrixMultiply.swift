import Preconditions

extension Tensor {
    /// `C = op(A)·op(B)` through BLAS `gemm`, where `op` transposes when asked.
    ///
    /// A layer's forward and backward passes are three of these:
    /// `y = x·Wᵀ`, `∂L/∂x = ∂L/∂y · W`, `∂L/∂W = (∂L/∂y)ᵀ · x`.
    public static func matmul(
        _ a: Tensor, transposed transposeA: Bool = false,
        _ b: Tensor, transposed transposeB: Bool = false
    ) -> Tensor {
        let m = transposeA ? a.columns : a.rows
        let n = transposeB ? b.rows : b.columns
        var c = Tensor(rows: m, columns: n)
        matmul(a, transposed: transposeA, b, transposed: transposeB, into: &c, accumulate: false)
        return c
    }

    /// `C ← op(A)·op(B)` (or `C ← C + op(A)·op(B)` when `accumulate`), reusing `C`'s storage.
    public static func matmul(
        _ a: Tensor, transposed transposeA: Bool = false,
        _ b: Tensor, transposed transposeB: Bool = false,
        into c: inout Tensor, accumulate: Bool = false
    ) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kB = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        checkPrecondition(
            k == kB,
            "matmul: inner dimensions differ: op(A) is [\(m), \(k)] and op(B) is [\(kB), \(n)] (A \(a.shape), B \(b.shape))")
        checkPrecondition(c.rows == m && c.columns == n, "matmul: output is \(c.shape) but the product is [\(m), \(n)]")
        if m == 0 || n == 0 { return }
        if k == 0 {
            if !accumulate { c.fill(0) }
            return
        }
        a.scalars.withUnsafeBufferPointer { aBuffer in
            b.scalars.withUnsafeBufferPointer { bBuffer in
                c.scalars.withUnsafeMutableBufferPointer { cBuffer in
                    Scalar.gemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                        alpha: 1, a: aBuffer.baseAddress!, lda: a.columns,
                        b: bBuffer.baseAddress!, ldb: b.columns,
                        beta: accumulate ? 1 : 0, c: cBuffer.baseAddress!, ldc: n)
                }
            }
        }
    }
}
