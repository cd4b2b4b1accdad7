import Preconditions

/// im2col and col2im: a convolution as one matrix product.
///
/// For a chunk of S images, `im2col` writes the matrix
///
/// ```
/// col[(c·kh + i)·kw + j,  s·P + oh·out_w + ow] = x[s, c, oh·stride − padding + i, ow·stride − padding + j]
/// ```
///
/// (zero where the index falls in the padding), with P = out_h·out_w. Each column is the receptive
/// field of one output pixel, so `W [out, C·kh·kw] · col` is every output pixel of the chunk at
/// once. `col2im` is its adjoint: it adds each entry of a column matrix back onto the input pixel
/// it was read from (the gradient of a read is an accumulate).
///
/// How: every channel is read through its zero-padded copy, (H + 2·padding) × (W + 2·padding),
/// and the tap t = i·kw + j of output pixel p = oh·out_w + ow reads that copy at
///
/// ```
/// offsets[t·P + p] = (oh·stride + i)·(W + 2·padding) + ow·stride + j
/// ```
///
/// The same for every channel and image, so the table is built once per geometry, and filling a
/// row of `col` is one branch-free loop of P reads. (Measured on the CNN lesson's 8×8 and 4×4
/// maps, this is 3–5 times faster than copying valid runs row by row between zeroed ends, whose
/// bookkeeping outweighs the few pixels it copies; on 26×26 maps the two are equally fast.)
/// `col2im` adds through the table too on small maps, but from `rowsFoldWidth` output columns
/// on it adds whole runs of a row (a loop the compiler vectorises), twice as fast as the
/// table's scattered adds on 24×24 outputs; both add in the same order, so the sums are the same.
struct Im2col: Sendable {
    let geometry: ConvolutionGeometry
    /// For tap t and output pixel p, the offset read in the padded channel (see above).
    let offsets: [Int32]
    /// Output widths from which `fold` adds row runs instead of going through the table.
    static let rowsFoldWidth = 16

    init(geometry g: ConvolutionGeometry) {
        let paddedWidth = g.input.width + 2 * g.padding
        let paddedHeight = g.input.height + 2 * g.padding
        checkPrecondition(
            paddedWidth * paddedHeight < Int(Int32.max),
            "Conv2d: a padded channel of \(paddedHeight)×\(paddedWidth) pixels is too large to index with Int32")
        var offsets: [Int32] = []
        offsets.reserveCapacity(g.kernelHeight * g.kernelWidth * g.outputPlane)
        for i in 0..<g.kernelHeight {
            for j in 0..<g.kernelWidth {
                for oh in 0..<g.outputHeight {
                    for ow in 0..<g.outputWidth {
                        offsets.append(Int32((oh * g.stride + i) * paddedWidth + ow * g.stride + j))
                    }
                }
            }
        }
        self.geometry = g
        self.offsets = offsets
    }

    private var paddedWidth: Int { geometry.input.width + 2 * geometry.padding }
    private var paddedPlane: Int { paddedWidth * (geometry.input.height + 2 * geometry.padding) }

    /// Fills `col` (C·kh·kw rows, `rowStride` columns) for images `first..<first + count` of `x`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func unfold<Scalar: TensorScalar>(
        _ x: UnsafePointer<Scalar>, images first: Int, count: Int,
        into col: UnsafeMutablePointer<Scalar>, rowStride: Int
    ) {
        let g = geometry
        let (channels, height, width, padding) = (g.input.channels, g.input.height, g.input.width, g.padding)
        let (plane, taps, paddedWidth) = (g.outputPlane, g.kernelHeight * g.kernelWidth, paddedWidth)
        withUnsafeTemporaryAllocation(of: Scalar.self, capacity: padding > 0 ? paddedPlane : 0) { padded in
            // The border stays zero: only the interior is written below.
            if padding > 0 { padded.initialize(repeating: 0) }
            offsets.withUnsafeBufferPointer { table in
                for s in 0..<count {
                    let image = x + (first + s) * channels * height * width
                    for c in 0..<channels {
                        let channel = image + c * height * width
                        let source: UnsafePointer<Scalar>
                        if padding > 0 {
                            for row in 0..<height {
                                (padded.baseAddress! + (row + padding) * paddedWidth + padding)
                                    .update(from: channel + row * width, count: width)
                            }
                            source = UnsafePointer(padded.baseAddress!)
                        } else {
                            source = channel
                        }
                        for tap in 0..<taps {
                            let destination = col + (c * taps + tap) * rowStride + s * plane
                            let reads = table.baseAddress! + tap * plane
                            for p in 0..<plane { destination[p] = source[Int(reads[p])] }
                        }
                    }
                }
            }
        }
    }

    /// Adds the column matrix `col` back onto images `first..<first + count` of `dx` (the adjoint
    /// of `unfold`: dx[s, c, ih, iw] += Σ over the (row, column) entries that read it, added in
    /// the order of the taps, then of the output pixels).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func fold<Scalar: TensorScalar>(
        _ col: UnsafePointer<Scalar>, rowStride: Int, images first: Int, count: Int,
        into dx: UnsafeMutablePointer<Scalar>
    ) {
        let g = geometry
        if g.outputWidth >= Self.rowsFoldWidth {
            foldByRows(col, rowStride: rowStride, images: first, count: count, into: dx)
            return
        }
        let (channels, height, width, padding) = (g.input.channels, g.input.height, g.input.width, g.padding)
        let (plane, taps, paddedWidth) = (g.outputPlane, g.kernelHeight * g.kernelWidth, paddedWidth)
        withUnsafeTemporaryAllocation(of: Scalar.self, capacity: padding > 0 ? paddedPlane : 0) { padded in
            offsets.withUnsafeBufferPointer { table in
                for s in 0..<count {
                    let image = dx + (first + s) * channels * height * width
                    for c in 0..<channels {
                        let channel = image + c * height * width
                        // Sums into the padded copy (zeroed), then adds its interior onto dx.
                        let target: UnsafeMutablePointer<Scalar>
                        if padding > 0 {
                            padded.update(repeating: 0)
                            target = padded.baseAddress!
                        } else {
                            target = channel
                        }
                        for tap in 0..<taps {
                            let source = col + (c * taps + tap) * rowStride + s * plane
                            let reads = table.baseAddress! + tap * plane
                            for p in 0..<plane { target[Int(reads[p])] += source[p] }
                        }
                        guard padding > 0 else { continue }
                        for row in 0..<height {
                            let sums = padded.baseAddress! + (row + padding) * paddedWidth + padding
                            let pixels = channel + row * width
                            for column in 0..<width { pixels[column] += sums[column] }
                        }
                    }
                }
            }
        }
    }

    /// `fold` for wide outputs: for each (image, channel, tap) and each output row whose input row
    /// is inside the image, adds the run of output columns whose input columns are inside it.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    private func foldByRows<Scalar: TensorScalar>(
        _ col: UnsafePointer<Scalar>, rowStride: Int, images first: Int, count: Int,
        into dx: UnsafeMutablePointer<Scalar>
    ) {
        let g = geometry
        let (channels, height, width) = (g.input.channels, g.input.height, g.input.width)
        let (outWidth, plane, stride, padding) = (g.outputWidth, g.outputPlane, g.stride, g.padding)
        let validRows = (0..<g.kernelHeight).map { Self.validOutputs(g, offset: $0, inputSize: height, outputSize: g.outputHeight) }
        let validColumns = (0..<g.kernelWidth).map { Self.validOutputs(g, offset: $0, inputSize: width, outputSize: outWidth) }
        for s in 0..<count {
            let image = dx + (first + s) * channels * height * width
            for c in 0..<channels {
                let channel = image + c * height * width
                for i in 0..<g.kernelHeight {
                    for j in 0..<g.kernelWidth {
                        let source = col + ((c * g.kernelHeight + i) * g.kernelWidth + j) * rowStride + s * plane
                        let columns = validColumns[j]
                        for oh in validRows[i] {
                            let input = source + oh * outWidth
                            let target = channel + (oh * stride - padding + i) * width - padding + j
                            if stride == 1 {
                                for ow in columns { target[ow] += input[ow] }
                            } else {
                                for ow in columns { target[ow * stride] += input[ow] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The outputs o whose input o·stride − padding + offset lies in 0..<inputSize (the others
    /// read padding).
    private static func validOutputs(_ g: ConvolutionGeometry, offset: Int, inputSize: Int, outputSize: Int) -> Range<Int> {
        let shift = g.padding - offset  // o·stride ≥ shift  and  o·stride < inputSize + shift
        let lower = shift <= 0 ? 0 : (shift + g.stride - 1) / g.stride
        let upper = inputSize + shift <= 0 ? 0 : min(outputSize, (inputSize + shift + g.stride - 1) / g.stride)
        return lower..<max(lower, upper)
    }
}
