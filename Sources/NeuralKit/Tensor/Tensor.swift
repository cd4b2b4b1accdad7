import Preconditions

/// The shape of a matrix: `rows` × `columns` (batch × features for activations,
/// out × in for a `Linear` weight, as in PyTorch).
public struct Shape: Hashable, Sendable, CustomStringConvertible {
    public var rows: Int
    public var columns: Int

    public init(_ rows: Int, _ columns: Int) {
        self.rows = rows
        self.columns = columns
    }

    public var description: String { "[\(rows), \(columns)]" }
}

/// A dense, row-major matrix of `Float` or `Double`.
///
/// Element `(i, j)` lives at `scalars[i * columns + j]`. Activations are batch × features: one row
/// per example. `Tensor` is a value type (copy-on-write through its array), so a layer can keep its
/// input for the backward pass without it changing underneath.
public struct Tensor<Scalar: TensorScalar>: Equatable, Sendable {
    public private(set) var shape: Shape
    /// The elements in row-major order; `scalars.count == rows * columns` always holds.
    public internal(set) var scalars: [Scalar]
    /// For a batch of images, each row's (C, H, W): the tensor is then [N, C, H, W] with
    /// `columns == C·H·W` (see Tensor+Images.swift). `nil` for a plain matrix.
    public internal(set) var imageShape: ImageShape?

    public var rows: Int { shape.rows }
    public var columns: Int { shape.columns }
    public var count: Int { scalars.count }

    /// A `rows` × `columns` tensor filled with `value`. (Specialised: called from other files the
    /// generic version filled the array one value-witness call per element.)
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
        checkPrecondition(rows >= 0 && columns >= 0, "Tensor: negative shape [\(rows), \(columns)]")
        self.shape = Shape(rows, columns)
        self.scalars = [Scalar](repeating: value, count: rows * columns)
    }

    public init(shape: Shape, repeating value: Scalar = 0) {
        self.init(rows: shape.rows, columns: shape.columns, repeating: value)
    }

    /// A tensor over `scalars` in row-major order.
    public init(rows: Int, columns: Int, scalars: [Scalar]) {
        checkPrecondition(
            scalars.count == rows * columns,
            "Tensor: \(scalars.count) scalars cannot fill shape [\(rows), \(columns)] (needs \(rows * columns))")
        self.shape = Shape(rows, columns)
        self.scalars = scalars
    }

    /// A tensor from nested rows, e.g. `Tensor([[1, 2], [3, 4]])`.
    public init(_ nestedRows: [[Scalar]]) {
        let columns = nestedRows.first?.count ?? 0
        checkPrecondition(
            nestedRows.allSatisfy { $0.count == columns },
            "Tensor: rows of different lengths \(nestedRows.map(\.count))")
        self.init(rows: nestedRows.count, columns: columns, scalars: nestedRows.flatMap { $0 })
    }

    /// A 1 × n row vector.
    public init(rowVector: [Scalar]) {
        self.init(rows: 1, columns: rowVector.count, scalars: rowVector)
    }

    /// The same elements in `Double` or `Float`.
    public init<Other: TensorScalar>(converting other: Tensor<Other>) {
        self.init(rows: other.rows, columns: other.columns, scalars: other.scalars.map { Scalar($0) })
    }

    public static func zeros(_ rows: Int, _ columns: Int) -> Tensor {
        Tensor(rows: rows, columns: columns)
    }

    public static func zeros(like other: Tensor) -> Tensor {
        Tensor(shape: other.shape).withImageShape(of: other)
    }

    public subscript(row: Int, column: Int) -> Scalar {
        get { scalars[row * shape.columns + column] }
        set { scalars[row * shape.columns + column] = newValue }
    }

    /// The same elements seen as another shape with as many elements.
    public func reshaped(rows: Int, columns: Int) -> Tensor {
        Tensor(rows: rows, columns: columns, scalars: scalars)
    }

    /// Row `index` as a 1 × columns tensor.
    public func row(_ index: Int) -> Tensor {
        checkPrecondition(index >= 0 && index < rows, "Tensor.row: index \(index) outside 0..<\(rows)")
        let start = index * columns
        return Tensor(rows: 1, columns: columns, scalars: Array(scalars[start..<start + columns]))
    }

    /// The rows at `indices`, in that order (gathers a mini-batch).
    public func rows(at indices: [Int]) -> Tensor {
        var result = Tensor(rows: indices.count, columns: columns)
        let width = columns
        scalars.withUnsafeBufferPointer { source in
            result.scalars.withUnsafeMutableBufferPointer { destination in
                for (target, index) in indices.enumerated() {
                    checkPrecondition(index >= 0 && index < rows, "Tensor.rows(at:): index \(index) outside 0..<\(rows)")
                    let from = source.baseAddress! + index * width
                    (destination.baseAddress! + target * width).update(from: from, count: width)
                }
            }
        }
        return result.withImageShape(of: self)
    }

    /// Rows `range` as a new tensor.
    public func rows(_ range: Range<Int>) -> Tensor {
        checkPrecondition(range.lowerBound >= 0 && range.upperBound <= rows, "Tensor.rows: \(range) outside 0..<\(rows)")
        return Tensor(
            rows: range.count, columns: columns,
            scalars: Array(scalars[range.lowerBound * columns..<range.upperBound * columns])
        ).withImageShape(of: self)
    }

    /// The rows of `self` followed by the rows of `other`.
    public func concatenatingRows(_ other: Tensor) -> Tensor {
        checkPrecondition(columns == other.columns, "Tensor.concatenatingRows: \(shape) and \(other.shape) differ in columns")
        return Tensor(rows: rows + other.rows, columns: columns, scalars: scalars + other.scalars)
            .withImageShape(of: self)
    }

    /// The matrix transpose.
    public var transposed: Tensor {
        var result = Tensor(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns {
                result.scalars[j * rows + i] = scalars[i * columns + j]
            }
        }
        return result
    }

    /// Calls `body` with the elements as a mutable buffer (for kernels outside this module).
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Scalar>) throws -> R
    ) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer(body)
    }

    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    /// Whether every element is finite (no NaN, no ±∞).
    public var isFinite: Bool {
        scalars.allSatisfy { $0.isFinite }
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        if let imageShape {
            return "Tensor\(imageShape.batchDescription(rows))(\(count) scalars, first \(scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")))"
        }
        let shown = (0..<min(rows, 6)).map { i in
            (0..<min(columns, 8)).map { j in "\(self[i, j])" }.joined(separator: ", ")
        }
        return "Tensor\(shape)[\n  " + shown.joined(separator: "\n  ") + (rows > 6 ? "\n  …" : "") + "\n]"
    }
}
