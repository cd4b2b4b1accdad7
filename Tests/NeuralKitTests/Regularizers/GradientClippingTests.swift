import NeuralKit
import Testing

@Suite struct GradientClippingTests {
    @Test("clipGradientNorm scales by maxNorm/(total + 1e-6) and returns the total norm")
    func clipByNorm() throws {
        let a = makeParameter([0, 0], gradient: [3, 0])
        let b = makeParameter([0], gradient: [-4], role: .bias)
        let total = try clipGradientNorm([a, b], maxNorm: 1)
        #expect(total == 5)
        let coefficient = 1 / (5 + 1e-6)
        #expect(isClose(a.gradient.scalars, [3 * coefficient, 0], tolerance: 1e-15))
        #expect(isClose(b.gradient.scalars, [-4 * coefficient], tolerance: 1e-15))
    }

    @Test("gradients already short enough are left unchanged")
    func noClipping() throws {
        let a = makeParameter([0, 0], gradient: [0.3, 0.4])
        let total = try clipGradientNorm([a], maxNorm: 1)
        #expect(abs(total - 0.5) < 1e-15)
        #expect(a.gradient.scalars == [0.3, 0.4])
    }

    @Test("clipGradientValue clamps each element into [−c, c]")
    func clipByValue() throws {
        let a = makeParameter([0, 0, 0, 0], gradient: [3, -0.1, -7, 0.5])
        try clipGradientValue([a], clipValue: 0.5)
        #expect(a.gradient.scalars == [0.5, -0.1, -0.5, 0.5])
    }

    @Test("negative limits are rejected, naming the parameter")
    func badLimits() {
        let a = makeParameter([0], gradient: [1])
        #expect(throwsNaming("maxNorm") { try clipGradientNorm([a], maxNorm: -1) })
        #expect(throwsNaming("clipValue") { try clipGradientValue([a], clipValue: -1) })
    }
}
