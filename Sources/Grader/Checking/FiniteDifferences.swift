/// The gradient of `function` at `x` by central differences, `(f(x + h eᵢ) − f(x − h eᵢ)) / 2h`:
/// how the checks test a student's backward pass against the student's own forward pass.
func numericalGradient(
    of function: ([Double]) throws -> Double, at x: [Double], step h: Double = 1e-5
) rethrows -> [Double] {
    var gradient = [Double](repeating: 0, count: x.count)
    var probe = x
    for i in x.indices {
        probe[i] = x[i] + h
        let plus = try function(probe)
        probe[i] = x[i] - h
        let minus = try function(probe)
        probe[i] = x[i]
        gradient[i] = (plus - minus) / (2 * h)
    }
    return gradient
}
