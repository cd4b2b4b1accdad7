/// A hyperparameter outside its allowed range (a dropout probability of 1.5, a negative learning
/// rate). Thrown, never clamped: the message names the parameter, the value and the range.
public struct HyperparameterError: Error, CustomStringConvertible, Equatable {
    public let owner: String
    public let name: String
    public let value: String
    public let allowed: String

    public init(owner: String, name: String, value: String, allowed: String) {
        self.owner = owner
        self.name = name
        self.value = value
        self.allowed = allowed
    }

    public var description: String {
        "\(owner): \(name) = \(value) is outside the allowed range \(allowed)"
    }
}

/// Throws unless `lower ≤ value < upper` (or `≤ upper` when `upperIncluded`).
public func validate<Value: Comparable & CustomStringConvertible>(
    _ value: Value, named name: String, in owner: String,
    atLeast lower: Value? = nil, lowerIncluded: Bool = true,
    below upper: Value? = nil, upperIncluded: Bool = false
) throws {
    let lowerOK = lower.map { lowerIncluded ? value >= $0 : value > $0 } ?? true
    let upperOK = upper.map { upperIncluded ? value <= $0 : value < $0 } ?? true
    // NaN compares false with everything, so it fails here too.
    if lowerOK && upperOK { return }
    let left = lower.map { (lowerIncluded ? "[" : "(") + "\($0)" } ?? "(−∞"
    let right = upper.map { "\($0)" + (upperIncluded ? "]" : ")") } ?? "∞)"
    throw HyperparameterError(owner: owner, name: name, value: "\(value)", allowed: "\(left), \(right)")
}
