import Testing
@testable import NeuralKit

extension ParityChecks {
    /// The embedded digits (Sources/NeuralKit/Data/DigitsData.swift, decoded by `Digits`) against
    /// scikit-learn's `load_digits()`: counts, sums and whole images must be equal exactly.
    static func digits(_ fixture: Fixture) throws {
        let data = try Digits.decode(
            encodedPixels: DigitsData.encodedPixels, encodedLabels: DigitsData.encodedLabels,
            imageCount: DigitsData.imageCount, scaling: .raw)
        #expect(data.count == (try fixture.integer("image_count")))
        #expect(data.featureCount == (try fixture.integer("pixel_count")))
        let classCounts = (0..<10).map { digit in data.labels.count { $0 == digit } }
        #expect(classCounts == (try fixture.integers("class_counts")))
        let columnSums = (0..<data.featureCount).map { column in
            (0..<data.count).reduce(0.0) { $0 + Double(data.features[$1, column]) }
        }
        #expect(columnSums == (try fixture.numbers("pixel_sums_per_column")))
        #expect(columnSums.reduce(0, +) == (try fixture.number("pixel_sum")))
        let probes = try fixture.integers("probe_indices")
        #expect(probes.map { data.labels[$0] } == (try fixture.integers("probe_labels")))
        #expect(data.features.rows(at: probes) == (try fixture.tensor("probe_images")))
    }
}
