import Preconditions

/// Global average pooling, `torch.nn.AdaptiveAvgPool2d(1)`: each channel's mean over the image.
///
/// ```
/// forward:   y[n, c, 0, 0] = (1/(H·W)) Σ_{h,w} x[n, c, h, w]         output [N, C, 1, 1]
/// backward:  ∂L/∂x[n, c, h, w] = ∂L/∂y[n, c, 0, 0] / (H·W)
/// ```
/// The output's rows are C scalars, so a `Linear(C -> k)` can follow it directly (as after
/// PyTorch's `flatten(1)`).
public final class GlobalAveragePool2d<Scalar: TensorScalar>: Layer, CustomStringConvertible {
    public var phase: LearningPhase = .training
    private var inputShape: (rows: Int, image: ImageShape)?

    public init() {}

    public var description: String { "GlobalAveragePool2d" }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        let shape = input.requireImages(for: description)
        inputShape = (input.rows, shape)
        let planes = input.rows * shape.channels
        let size = shape.planeCount
        var output = Tensor<Scalar>(images: input.rows, shape: ImageShape(channels: shape.channels, height: 1, width: 1))
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                for plane in 0..<planes {
                    var total: Scalar = 0
                    for p in 0..<size { total += x[plane * size + p] }
                    y[plane] = total / Scalar(size)
                }
            }
        }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        guard let (rows, shape) = inputShape else { failPrecondition("\(self): backward called before forward") }
        checkPrecondition(
            outputGradient.count == rows * shape.channels,
            "\(self): output gradient has shape \(outputGradient.dimensionsDescription), expected [\(rows), \(shape.channels), 1, 1] (the output of the last forward)")
        let size = shape.planeCount
        var inputGradient = Tensor<Scalar>.uninitialized(rows: rows, columns: shape.count).asImages(shape)
        outputGradient.withUnsafeBufferPointer { dy in
            inputGradient.withUnsafeMutableBufferPointer { dx in
                for plane in 0..<rows * shape.channels {
                    let share = dy[plane] / Scalar(size)
                    for p in 0..<size { dx[plane * size + p] = share }
                }
            }
        }
        return inputGradient
    }
}
