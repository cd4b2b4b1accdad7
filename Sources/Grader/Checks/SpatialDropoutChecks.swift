import NeuralKit

/// Public checks of exercise 7, spatial dropout (Dropout2d). A batch is N × (C·H·W): row n holds
/// the C maps of image n one after the other; the mask is N × C.
public enum SpatialDropoutChecks {
    static let exercise = Exercise.spatialDropout

    /// A spatial-dropout input: N images of `channels` maps of `mapSize` values, a drop
    /// probability and the seed of the layer's generator.
    struct Case: Shrinkable {
        var x: Tensor<Double>
        var channels: Int
        var probability: Double
        var seed: UInt64

        var mapSize: Int { x.columns / channels }
        var description: String {
            "p = \(formatted(probability)), seed \(seed), N = \(x.rows) images of C = \(channels) maps of \(mapSize) values, x = \(formatted(x))"
        }

        /// Fewer images, then fewer channels (whole maps removed), keeping the layout valid.
        var shrinkCandidates: [Case] {
            var candidates: [Case] = []
            if x.rows > 1 {
                candidates.append(Case(x: x.rows(0..<max(1, x.rows / 2)), channels: channels, probability: probability, seed: seed))
            }
            if channels > 1 {
                let kept = (0..<x.rows).flatMap { n in (0..<((channels - 1) * mapSize)).map { x[n, $0] } }
                candidates.append(Case(
                    x: Tensor(rows: x.rows, columns: (channels - 1) * mapSize, scalars: kept), channels: channels - 1,
                    probability: probability, seed: seed))
            }
            return candidates
        }

        static func random(
            _ g: inout RandomGenerator, images: ClosedRange<Int>, channels: ClosedRange<Int>, mapSides: ClosedRange<Int>
        ) -> Case {
            let probability = [0.1, 0.25, 0.5, 0.75, 0.9][g.integer(below: 5)]
            let c = g.integer(in: channels), side = g.integer(in: mapSides)
            return Case(
                x: g.nonZeroTensor(g.integer(in: images), c * side * side), channels: c, probability: probability,
                seed: g.next())
        }
    }

    /// 2 images of 3 maps of 2 × 2 values.
    static let fixedMask: Tensor<Double> = Tensor([[1, 0, 1], [0, 1, 1]])

    static let fixtures: [FixtureCase] = [
        FixtureCase(
            name: "spatial-dropout.mask-forward",
            inputDescription: "x = 2 × 12 values from seed 701 (2 images, 3 maps of 2 × 2), mask \(fixedMask.scalars), p = 0.4 and p = 0.25",
            compute: { s in
                var g = RandomGenerator(seed: 701)
                let x = g.tensor(2, 12)
                return [
                    ("output for p = 0.4", try s.spatialDropoutForward(x, fixedMask, 3, 0.4).scalars),
                    ("output for p = 0.25", try s.spatialDropoutForward(x, fixedMask, 3, 0.25).scalars),
                ]
            }),
        FixtureCase(
            name: "spatial-dropout.mask-backward",
            inputDescription: "∂L/∂y = 2 × 12 values from seed 702 (2 images, 3 maps of 2 × 2), mask \(fixedMask.scalars), p = 0.4",
            compute: { s in
                var g = RandomGenerator(seed: 702)
                let outputGradient = g.tensor(2, 12)
                return [("input gradient", try s.spatialDropoutBackward(outputGradient, fixedMask, 3, 0.4).scalars)]
            }),
    ]

    public static let checks: [Check] = [
        .fixture(
            fixtures[0], exercise: exercise, title: "forward with a given mask matches the fixture",
            points: 1.5, hint: exercise.hint("Forward and backward with a given mask")),
        .fixture(
            fixtures[1], exercise: exercise, title: "backward with a given mask matches the fixture",
            points: 1.5, hint: exercise.hint("Forward and backward with a given mask")),
        Check(
            id: "spatial-dropout.whole-maps", exercise: exercise,
            title: "every map is either all zero or all x / (1 − p)", points: 1, visibility: .public,
            hint: exercise.hint("Drawing the mask: one per image and channel"),
            body: { s in
                try forAll(12, seed: 71, generate: { Case.random(&$0, images: 2...8, channels: 2...8, mapSides: 2...4) }) { c in
                    let (_, y) = try trainingForward(s, c)
                    try expectFinite(y.scalars, what: "output", input: c.description)
                    try expectSomeMapsKeptAndSomeDropped(try keptMaps(y, c), c)
                }
            }),
        Check(
            id: "spatial-dropout.kept-fraction", exercise: exercise,
            title: "the fraction of kept maps is 1 − p (binomial bound)", points: 1, visibility: .public,
            hint: exercise.hint("Drawing the mask: one per image and channel"),
            body: { s in
                try forAll(12, seed: 72, generate: { Case.random(&$0, images: 20...40, channels: 8...16, mapSides: 1...2) }) { c in
                    let (_, y) = try trainingForward(s, c)
                    try expectFinite(y.scalars, what: "output", input: c.description)
                    // A map counts as kept when any of its values is not 0 (that maps go whole is
                    // spatial-dropout.whole-maps's to check).
                    let kept = (0..<c.x.rows).flatMap { n in (0..<c.channels).map { (n, $0) } }
                        .filter { n, channel in (0..<c.mapSize).contains { y[n, channel * c.mapSize + $0] != 0 } }.count
                    try expectKeptFraction(kept: kept, of: c.x.rows * c.channels, probability: c.probability, units: "maps")
                }
            }),
        Check(
            id: "spatial-dropout.evaluation-identity", exercise: exercise,
            title: "evaluation mode returns the input unchanged (and training mode does not)", points: 1,
            visibility: .public, hint: exercise.hint("Evaluation mode"),
            body: { s in
                try forAll(10, seed: 73, generate: { Case.random(&$0, images: 8...12, channels: 4...8, mapSides: 2...3) }) { c in
                    let (layer, y) = try trainingForward(s, c)
                    try expectSomeMapsKeptAndSomeDropped(try keptMaps(y, c), c)
                    layer.isTraining = false
                    try expectClose(
                        try layer.forward(c.x), c.x, tolerance: 1e-15, what: "output in evaluation mode", input: c.description)
                }
            }),
        Check(
            id: "spatial-dropout.backward-uses-forward-mask", exercise: exercise,
            title: "backward uses the mask of the forward pass (∂y/∂x = y/x)", points: 1, visibility: .public,
            hint: exercise.hint("Forward and backward with a given mask"),
            body: { s in
                try forAll(10, seed: 74, generate: { Case.random(&$0, images: 4...8, channels: 4...8, mapSides: 2...3) }) { c in
                    let (layer, y) = try trainingForward(s, c)
                    try expectSomeMapsKeptAndSomeDropped(try keptMaps(y, c), c)
                    var g = RandomGenerator(seed: c.seed).derived("upstream")
                    let outputGradient = g.tensor(c.x.rows, c.x.columns)
                    let inputGradient = try layer.backward(outputGradient)
                    // Given its mask, the layer is linear and diagonal: ∂y_i/∂x_i = y_i / x_i exactly.
                    var expected = outputGradient
                    for i in 0..<expected.count {
                        expected[i / c.x.columns, i % c.x.columns] *= y.scalars[i] / c.x.scalars[i]
                    }
                    try expectClose(
                        inputGradient, expected, tolerance: 1e-12, what: "∂L/∂x",
                        input: c.description + ", ∂L/∂y = \(formatted(outputGradient))")
                }
            }),
    ]

    /// The student's layer for `c` in training mode, and its output on `c.x`, checked to have
    /// the input's shape (the checks read it map by map).
    static func trainingForward(_ s: Submission, _ c: Case) throws -> (layer: any DropoutLayerUnderTest, y: Tensor<Double>) {
        let layer = try s.makeSpatialDropout(c.probability, c.channels, RandomGenerator(seed: c.seed))
        layer.isTraining = true
        let y = try layer.forward(c.x)
        try expect(y.shape == c.x.shape, "output shape \(y.shape) differs from input shape \(c.x.shape)")
        return (layer, y)
    }

    /// The N × C mask a training output shows: 1 where map (n, c) is x/(1 − p) everywhere, 0 where
    /// it is 0 everywhere. Throws when a map is neither (elements dropped or scaled one by one).
    static func keptMaps(_ y: Tensor<Double>, _ c: Case) throws -> Tensor<Double> {
        try expect(y.shape == c.x.shape, "output shape \(y.shape) differs from input shape \(c.x.shape)")
        var mask = Tensor<Double>(rows: c.x.rows, columns: c.channels)
        let scale = 1 / (1 - c.probability)
        for n in 0..<c.x.rows {
            for channel in 0..<c.channels {
                let columns = (channel * c.mapSize)..<((channel + 1) * c.mapSize)
                let zero = columns.allSatisfy { y[n, $0] == 0 }
                let scaled = columns.allSatisfy {
                    abs(y[n, $0] - c.x[n, $0] * scale) <= 1e-12 * abs(c.x[n, $0] * scale)
                }
                guard zero || scaled else {
                    let values = columns.map { y[n, $0] }, inputs = columns.map { c.x[n, $0] }
                    throw CheckFailure(
                        .wrong,
                        "map \(channel) of image \(n) is neither all 0 nor all x/(1 − p) = x · \(formatted(scale)): "
                            + "output \(formatted(values)) for input \(formatted(inputs)); spatial dropout keeps or drops a whole map\n"
                            + "input: \(c.description)")
                }
                mask[n, channel] = zero ? 0 : 1
            }
        }
        return mask
    }

    /// With at least 5 expected drops and 5 expected survivors among the N·C maps, some maps are
    /// dropped and some kept (a layer that returns zeros, or its input, fails). The chance that a
    /// correct layer fails this on any one input is below 0.02.
    static func expectSomeMapsKeptAndSomeDropped(_ mask: Tensor<Double>, _ c: Case) throws {
        let maps = Double(mask.count)
        let kept = mask.scalars.filter { $0 != 0 }.count
        if maps * (1 - c.probability) >= 5 {
            try expect(kept > 0, "every map was dropped (the output is all zeros) with p = \(formatted(c.probability)) on \(Int(maps)) maps; expected about \(formatted(maps * (1 - c.probability))) kept\ninput: \(c.description)")
        }
        if maps * c.probability >= 5 {
            try expect(Double(kept) < maps, "no map was dropped with p = \(formatted(c.probability)) on \(Int(maps)) maps; expected about \(formatted(maps * c.probability)) dropped\ninput: \(c.description)")
        }
    }
}
