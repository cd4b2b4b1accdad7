import Preconditions

/// Average pooling, `torch.nn.AvgPool2d(kernel_size, stride)` (no padding, floor mode): each
/// output pixel is the mean of its k×k window, channel by channel.
///
/// ```
/// forward:   y[n, c, oh, ow] = (1/k²) Σ_{i,j} x[n, c, oh·s + i, ow·s + j]
/// backward:  ∂L/∂x[n, c, oh·s + i, ow·s + j] += ∂L/∂y[n, c, oh, ow] / k²
/// ```
public final class AvgPool2d<Scalar: TensorScalar>: Layer, CustomStringConvertible {
    public let kernelSize: Int
    public let stride: Int
    public var phase: LearningPhase = .training

    private var inputShape: (rows: Int, image: ImageShape)?

    public init(kernelSize: Int, stride: Int? = nil) {
        let stride = stride ?? kernelSize
        checkPrecondition(
            kernelSize > 0 && stride > 0,
            "AvgPool2d(kernel \(kernelSize), stride \(stride)): kernel size and stride must be positive")
        self.kernelSize = kernelSize
        self.stride = stride
    }

    public var description: String { "AvgPool2d(kernel \(kernelSize), stride \(stride))" }

    private func geometry(for shape: ImageShape) -> ConvolutionGeometry {
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
        let (width, outHeight, outWidth) = (shape.width, g.outputHeight, g.outputWidth)
        let (k, s) = (kernelSize, stride)
        let scale = 1 / Scalar(k * k)
        var output = Tensor<Scalar>.uninitialized(rows: input.rows, columns: shape.channels * g.outputPlane)
            .asImages(ImageShape(channels: shape.channels, height: outHeight, width: outWidth))
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                for plane in 0..<planes {
                    let source = x.baseAddress! + plane * shape.planeCount
                    for oh in 0..<outHeight {
                        for ow in 0..<outWidth {
                            var total: Scalar = 0
                            for i in 0..<k {
                                for j in 0..<k { total += source[(oh * s + i) * width + ow * s + j] }
                            }
                            y[(plane * outHeight + oh) * outWidth + ow] = total * scale
                        }
                    }
                }
            }
        }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        guard let (rows, shape) = inputShape else { failPrecondition("\(self): backward called before forward") }
        let g = geometry(for: shape)
        let planes = rows * shape.channels
        checkPrecondition(
            outputGradient.count == planes * g.outputPlane,
            "\(self): output gradient has shape \(outputGradient.dimensionsDescription), expected \(ImageShape(channels: shape.channels, height: g.outputHeight, width: g.outputWidth).batchDescription(rows)) (the output of the last forward)")
        let (width, outHeight, outWidth) = (shape.width, g.outputHeight, g.outputWidth)
        let (k, s) = (kernelSize, stride)
        let scale = 1 / Scalar(k * k)
        var inputGradient = Tensor<Scalar>(images: rows, shape: shape)
        outputGradient.withUnsafeBufferPointer { dy in
            inputGradient.withUnsafeMutableBufferPointer { dx in
                for plane in 0..<planes {
                    let target = dx.baseAddress! + plane * shape.planeCount
                    for oh in 0..<outHeight {
                        for ow in 0..<outWidth {
                            let share = dy[(plane * outHeight + oh) * outWidth + ow] * scale
                            for i in 0..<k {
                                for j in 0..<k { target[(oh * s + i) * width + ow * s + j] += share }
                            }
                        }
                    }
                }
            }
        }
        return inputGradient
    }
}
