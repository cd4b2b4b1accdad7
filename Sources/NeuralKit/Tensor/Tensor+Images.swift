import Preconditions

/// The shape of one image: `channels` × `height` × `width` (PyTorch's C, H, W).
public struct ImageShape: Hashable, Sendable, CustomStringConvertible {
    public var channels: Int
    public var height: Int
    public var width: Int

    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }

    /// C·H·W, the number of scalars of one image (one row of a batch).
    public var count: Int { channels * height * width }

    /// H·W, the number of scalars of one channel (one feature map).
    public var planeCount: Int { height * width }

    public var description: String { "[\(channels), \(height), \(width)]" }

    /// `[N, C, H, W]` for a batch of `batchSize` such images.
    public func batchDescription(_ batchSize: Int) -> String {
        "[\(batchSize), \(channels), \(height), \(width)]"
    }
}

/// Batches of images, (N, C, H, W).
///
/// An image batch is an ordinary `Tensor` whose rows are images: N rows of C·H·W scalars in
/// PyTorch's memory order, element (n, c, h, w) at `scalars[((n·C + c)·H + h)·W + w]`, with the
/// per-row geometry (C, H, W) recorded in `imageShape`. Matrix code sees an N × C·H·W matrix and
/// runs unchanged (a `Linear` after a pooled image needs no reshaping, mini-batches are gathered
/// with `rows(at:)`), while convolution, pooling, `Dropout2d` and `BatchNorm2d` read the geometry
/// and check it, naming both shapes in `[N, C, H, W]` form when it does not fit.
///
/// Element-wise layers (ReLU, Dropout) keep the geometry because they allocate their outputs
/// `like:` their input; `reshaped(rows:columns:)` and `Flatten` drop it.
extension Tensor {
    /// A batch of `count` images of `shape` over `scalars` in (N, C, H, W) order.
    public init(images count: Int, shape: ImageShape, scalars: [Scalar]) {
        checkPrecondition(
            scalars.count == count * shape.count,
            "Tensor: \(scalars.count) scalars cannot fill image batch \(shape.batchDescription(count)) (needs \(count * shape.count))")
        self.init(rows: count, columns: shape.count, scalars: scalars)
        self.imageShape = shape
    }

    /// A batch of `count` images of `shape` filled with `value`.
    public init(images count: Int, shape: ImageShape, repeating value: Scalar = 0) {
        self.init(rows: count, columns: shape.count, repeating: value)
        self.imageShape = shape
    }

    /// The same scalars seen as a batch of images of `shape`: each row must hold C·H·W scalars
    /// (e.g. the 64 pixels of an 8×8 digit as `ImageShape(channels: 1, height: 8, width: 8)`).
    public func asImages(_ shape: ImageShape) -> Tensor {
        checkPrecondition(
            columns == shape.count,
            "Tensor.asImages: rows of \(columns) scalars cannot hold images of shape \(shape) (C·H·W = \(shape.count)); input shape \(self.shape)")
        var result = self
        result.imageShape = shape
        return result
    }

    /// The same scalars as a plain N × C·H·W matrix.
    public var flattened: Tensor {
        var result = self
        result.imageShape = nil
        return result
    }

    /// PyTorch's sizes: `[N, C, H, W]` for an image batch, `[rows, columns]` for a matrix.
    public var dimensions: [Int] {
        guard let imageShape else { return [rows, columns] }
        return [rows, imageShape.channels, imageShape.height, imageShape.width]
    }

    /// The sizes as text, `[32, 8, 6, 6]` or `[32, 64]`, for error messages.
    public var dimensionsDescription: String {
        "[" + dimensions.map(String.init).joined(separator: ", ") + "]"
    }

    /// `self` with the image geometry of `other` (nil if `other` is a matrix), for results that
    /// have the same rows and columns as `other`.
    func withImageShape(of other: Tensor) -> Tensor {
        guard let shape = other.imageShape, shape.count == columns else { return self }
        var result = self
        result.imageShape = shape
        return result
    }

    /// The geometry of an image batch, or a stop naming `layer`, the input's sizes and the fix.
    func requireImages(for layer: String) -> ImageShape {
        guard let imageShape else {
            failPrecondition(
                "\(layer): expected a batch of images [N, C, H, W], got a matrix \(dimensionsDescription); "
                    + "give the rows their geometry with input.asImages(ImageShape(channels:height:width:))")
        }
        return imageShape
    }
}
