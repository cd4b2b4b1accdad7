import Preconditions

/// Max pooling, `torch.nn.MaxPool2d(kernel_size, stride)` (no padding, dilation 1, floor mode):
/// each output pixel is the largest input in its window, channel by channel.
///
/// ```
/// forward:   y[n, c, oh, ow] = max_{i,j} x[n, c, oh·s + i, ow·s + j]     (argmax a[n, c, oh, ow] kept)
/// backward:  ∂L/∂x[n, c, a] += ∂L/∂y[n, c, oh, ow]                      (zero elsewhere)
/// ```
/// Ties go to the first maximum in row-major window order, as in PyTorch; NaN wins (propagates).
public final class MaxPool2d<Scalar: TensorScalar>: Layer, CustomStringConvertible {
    public let kernelSize: Int
    public let stride: Int
    public var phase: LearningPhase = .training

    private var inputShape: (rows: Int, image: ImageShape)?
    /// For each output element, the index of its maximum within the input channel plane.
    private var argmax: [Int32] = []

    /// - Parameters:
    ///   - kernelSize: the window side k ≥ 1.
    ///   - stride: the step between windows (default: the kernel size, as in PyTorch).
    public init(kernelSize: Int, stride: Int? = nil) {
        let stride = stride ?? kernelSize
        checkPrecondition(
            kernelSize > 0 && stride > 0,
            "MaxPool2d(kernel \(kernelSize), stride \(stride)): kernel size and stride must be positive")
        self.kernelSize = kernelSize
        self.stride = stride
    }

    public var description: String { "MaxPool2d(kernel \(kernelSize), stride \(stride))" }

    func geometry(for shape: ImageShape) -> ConvolutionGeometry {
        let g = ConvolutionGeometry(input: shape, kernelHeight: kernelSize, kernelWidth: kernelSize, stride: stride, padding: 0)
        checkPrecondition(
            g.fits, "\(self): a \(kernelSize)×\(kernelSize) window does not fit input images \(shape); use a smaller kernel")
        return g
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        let shape = input.requireImages(for: description)
        let g = geometry(for: shape)
        inputShape = (input.rows, shape)
        let planes = input.rows * shape.channels
        let (height, width, outHeight, outWidth) = (shape.height, shape.width, g.outputHeight, g.outputWidth)
        let (k, s) = (kernelSize, stride)
        var output = Tensor<Scalar>.uninitialized(rows: input.rows, columns: shape.channels * g.outputPlane)
            .asImages(ImageShape(channels: shape.channels, height: outHeight, width: outWidth))
        if argmax.count != output.count { argmax = [Int32](repeating: 0, count: output.count) }
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                argmax.withUnsafeMutableBufferPointer { a in
                    for plane in 0..<planes {
                        let source = x.baseAddress! + plane * height * width
                        let target = plane * outHeight * outWidth
                        if k == 2 && s == 2 && Scalar.self == Float.self {
                            // The same memory, read as the Float it is (Scalar is Float here).
                            MaxPool2x2Float.pool(
                                UnsafeRawPointer(source).assumingMemoryBound(to: Float.self), width: width,
                                outHeight: outHeight, outWidth: outWidth,
                                into: UnsafeMutableRawPointer(y.baseAddress! + target).assumingMemoryBound(to: Float.self),
                                argmax: a.baseAddress! + target)
                            continue
                        }
                        if k == 2 && s == 2 {
                            Self.pool2x2(source, width: width, outHeight: outHeight, outWidth: outWidth,
                                         into: y.baseAddress! + target, argmax: a.baseAddress! + target)
                            continue
                        }
                        for oh in 0..<outHeight {
                            for ow in 0..<outWidth {
                                var best = (oh * s) * width + ow * s
                                var bestValue = source[best]
                                for i in 0..<k {
                                    let row = (oh * s + i) * width + ow * s
                                    for j in 0..<k {
                                        let value = source[row + j]
                                        let takes = Self.takes(value, over: bestValue)
                                        best = takes ? row + j : best
                                        bestValue = takes ? value : bestValue
                                    }
                                }
                                y[target + oh * outWidth + ow] = bestValue
                                a[target + oh * outWidth + ow] = Int32(best)
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    /// The common 2×2, stride-2 pool of one plane, window by window.
    @inline(__always)
    private static func pool2x2(
        _ source: UnsafePointer<Scalar>, width: Int, outHeight: Int, outWidth: Int,
        into y: UnsafeMutablePointer<Scalar>, argmax a: UnsafeMutablePointer<Int32>
    ) {
        for oh in 0..<outHeight {
            let rows = WindowRows(source, width: width, outputRow: oh)
            for ow in 0..<outWidth {
                (y[oh * outWidth + ow], a[oh * outWidth + ow]) = window2x2(rows, outputColumn: ow)
            }
        }
    }

    /// The two input rows under output row `oh` of a 2×2, stride-2 pool: pointers to their first
    /// pixels and those pixels' indices in the plane. Indices are Int32 with wrapping arithmetic
    /// (a plane has far fewer than 2³¹ pixels), so the loops have no overflow checks.
    struct WindowRows {
        let top: UnsafePointer<Scalar>
        let bottom: UnsafePointer<Scalar>
        let topIndex: Int32
        let bottomIndex: Int32

        @inline(__always)
        init(_ source: UnsafePointer<Scalar>, width: Int, outputRow oh: Int) {
            top = source + 2 * oh * width
            bottom = top + width
            topIndex = Int32(truncatingIfNeeded: 2 * oh * width)
            bottomIndex = topIndex &+ Int32(truncatingIfNeeded: width)
        }
    }

    /// The 2×2 window of output column `ow` over `rows`: its maximum and that maximum's index in
    /// the plane, by the same first-maximum and NaN rule as the general loop. It is found as the
    /// SIMD pool (`MaxPool2x2Float`) finds it, which gives the same answer: the winner of the top
    /// pair, the winner of the bottom pair, then the bottom's winner if it is larger or NaN. Each
    /// choice is of a column or a row (integer selects), and the value is read once at the end:
    /// choosing between floating-point values compiled to branches, which on random data
    /// mispredict about half the time. The scalar pool and the last columns of the SIMD pool
    /// both go through here.
    @inline(__always)
    static func window2x2(_ rows: WindowRows, outputColumn ow: Int) -> (value: Scalar, index: Int32) {
        let left = 2 * ow
        let topColumn = left + (takes(rows.top[left + 1], over: rows.top[left]) ? 1 : 0)
        let bottomColumn = left + (takes(rows.bottom[left + 1], over: rows.bottom[left]) ? 1 : 0)
        let lower = takes(rows.bottom[bottomColumn], over: rows.top[topColumn])
        let row = lower ? rows.bottom : rows.top
        let column = lower ? bottomColumn : topColumn
        return (row[column], (lower ? rows.bottomIndex : rows.topIndex) &+ Int32(truncatingIfNeeded: column))
    }

    /// Whether a window's scan moves its maximum to `value`: `value > best`, or `value` is NaN
    /// (PyTorch's rule, so NaN propagates). The two tests are combined as integer flags rather
    /// than with `||`, whose short circuit compiled to a branch on the comparison, which on random
    /// data mispredicts about half the time. As flags the comparison is a select (`cmova`); the
    /// compiler still branches on the NaN test, but NaN is rare, so that branch is predicted.
    @inline(__always)
    static func takes(_ value: Scalar, over best: Scalar) -> Bool {
        let greater: UInt8 = value > best ? 1 : 0
        let notANumber: UInt8 = value.isNaN ? 1 : 0
        return greater | notANumber != 0
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        guard let (rows, shape) = inputShape else { failPrecondition("\(self): backward called before forward") }
        checkPrecondition(
            outputGradient.count == argmax.count,
            "\(self): output gradient has shape \(outputGradient.dimensionsDescription), expected \(argmax.count) scalars (the output of the last forward)")
        var inputGradient = Tensor<Scalar>(images: rows, shape: shape)
        let planes = rows * shape.channels
        let outPlane = argmax.count / max(1, planes)
        let inPlane = shape.planeCount
        outputGradient.withUnsafeBufferPointer { dy in
            argmax.withUnsafeBufferPointer { a in
                inputGradient.withUnsafeMutableBufferPointer { dx in
                    for plane in 0..<planes {
                        for p in 0..<outPlane {
                            let o = plane * outPlane + p
                            dx[plane * inPlane + Int(a[o])] += dy[o]
                        }
                    }
                }
            }
        }
        return inputGradient
    }
}

/// The 2×2, stride-2 max pool of one Float plane, four output pixels at a time in SIMD lanes.
///
/// For four neighbouring windows it loads 8 values of the window's top row and 8 of its bottom row,
/// splits each into even and odd columns, and picks (value and index, lane by lane) between
/// the top pair, between the bottom pair, then between the two winners. The first-maximum and NaN
/// rule of the row-by-row scan (`MaxPool2d.takes`) gives the same answer in this order: a later
/// value replaces an earlier one when it is larger or NaN, so of the two halves the top's winner
/// stands unless the bottom's is larger or NaN, as in a scan of all four. (Measured on 8×8 maps:
/// about 5× faster than the scalar scan, with bit-identical values and indices.) Output pixels
/// beyond a multiple of four go through the scalar window, `MaxPool2d.window2x2`.
enum MaxPool2x2Float {
    static func pool(
        _ source: UnsafePointer<Float>, width: Int, outHeight: Int, outWidth: Int,
        into y: UnsafeMutablePointer<Float>, argmax a: UnsafeMutablePointer<Int32>
    ) {
        let lanes = SIMD4<Int32>(0, 2, 4, 6)
        for oh in 0..<outHeight {
            let rows = MaxPool2d<Float>.WindowRows(source, width: width, outputRow: oh)
            let yRow = y + oh * outWidth
            let aRow = a + oh * outWidth
            var ow = 0
            // Reads columns 2·ow ..< 2·ow + 8, within the row since 2·(ow + 4) ≤ 2·out_w ≤ W.
            while ow + 4 <= outWidth {
                let left = 2 * ow
                let topValues = UnsafeRawPointer(rows.top + left).loadUnaligned(as: SIMD8<Float>.self)
                let bottomValues = UnsafeRawPointer(rows.bottom + left).loadUnaligned(as: SIMD8<Float>.self)
                let columns = lanes &+ Int32(truncatingIfNeeded: left)
                var best = topValues.evenHalf
                var bestIndex = columns &+ rows.topIndex
                pick(&best, &bestIndex, topValues.oddHalf, columns &+ (rows.topIndex &+ 1))
                var lower = bottomValues.evenHalf
                var lowerIndex = columns &+ rows.bottomIndex
                pick(&lower, &lowerIndex, bottomValues.oddHalf, columns &+ (rows.bottomIndex &+ 1))
                pick(&best, &bestIndex, lower, lowerIndex)
                UnsafeMutableRawPointer(yRow + ow).storeBytes(of: best, as: SIMD4<Float>.self)
                UnsafeMutableRawPointer(aRow + ow).storeBytes(of: bestIndex, as: SIMD4<Int32>.self)
                ow += 4
            }
            while ow < outWidth {
                (yRow[ow], aRow[ow]) = MaxPool2d<Float>.window2x2(rows, outputColumn: ow)
                ow += 1
            }
        }
    }

    /// Lane by lane, moves (`best`, `bestIndex`) to (`value`, `index`) where `value` is larger or NaN.
    @inline(__always)
    private static func pick(
        _ best: inout SIMD4<Float>, _ bestIndex: inout SIMD4<Int32>, _ value: SIMD4<Float>, _ index: SIMD4<Int32>
    ) {
        let takes = (value .> best) .| (value .!= value)
        best.replace(with: value, where: takes)
        bestIndex.replace(with: index, where: takes)
    }
}
