import Foundation

/// The 8×8 handwritten digits: 1,797 grey-level images of the digits 0–9, 64 pixels each with
/// values 0…16 (the UCI "Optical Recognition of Handwritten Digits" test set as shipped by
/// scikit-learn's `load_digits`; provenance and licence are stated in `DigitsData.swift`).
///
/// `load()` returns a 1797 × 64 `Dataset` with 10 classes, in the file's order. Pixels are
/// divided by 16 into [0, 1] by default. To standardise instead, split first and fit a
/// `Standardizer` on the training part (`split.standardized()`), so no statistics leak from the
/// validation and test images.
public enum Digits {
    /// The side of each square image.
    public static let imageSide = 8
    /// The number of pixels per image (the feature count).
    public static let pixelCount = 64
    /// The number of classes.
    public static let classCount = 10
    /// The largest pixel value in the raw data.
    public static let maximumPixelValue: UInt8 = 16

    /// How pixel values are presented as features.
    public enum PixelScaling: Sendable {
        /// x = pixel / 16, in [0, 1].
        case unitInterval
        /// The raw grey levels 0…16 as floats.
        case raw
    }

    /// Decodes the embedded data set. Throws `DatasetError.corruptData` if the embedded file is damaged.
    public static func load(scaling: PixelScaling = .unitInterval) throws -> Dataset {
        try decode(
            encodedPixels: DigitsData.encodedPixels, encodedLabels: DigitsData.encodedLabels,
            imageCount: DigitsData.imageCount, scaling: scaling)
    }

    /// Decodes base64 text of `imageCount × 64` pixel bytes (each 0…16, row-major images) and of
    /// `imageCount` label bytes (each 0…9) into a data set.
    public static func decode(
        encodedPixels: String, encodedLabels: String, imageCount: Int, scaling: PixelScaling = .unitInterval
    ) throws -> Dataset {
        guard let pixels = Data(base64Encoded: encodedPixels, options: .ignoreUnknownCharacters) else {
            throw DatasetError.corruptData(name: "Digits pixels", reason: "not valid base64")
        }
        guard let labels = Data(base64Encoded: encodedLabels, options: .ignoreUnknownCharacters) else {
            throw DatasetError.corruptData(name: "Digits labels", reason: "not valid base64")
        }
        guard pixels.count == imageCount * pixelCount else {
            throw DatasetError.corruptData(
                name: "Digits pixels",
                reason: "\(pixels.count) bytes, expected \(imageCount) images × \(pixelCount) = \(imageCount * pixelCount)")
        }
        guard labels.count == imageCount else {
            throw DatasetError.corruptData(
                name: "Digits labels", reason: "\(labels.count) bytes, expected one per image (\(imageCount))")
        }
        if let bad = pixels.first(where: { $0 > maximumPixelValue }) {
            throw DatasetError.corruptData(name: "Digits pixels", reason: "pixel value \(bad) outside 0...16")
        }
        if let bad = labels.first(where: { Int($0) >= classCount }) {
            throw DatasetError.corruptData(name: "Digits labels", reason: "label \(bad) outside 0...9")
        }
        let divisor: Float = scaling == .unitInterval ? Float(maximumPixelValue) : 1
        let features = Tensor(rows: imageCount, columns: pixelCount, scalars: pixels.map { Float($0) / divisor })
        return Dataset(features: features, labels: labels.map { Int($0) }, classCount: classCount)
    }
}
