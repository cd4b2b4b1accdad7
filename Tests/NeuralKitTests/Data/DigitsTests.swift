import Foundation
import Testing
@testable import NeuralKit

@Suite struct DigitsTests {
    @Test("decoding turns bytes into scaled pixels and labels")
    func decode() throws {
        let pixels = Data((0..<128).map { UInt8($0 % 17) }).base64EncodedString()
        let labels = Data([3, 9]).base64EncodedString()
        let unit = try Digits.decode(encodedPixels: pixels, encodedLabels: labels, imageCount: 2)
        #expect(unit.features.shape == Shape(2, 64))
        #expect(unit.labels == [3, 9])
        #expect(unit.classCount == 10)
        #expect(unit.features[0, 16] == 16.0 / 16)
        #expect(unit.features[1, 0] == Float(64 % 17) / 16)
        let raw = try Digits.decode(encodedPixels: pixels, encodedLabels: labels, imageCount: 2, scaling: .raw)
        #expect(raw.features[0, 16] == 16)
    }

    @Test("damaged data throws instead of crashing")
    func damaged() {
        let pixels = Data([UInt8](repeating: 1, count: 64)).base64EncodedString()
        let labels = Data([1]).base64EncodedString()
        #expect(throws: DatasetError.self) { try Digits.decode(encodedPixels: "@@@!", encodedLabels: labels, imageCount: 1) }
        #expect(throws: DatasetError.self) { try Digits.decode(encodedPixels: pixels, encodedLabels: labels, imageCount: 2) }
        let bright = Data([UInt8](repeating: 17, count: 64)).base64EncodedString()
        #expect(throws: DatasetError.self) { try Digits.decode(encodedPixels: bright, encodedLabels: labels, imageCount: 1) }
        let badLabel = Data([10]).base64EncodedString()
        #expect(throws: DatasetError.self) { try Digits.decode(encodedPixels: pixels, encodedLabels: badLabel, imageCount: 1) }
    }
}

@Suite struct DigitsLoadTests {
    @Test("the embedded digits load as 1797 × 64 images in [0, 1] with the published class counts")
    func load() throws {
        let digits = try Digits.load()
        #expect(digits.features.shape == Shape(1797, 64))
        #expect(digits.classCounts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
        #expect(digits.features.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(digits.features.scalars.contains(1))
        // The first image of scikit-learn's load_digits() is a 0 whose top row is 0 0 5 13 9 1 0 0.
        #expect(digits.labels[0] == 0)
        #expect((0..<8).map { digits.features[0, $0] * 16 } == [0, 0, 5, 13, 9, 1, 0, 0])
    }
}
