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
enum Im2col {
    /// Fills `col` (C·kh·kw rows, `rowStride` columns) for images `first..<first + count` of `x`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func unfold<Scalar: TensorScalar>(
        _ x: UnsafePointer<Scalar>, geometry g: ConvolutionGeometry, images first: Int, count: Int,
        into col: UnsafeMutablePointer<Scalar>, rowStride: Int
    ) {
        let (channels, height, width) = (g.input.channels, g.input.height, g.input.width)
        let (outHeight, outWidth, plane) = (g.outputHeight, g.outputWidth, g.outputPlane)
        let stride = g.stride
        for s in 0..<count {
            let image = x + (first + s) * channels * height * width
            for c in 0..<channels {
                let channel = image + c * height * width
                for i in 0..<g.kernelHeight {
                    let rows = g.validOutputRows(kernelRow: i)
                    for j in 0..<g.kernelWidth {
                        let row = (c * g.kernelHeight + i) * g.kernelWidth + j
                        let destination = col + row * rowStride + s * plane
                        let columns = g.validOutputColumns(kernelColumn: j)
                        for oh in 0..<outHeight {
                            let out = destination + oh * outWidth
                            guard rows.contains(oh), !columns.isEmpty else {
                                for ow in 0..<outWidth { out[ow] = 0 }  // a loop: rows are short
                                continue
                            }
                            let source = channel + (oh * stride - g.padding + i) * width - g.padding + j
                            for ow in 0..<columns.lowerBound { out[ow] = 0 }
                            if stride == 1 {
                                for ow in columns { out[ow] = source[ow] }
                            } else {
                                for ow in columns { out[ow] = source[ow * stride] }
                            }
                            for ow in columns.upperBound..<outWidth { out[ow] = 0 }
                        }
                    }
                }
            }
        }
    }

    /// Adds the column matrix `col` back onto images `first..<first + count` of `dx` (the adjoint
    /// of `unfold`: dx[s, c, ih, iw] += Σ over the (row, column) entries that read it).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func fold<Scalar: TensorScalar>(
        _ col: UnsafePointer<Scalar>, rowStride: Int, geometry g: ConvolutionGeometry, images first: Int, count: Int,
        into dx: UnsafeMutablePointer<Scalar>
    ) {
        let (channels, height, width) = (g.input.channels, g.input.height, g.input.width)
        let (outWidth, plane) = (g.outputWidth, g.outputPlane)
        let stride = g.stride
        for s in 0..<count {
            let image = dx + (first + s) * channels * height * width
            for c in 0..<channels {
                let channel = image + c * height * width
                for i in 0..<g.kernelHeight {
                    let rows = g.validOutputRows(kernelRow: i)
                    for j in 0..<g.kernelWidth {
                        let row = (c * g.kernelHeight + i) * g.kernelWidth + j
                        let source = col + row * rowStride + s * plane
                        let columns = g.validOutputColumns(kernelColumn: j)
                        for oh in rows {
                            let input = source + oh * outWidth
                            let target = channel + (oh * stride - g.padding + i) * width - g.padding + j
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
}
