import NeuralKit

/// A one-row parameter with a given value and gradient, for hand-worked optimiser steps.
func makeParameter(_ value: [Double], gradient: [Double], role: ParameterRole = .weight) -> Parameter<Double> {
    let parameter = Parameter(Tensor(rowVector: value), role: role)
    parameter.gradient = Tensor(rowVector: gradient)
    return parameter
}

func isClose(_ a: [Double], _ b: [Double], tolerance: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
}

/// Whether `body` throws a `HyperparameterError` whose message names `parameter`.
func throwsNaming(_ parameter: String, _ body: () throws -> Void) -> Bool {
    do {
        try body()
        return false
    } catch let error as HyperparameterError {
        return error.description.contains(parameter)
    } catch {
        return false
    }
}
