import NeuralKit

/// The hidden checks of exercise 7, spatial dropout.
extension HiddenChecks {
    static let spatialDropout: [Check] = [
        Check(
            id: "spatial-dropout.hidden.reference-random", exercise: .spatialDropout,
            title: "forward and backward with a mask agree with the reference on random inputs and edge cases",
            points: 1.5, visibility: .hidden,
            hint: Exercise.spatialDropout.hint("Forward and backward with a given mask"),
            body: { s in
                let reference = Submission.reference
                // Random shapes, then the edges: p = 0, one channel, 1 × 1 maps, a batch of one.
                try forAll(30, seed: 7001, generate: { g -> SpatialDropoutChecks.Case in
                    var c = SpatialDropoutChecks.Case.random(&g, images: 1...6, channels: 1...5, mapSides: 1...3)
                    switch g.integer(below: 5) {
                    case 0: c.probability = 0
                    case 1: c.x = c.x.rows(0..<1)
                    default: break
                    }
                    return c
                }) { c in
                    var g = RandomGenerator(seed: c.seed)
                    let mask = g.tensor(c.x.rows, c.channels, in: 0..<1).map { $0 < 1 - c.probability ? 1 : 0 }
                    let input = c.description + ", mask \(formatted(mask))"
                    try expectClose(
                        try s.spatialDropoutForward(c.x, mask, c.channels, c.probability),
                        try reference.spatialDropoutForward(c.x, mask, c.channels, c.probability),
                        what: "forward output", input: input)
                    try expectClose(
                        try s.spatialDropoutBackward(c.x, mask, c.channels, c.probability),
                        try reference.spatialDropoutBackward(c.x, mask, c.channels, c.probability),
                        what: "backward output", input: "∂L/∂y = x, " + input)
                }
            }),
        Check(
            id: "spatial-dropout.hidden.independent-images", exercise: .spatialDropout,
            title: "each image of a batch draws its own maps, and every forward pass draws anew", points: 1,
            visibility: .hidden, hint: Exercise.spatialDropout.hint("Drawing the mask: one per image and channel"),
            body: { s in
                let c = SpatialDropoutChecks.Case(
                    x: Tensor<Double>(rows: 16, columns: 16 * 4, repeating: 1), channels: 16, probability: 0.5, seed: 7002)
                let (layer, y) = try SpatialDropoutChecks.trainingForward(s, c)
                let first = try SpatialDropoutChecks.keptMaps(y, c)
                try SpatialDropoutChecks.expectSomeMapsKeptAndSomeDropped(first, c)
                let rows = Set((0..<first.rows).map { n in (0..<first.columns).map { first[n, $0] } })
                try expect(
                    rows.count > 1,
                    "all 16 images of the batch dropped exactly the same maps (\(formatted((0..<first.columns).map { first[0, $0] }))); "
                        + "draw one mask entry per image and channel, not one per channel")
                let second = try SpatialDropoutChecks.keptMaps(try layer.forward(c.x), c)
                try expect(
                    first != second,
                    "two forward passes over the same 16 images of 16 maps with p = 0.5 dropped exactly the same maps; draw a new mask every call")
            }),
        Check(
            id: "spatial-dropout.hidden.mean-preserved", exercise: .spatialDropout,
            title: "the output's sum equals the input's sum (binomial bound)", points: 0.5, visibility: .hidden,
            hint: Exercise.spatialDropout.hint("Why divide by 1 − p"),
            body: { s in
                try forAll(10, seed: 7003, generate: {
                    SpatialDropoutChecks.Case.random(&$0, images: 30...50, channels: 8...16, mapSides: 2...3)
                }) { c in
                    let x = c.x.map { abs($0) + 0.5 }
                    let layer = try s.makeSpatialDropout(c.probability, c.channels, RandomGenerator(seed: c.seed))
                    layer.isTraining = true
                    let y = try layer.forward(x)
                    try expectFinite(y.scalars, what: "output", input: c.description)
                    // x > 0 everywhere, so a zero output is a dropped value. With at least 24 maps
                    // expected dropped and 24 kept, a layer that drops nothing (the identity) or
                    // everything fails here, whatever its sum.
                    let dropped = y.scalars.filter { $0 == 0 }.count
                    try expect(
                        dropped > 0 && dropped < y.count,
                        "\(dropped) of \(y.count) output values are 0 with p = \(formatted(c.probability)) on \(x.rows) images of "
                            + "\(c.channels) maps: training mode must drop some maps and keep others")
                    // Var(Σ y) = Σ over maps of (Σ of the map)² · p / (1 − p), masks independent.
                    var mapSquares = 0.0
                    for n in 0..<x.rows {
                        for channel in 0..<c.channels {
                            let total = (0..<c.mapSize).reduce(0.0) { $0 + x[n, channel * c.mapSize + $1] }
                            mapSquares += total * total
                        }
                    }
                    let spread = (mapSquares * c.probability / (1 - c.probability)).squareRoot()
                    try expect(
                        abs(y.sum() - x.sum()) <= 5 * spread + 1e-9,
                        "the output sums to \(formatted(y.sum())), the input to \(formatted(x.sum())): more than 5 standard "
                            + "deviations (\(formatted(5 * spread))) apart; input: p = \(formatted(c.probability)), "
                            + "\(x.rows) images of \(c.channels) maps of \(c.mapSize) values in [0.5, 2.5)")
                }
            }),
    ]
}
