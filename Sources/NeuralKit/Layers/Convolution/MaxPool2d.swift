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
                                        // Selects, not branches: on random data a branch
                                        // mispredicts about half the time.
                                        let value = source[row + j]
                                        let takes = value > bestValue || value.isNaN
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

    /// The common 2×2, stride-2 window with its four reads spelled out (no inner loops): the
    /// same first-maximum rule as the general loop.
    @inline(__always)
    private static func pool2x2(
        _ source: UnsafePointer<Scalar>, width: Int, outHeight: Int, outWidth: Int,
        into y: UnsafeMutablePointer<Scalar>, argmax a: UnsafeMutablePointer<Int32>
    ) {
        for oh in 0..<outHeight {
            let top = 2 * oh * width
            let bottom = top + width
            for ow in 0..<outWidth {
                var best = top + 2 * ow
                var bestValue = source[best]
                consider(top + 2 * ow + 1, source, &best, &bestValue)
                consider(bottom + 2 * ow, source, &best, &bestValue)
                consider(bottom + 2 * ow + 1, source, &best, &bestValue)
                y[oh * outWidth + ow] = bestValue
                a[oh * outWidth + ow] = Int32(truncatingIfNeeded: best)
            }
        }
    }

    /// Takes `source[index]` as the maximum if it is larger (or NaN), as a select.
    @inline(__always)
    private static func consider(
        _ index: Int, _ source: UnsafePointer<Scalar>, _ best: inout Int, _ bestValue: inout Scalar
    ) {
        let value = source[index]
        let takes = value > bestValue || value.isNaN
        best = takes ? index : best
        bestValue = takes ? value : bestValue
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
