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
