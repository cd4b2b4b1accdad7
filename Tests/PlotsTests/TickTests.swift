import Foundation
import Testing
@testable import Plots

@Suite struct TickTests {
    @Test("steps of 0.1 are written as 0.3, not 0.30000000000000004")
    func decimalSteps() {
        let ticks = TickLocator.linear(lower: 0, upper: 1, targetCount: 10)
        #expect(ticks.labels == ["0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1.0"])
        #expect(!ticks.labels.joined().contains("0000"))
    }

    @Test("nice steps are 1, 2, 2.5 or 5 times a power of ten", arguments: [
        (0.0, 7.3, 5, 2.0), (0.0, 1.0, 4, 0.25), (-3.0, 3.0, 6, 1.0), (0.0, 0.003, 3, 0.001), (0.0, 450.0, 5, 100.0),
    ])
    func niceSteps(lower: Double, upper: Double, target: Int, expected: Double) {
        #expect(abs(TickLocator.niceStep(span: upper - lower, targetCount: target) - expected) < 1e-12)
    }

    @Test("negative ticks use a real minus sign and zero has no sign")
    func minusSign() {
        let ticks = TickLocator.linear(lower: -1, upper: 1, targetCount: 4)
        #expect(ticks.labels == ["−1.0", "−0.5", "0.0", "0.5", "1.0"])
        #expect(NumberFormat.fixed(-0.0001, decimals: 2) == "0.00")
    }

    @Test("very large values switch to ×10ⁿ notation")
    func largeValues() {
        let ticks = TickLocator.linear(lower: 0, upper: 3e6, targetCount: 3)
        #expect(ticks.labels == ["0", "1×10⁶", "2×10⁶", "3×10⁶"])
    }

    @Test("log axes over many decades label powers of ten with superscripts")
    func logManyDecades() {
        let ticks = TickLocator.logarithmic(lower: 1e-5, upper: 1, targetCount: 8)
        #expect(ticks.labels == ["10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰"])
        #expect(ticks.minor.contains { abs($0 - 2e-5) < 1e-15 })
    }

    @Test("log axes over one or two decades label 1, 2 and 5 as decimals")
    func logShortRange() {
        let ticks = TickLocator.logarithmic(lower: 0.05, upper: 2.5, targetCount: 5)
        #expect(ticks.labels == ["0.05", "0.1", "0.2", "0.5", "1", "2"])
    }

    @Test("automatic limits add the margin; bars and histograms start at zero")
    func limits() throws {
        let fitted = try AxisLimits.fit(min: 0, max: 10, scale: .linear, manual: nil, margin: 0.05, tight: false, fromZero: false, axis: "x")
        #expect(abs(fitted.lowerBound + 0.5) < 1e-12 && abs(fitted.upperBound - 10.5) < 1e-12)
        let bars = try AxisLimits.fit(min: 0, max: 10, scale: .linear, manual: nil, margin: 0.04, tight: false, fromZero: true, axis: "y")
        #expect(bars.lowerBound == 0)
        let log = try AxisLimits.fit(min: 0.01, max: 1, scale: .logarithmic, manual: nil, margin: 0.05, tight: false, fromZero: false, axis: "y")
        #expect(log.lowerBound < 0.01 && log.lowerBound > 0.007)
    }
}
