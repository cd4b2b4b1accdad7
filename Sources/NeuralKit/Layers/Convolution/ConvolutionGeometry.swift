/// The sizes of a 2-D sliding window (a convolution or a pooling), and where it reads.
///
/// ```
/// out_h = ⌊(H + 2·padding − kh) / stride⌋ + 1        out_w likewise
/// output pixel (oh, ow), kernel tap (i, j) reads input row  oh·stride − padding + i
///                                              and column  ow·stride − padding + j
/// ```
/// (PyTorch's formula with dilation 1 and `ceil_mode=False`.) Reads outside the input see zeros.
struct ConvolutionGeometry: Equatable, Sendable {
    let input: ImageShape
    let kernelHeight: Int
    let kernelWidth: Int
    let stride: Int
    let padding: Int

    var outputHeight: Int { (input.height + 2 * padding - kernelHeight) / stride + 1 }
    var outputWidth: Int { (input.width + 2 * padding - kernelWidth) / stride + 1 }
    /// Output pixels per channel.
    var outputPlane: Int { outputHeight * outputWidth }
    /// Rows of the im2col matrix: C·kh·kw, one per (channel, kernel tap).
    var patchSize: Int { input.channels * kernelHeight * kernelWidth }

    /// Whether the window fits the padded input at least once.
    var fits: Bool {
        input.height + 2 * padding >= kernelHeight && input.width + 2 * padding >= kernelWidth
    }
}
