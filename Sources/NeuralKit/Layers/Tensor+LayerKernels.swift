import Preconditions

/// Small kernels the layers share: allocation without a wasted zero fill, and the row/column
/// reductions of bias and normalisation gradients. Each hot loop is specialised for `Float` and
/// `Double` so that layers called from other modules still run optimised code.
extension Tensor {
    /// A `rows` × `columns` tensor whose elements are left unset, for outputs that a kernel or
    /// `gemm` (with β = 0) overwrites completely. Saves the zero fill of `Tensor(rows:columns:)`.
    static func uninitialized(rows: Int, columns: Int) -> Tensor {
        let count = rows * columns
        // Float and Double are trivial types: leaving them unset until written is safe.
        let scalars = [Scalar](unsafeUninitializedCapacity: count) { _, initializedCount in
            initializedCount = count
        }
        return Tensor(rows: rows, columns: columns, scalars: scalars)
    }

    static func uninitialized(like other: Tensor) -> Tensor {
        uninitialized(rows: other.rows, columns: other.columns).withImageShape(of: other)
    }

    /// `rows` copies of the 1 × columns row vector `self` (a bias laid out for `gemm` with β = 1).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func repeatedAsRows(_ rows: Int) -> Tensor {
        checkPrecondition(self.rows == 1, "repeatedAsRows: expected a row vector, got \(shape)")
        var result = Tensor.uninitialized(rows: rows, columns: columns)
        let width = columns
        scalars.withUnsafeBufferPointer { row in
            result.scalars.withUnsafeMutableBufferPointer { destination in
                for i in 0..<rows {
                    (destination.baseAddress! + i * width).update(from: row.baseAddress!, count: width)
                }
            }
        }
        return result
    }

    /// `self ← self + Σᵢ x[i, ·]` for a 1 × columns `self` (a bias gradient: ∂L/∂b += Σ_rows ∂L/∂y).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    mutating func addColumnSums(of x: Tensor) {
        checkPrecondition(
            rows == 1 && columns == x.columns,
            "addColumnSums: expected a [1, \(x.columns)] accumulator, got \(shape)")
        let width = columns
        let height = x.rows
        guard width > 0 else { return }
        scalars.withUnsafeMutableBufferPointer { sumsBuffer in
            x.scalars.withUnsafeBufferPointer { xBuffer in
                // Plain pointers (not the closures' buffers), so that the inner loop vectorises;
                // the order of the additions, and so the result, is unchanged.
                let sums = sumsBuffer.baseAddress!
                var row = xBuffer.baseAddress!
                for _ in 0..<height {
                    for j in 0..<width { sums[j] += row[j] }
                    row += width
                }
            }
        }
    }

    /// `self ← self + Σᵢ a[i, ·] ⊙ b[i, ·]` for a 1 × columns `self` (∂L/∂γ += Σ_rows ∂L/∂y ⊙ x̂).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    mutating func addColumnSums(ofProduct a: Tensor, _ b: Tensor) {
        checkPrecondition(a.shape == b.shape, "addColumnSums(ofProduct:): shapes \(a.shape) and \(b.shape) differ")
        checkPrecondition(
            rows == 1 && columns == a.columns,
            "addColumnSums(ofProduct:): expected a [1, \(a.columns)] accumulator, got \(shape)")
        let width = columns
        let height = a.rows
        guard width > 0 else { return }
        scalars.withUnsafeMutableBufferPointer { sumsBuffer in
            a.scalars.withUnsafeBufferPointer { aBuffer in
                b.scalars.withUnsafeBufferPointer { bBuffer in
                    // Plain pointers so that the inner loop vectorises (same order of additions).
                    let sums = sumsBuffer.baseAddress!
                    var aRow = aBuffer.baseAddress!
                    var bRow = bBuffer.baseAddress!
                    for _ in 0..<height {
                        for j in 0..<width { sums[j] += aRow[j] * bRow[j] }
                        aRow += width
                        bRow += width
                    }
                }
            }
        }
    }
}
