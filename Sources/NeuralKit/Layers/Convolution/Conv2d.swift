import Preconditions

/// A 2-D convolution, `torch.nn.Conv2d` (dilation 1, one group): input [N, C, H, W], output
/// [N, O, out_h, out_w] with the sizes of `ConvolutionGeometry`.
///
/// ```
/// forward:   y[n, o, oh, ow] = b[o] + Σ_{c,i,j} W[o, c, i, j] · x[n, c, oh·s − p + i, ow·s − p + j]
///            as a product:   Y_chunk = W · col(x_chunk)         W: [O, C·kh·kw], col: [C·kh·kw, S·P]
/// backward:  ∂L/∂W += ∂L/∂Y_chunk · col(x_chunk)ᵀ
///            ∂L/∂b += Σ_{n, oh, ow} ∂L/∂y[n, o, oh, ow]
///            ∂L/∂x  = col2im(Wᵀ · ∂L/∂Y_chunk)
/// ```
///
/// (`Im2col` defines col and its adjoint col2im.) The images are processed in chunks of S so that
/// the column matrix stays within `columnBudget` scalars (about the size of the L2 cache): a small
/// 8×8 batch is one chunk and one `gemm`; a 28×28 batch is a few, each still a large product.
///
/// The weight is stored as an [O, C·kh·kw] matrix whose rows carry the kernel geometry
/// (`imageShape` = (C, kh, kw)), so its checkpoint shape is PyTorch's `[out, in, kh, kw]` and its
/// memory order is PyTorch's. State-dict names: `weight`, `bias`.
public final class Conv2d<Scalar: TensorScalar>: Layer, CustomStringConvertible {
    public let inputChannels: Int
    public let outputChannels: Int
    public let kernelHeight: Int
    public let kernelWidth: Int
    public let stride: Int
    public let padding: Int
    /// W, [O, C·kh·kw] with `imageShape` (C, kh, kw): PyTorch's [out, in, kh, kw].
    public let weight: Parameter<Scalar>
    /// b, [1, O]; `nil` for a layer built with `bias: false`.
    public let bias: Parameter<Scalar>?
    public var phase: LearningPhase = .training

    /// Column-matrix size (scalars) above which a batch is split into chunks of images: 2¹⁸
    /// scalars, 1 MiB in Float, a quarter of this machine's L2 cache.
    var columnBudget = 1 << 18

    private var input: Tensor<Scalar>?
    private var geometry: ConvolutionGeometry?
    /// Reused storage for the column matrix and the chunk's [O, S·P] product.
    private var columns: [Scalar] = []
    private var product: [Scalar] = []
    /// Whether `columns` holds col(x) of the whole last forward input (a batch that fit in one
    /// chunk), so that the backward pass can use it instead of unfolding the input again.
    private var columnsHoldInput = false
    /// The im2col read table of the last input geometry (rebuilt when the image size changes).
    private var im2col: Im2col?

    /// A layer with PyTorch's default initialisation (`kaiming_uniform_(a=√5)`): weight and bias
    /// uniform in ±1/√(C·kh·kw), drawn from `generator` (the weight in [out, in, kh, kw] order,
    /// then the bias).
    public convenience init(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        bias: Bool = true, generator: inout RandomGenerator
    ) {
        Self.validate(inputChannels, outputChannels, kernelSize, kernelSize, stride, padding)
        let fanIn = inputChannels * kernelSize * kernelSize
        let bound = Scalar(1 / Double(fanIn).squareRoot())
        let weight = Tensor<Scalar>.uniform(rows: outputChannels, columns: fanIn, in: -bound..<bound, using: &generator)
        let biasValue = bias ? Tensor<Scalar>.uniform(rows: 1, columns: outputChannels, in: -bound..<bound, using: &generator) : nil
        self.init(
            weight: weight.asImages(ImageShape(channels: inputChannels, height: kernelSize, width: kernelSize)),
            bias: biasValue, stride: stride, padding: padding)
    }

    /// A layer with the given kernels (an image batch [O, C, kh, kw], e.g. a PyTorch fixture) and
    /// bias ([1, O], or `nil`).
    public init(weight: Tensor<Scalar>, bias: Tensor<Scalar>?, stride: Int = 1, padding: Int = 0) {
        let kernel = weight.requireImages(for: "Conv2d(weight:)")
        Self.validate(kernel.channels, weight.rows, kernel.height, kernel.width, stride, padding)
        inputChannels = kernel.channels
        outputChannels = weight.rows
        kernelHeight = kernel.height
        kernelWidth = kernel.width
        self.stride = stride
        self.padding = padding
        if let bias {
            checkPrecondition(
                bias.count == weight.rows,
                "Conv2d: bias shape \(bias.dimensionsDescription) does not match \(weight.rows) output channels; pass a [1, \(weight.rows)] row vector")
        }
        self.weight = Parameter(weight, role: .weight)
        self.bias = bias.map { Parameter($0.flattened.reshaped(rows: 1, columns: $0.count), role: .bias) }
    }

    private static func validate(_ input: Int, _ output: Int, _ kh: Int, _ kw: Int, _ stride: Int, _ padding: Int) {
        checkPrecondition(
            input > 0 && output > 0 && kh > 0 && kw > 0 && stride > 0 && padding >= 0,
            "Conv2d(\(input) -> \(output), kernel \(kh)×\(kw), stride \(stride), padding \(padding)): channels, kernel and stride must be positive and padding at least 0")
    }

    public var description: String {
        "Conv2d(\(inputChannels) -> \(outputChannels), kernel \(kernelHeight)×\(kernelWidth), stride \(stride), padding \(padding))"
    }

    public var namedParameters: [(name: String, parameter: Parameter<Scalar>)] {
        if let bias { return [("weight", weight), ("bias", bias)] }
        return [("weight", weight)]
    }

    /// The output shape for input images of `shape`.
    public func outputShape(for shape: ImageShape) -> ImageShape {
        let g = geometry(for: shape)
        return ImageShape(channels: outputChannels, height: g.outputHeight, width: g.outputWidth)
    }

    private func geometry(for shape: ImageShape) -> ConvolutionGeometry {
        checkPrecondition(
            shape.channels == inputChannels,
            "\(self): input images have \(shape.channels) channels, expected \(inputChannels); input image shape \(shape)")
        let g = ConvolutionGeometry(
            input: shape, kernelHeight: kernelHeight, kernelWidth: kernelWidth, stride: stride, padding: padding)
        checkPrecondition(
            g.fits,
            "\(self): a \(kernelHeight)×\(kernelWidth) kernel does not fit input images \(shape) padded by \(padding); use a smaller kernel or more padding")
        return g
    }

    /// Images per chunk: as many as keep the column matrix within `columnBudget` (at least one).
    private func chunkSize(_ g: ConvolutionGeometry, batch: Int) -> Int {
        max(1, min(batch, columnBudget / max(1, g.patchSize * g.outputPlane)))
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        let g = geometry(for: input.requireImages(for: description))
        self.input = input
        self.geometry = g
        if im2col?.geometry != g { im2col = Im2col(geometry: g) }
        let unfold = im2col!
        let n = input.rows
        let (o, k, plane) = (outputChannels, g.patchSize, g.outputPlane)
        var output = Tensor<Scalar>.uninitialized(rows: n, columns: o * plane)
            .asImages(ImageShape(channels: o, height: g.outputHeight, width: g.outputWidth))
        let chunk = chunkSize(g, batch: n)
        reserveScratch(columns: k * chunk * plane, product: o * chunk * plane)
        let biasValues = bias?.value.scalars ?? [Scalar](repeating: 0, count: o)
        input.withUnsafeBufferPointer { x in
            weight.value.withUnsafeBufferPointer { w in
                columns.withUnsafeMutableBufferPointer { col in
                    product.withUnsafeMutableBufferPointer { yChunk in
                        output.withUnsafeMutableBufferPointer { y in
                            for first in Swift.stride(from: 0, to: n, by: chunk) {
                                let count = min(chunk, n - first)
                                let width = count * plane
                                unfold.unfold(
                                    x.baseAddress!, images: first, count: count,
                                    into: col.baseAddress!, rowStride: width)
                                columnsHoldInput = count == n
                                // Y_chunk [O, S·P] = W [O, C·kh·kw] · col [C·kh·kw, S·P]
                                Scalar.gemm(
                                    transposeA: false, transposeB: false, m: o, n: width, k: k,
                                    alpha: 1, a: w.baseAddress!, lda: k, b: col.baseAddress!, ldb: width,
                                    beta: 0, c: yChunk.baseAddress!, ldc: width)
                                // y[n, o, ·] = Y_chunk[o, s·P + ·] + b[o]
                                for s in 0..<count {
                                    for channel in 0..<o {
                                        let source = yChunk.baseAddress! + channel * width + s * plane
                                        let target = y.baseAddress! + ((first + s) * o + channel) * plane
                                        let b = biasValues[channel]
                                        for p in 0..<plane { target[p] = source[p] + b }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        gradients(outputGradient, needInputGradient: true)!
    }

    public func accumulateParameterGradients(_ outputGradient: Tensor<Scalar>) {
        _ = gradients(outputGradient, needInputGradient: false)
    }

    private func reserveScratch(columns columnCount: Int, product productCount: Int) {
        if columns.count < columnCount {
            columns = [Scalar](repeating: 0, count: columnCount)
            columnsHoldInput = false
        }
        if product.count < productCount { product = [Scalar](repeating: 0, count: productCount) }
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    private func gradients(_ outputGradient: Tensor<Scalar>, needInputGradient: Bool) -> Tensor<Scalar>? {
        guard let input, let g = geometry, let unfold = im2col else {
            failPrecondition("\(self): backward called before forward")
        }
        let n = input.rows
        let (o, k, plane) = (outputChannels, g.patchSize, g.outputPlane)
        checkPrecondition(
            outputGradient.count == n * o * plane,
            "\(self): output gradient has shape \(outputGradient.dimensionsDescription), expected \(ImageShape(channels: o, height: g.outputHeight, width: g.outputWidth).batchDescription(n)) (the output of the last forward)")
        var inputGradient: Tensor<Scalar>? = needInputGradient ? Tensor(shape: input.shape).asImages(g.input) : nil
        let chunk = chunkSize(g, batch: n)
        reserveScratch(columns: k * chunk * plane, product: o * chunk * plane)
        // ∂L/∂b += Σ ∂L/∂y over images and pixels
        if let bias {
            outputGradient.withUnsafeBufferPointer { dy in
                bias.gradient.withUnsafeMutableBufferPointer { db in
                    for image in 0..<n {
                        for channel in 0..<o {
                            let source = dy.baseAddress! + (image * o + channel) * plane
                            var total: Scalar = 0
                            for p in 0..<plane { total += source[p] }
                            db[channel] += total
                        }
                    }
                }
            }
        }
        input.withUnsafeBufferPointer { x in
            outputGradient.withUnsafeBufferPointer { dy in
                weight.value.withUnsafeBufferPointer { w in
                    weight.gradient.withUnsafeMutableBufferPointer { dw in
                        columns.withUnsafeMutableBufferPointer { col in
                            product.withUnsafeMutableBufferPointer { dyChunk in
                                for first in Swift.stride(from: 0, to: n, by: chunk) {
                                    let count = min(chunk, n - first)
                                    let width = count * plane
                                    // ∂L/∂Y_chunk [O, S·P], gathered from the [S, O, P] gradient
                                    for s in 0..<count {
                                        for channel in 0..<o {
                                            let source = dy.baseAddress! + ((first + s) * o + channel) * plane
                                            let target = dyChunk.baseAddress! + channel * width + s * plane
                                            target.update(from: source, count: plane)
                                        }
                                    }
                                    if !(columnsHoldInput && count == n) {
                                        unfold.unfold(
                                            x.baseAddress!, images: first, count: count,
                                            into: col.baseAddress!, rowStride: width)
                                    }
                                    // ∂L/∂W [O, C·kh·kw] += ∂L/∂Y_chunk · colᵀ
                                    Scalar.gemm(
                                        transposeA: false, transposeB: true, m: o, n: k, k: width,
                                        alpha: 1, a: dyChunk.baseAddress!, lda: width, b: col.baseAddress!, ldb: width,
                                        beta: 1, c: dw.baseAddress!, ldc: k)
                                    guard needInputGradient else { continue }
                                    columnsHoldInput = false  // overwritten with ∂col next
                                    // ∂col [C·kh·kw, S·P] = Wᵀ · ∂L/∂Y_chunk, then col2im
                                    Scalar.gemm(
                                        transposeA: true, transposeB: false, m: k, n: width, k: o,
                                        alpha: 1, a: w.baseAddress!, lda: k, b: dyChunk.baseAddress!, ldb: width,
                                        beta: 0, c: col.baseAddress!, ldc: width)
                                    inputGradient!.withUnsafeMutableBufferPointer { dx in
                                        unfold.fold(
                                            col.baseAddress!, rowStride: width, images: first,
                                            count: count, into: dx.baseAddress!)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return inputGradient
    }
}
