import Preconditions

/// Element-wise arithmetic. These are the hot loops of the library: each is written once over
/// unsafe buffers and specialised for `Float` and `Double`, so a call from unoptimised code
/// still runs the optimised loop.
extension Tensor {
    @inline(__always)
    private func checkSameShape(_ other: Tensor, _ operation: String) {
        checkPrecondition(shape == other.shape, "\(operation): shapes \(shape) and \(other.shape) differ")
    }

    /// Sets every element to `value`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func fill(_ value: Scalar) {
        scalars.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices { buffer[i] = value }
        }
    }

    /// `self ← self + α·x` (BLAS's axpy).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func add(_ x: Tensor, scaledBy alpha: Scalar = 1) {
        checkSameShape(x, "add")
        scalars.withUnsafeMutableBufferPointer { y in
            x.scalars.withUnsafeBufferPointer { x in
                for i in y.indices { y[i] += alpha * x[i] }
            }
        }
    }

    /// `self ← α·self`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func scale(by alpha: Scalar) {
        scalars.withUnsafeMutableBufferPointer { y in
            for i in y.indices { y[i] *= alpha }
        }
    }

    /// `self ← self ⊙ x` (element-wise product).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func multiply(by x: Tensor) {
        checkSameShape(x, "multiply")
        scalars.withUnsafeMutableBufferPointer { y in
            x.scalars.withUnsafeBufferPointer { x in
                for i in y.indices { y[i] *= x[i] }
            }
        }
    }

    /// Adds the 1 × columns `vector` to every row (a bias).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func addToEachRow(_ vector: Tensor) {
        checkPrecondition(
            vector.rows == 1 && vector.columns == columns,
            "addToEachRow: expected a [1, \(columns)] row vector, got \(vector.shape)")
        let width = columns
        let height = rows
        scalars.withUnsafeMutableBufferPointer { y in
            vector.scalars.withUnsafeBufferPointer { v in
                var offset = 0
                for _ in 0..<height {
                    for j in 0..<width { y[offset + j] += v[j] }
                    offset += width
                }
            }
        }
    }

    /// The sum of each column as a 1 × columns tensor: `Σᵢ x[i, j]` (a bias gradient).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func columnSums() -> Tensor {
        var result = Tensor(rows: 1, columns: columns)
        let width = columns
        scalars.withUnsafeBufferPointer { x in
            result.scalars.withUnsafeMutableBufferPointer { sums in
                var offset = 0
                for _ in 0..<rows {
                    for j in 0..<width { sums[j] += x[offset + j] }
                    offset += width
                }
            }
        }
        return result
    }

    /// The sum of each row as a rows × 1 tensor.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func rowSums() -> Tensor {
        var result = Tensor(rows: rows, columns: 1)
        let width = columns
        scalars.withUnsafeBufferPointer { x in
            for i in 0..<rows {
                var total: Scalar = 0
                for j in 0..<width { total += x[i * width + j] }
                result.scalars[i] = total
            }
        }
        return result
    }

    /// The mean of each column as a 1 × columns tensor.
    public func columnMeans() -> Tensor {
        var sums = columnSums()
        sums.scale(by: 1 / Scalar(rows))
        return sums
    }

    /// `Σ x`, accumulated in `Double` so long sums do not lose precision.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func sum() -> Scalar {
        var total = 0.0
        scalars.withUnsafeBufferPointer { x in
            for value in x { total += Double(value) }
        }
        return Scalar(total)
    }

    /// `Σ x²`, accumulated in `Double`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func sumOfSquares() -> Scalar {
        var total = 0.0
        scalars.withUnsafeBufferPointer { x in
            for value in x { total += Double(value) * Double(value) }
        }
        return Scalar(total)
    }

    public func mean() -> Scalar { count == 0 ? 0 : sum() / Scalar(count) }

    /// A new tensor with `transform` applied to each element. For hot paths prefer a dedicated loop.
    public func map(_ transform: (Scalar) -> Scalar) -> Tensor {
        Tensor(rows: rows, columns: columns, scalars: scalars.map(transform)).withImageShape(of: self)
    }

    /// The index of the largest element in each row (the predicted class).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func argmaxPerRow() -> [Int] {
        var result = [Int](repeating: 0, count: rows)
        let width = columns
        scalars.withUnsafeBufferPointer { x in
            for i in 0..<rows {
                var best = 0
                var bestValue = x[i * width]
                for j in 1..<max(width, 1) where x[i * width + j] > bestValue {
                    best = j
                    bestValue = x[i * width + j]
                }
                result[i] = best
            }
        }
        return result
    }

    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
        var result = lhs
        result.add(rhs)
        return result
    }

    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
        var result = lhs
        result.add(rhs, scaledBy: -1)
        return result
    }

    /// Element-wise (Hadamard) product.
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
        var result = lhs
        result.multiply(by: rhs)
        return result
    }

    public static func * (lhs: Scalar, rhs: Tensor) -> Tensor {
        var result = rhs
        result.scale(by: lhs)
        return result
    }

    public static func += (lhs: inout Tensor, rhs: Tensor) { lhs.add(rhs) }
    public static func -= (lhs: inout Tensor, rhs: Tensor) { lhs.add(rhs, scaledBy: -1) }
}
