/// A formula in a lesson that the TeX-like math subset cannot read.
///
/// The description names the formula, what is wrong and how to fix it; the lesson builder adds the
/// `file:line` of the formula.
public struct MathError: Error, Equatable, CustomStringConvertible {
    /// The formula as written between the dollar signs.
    public var formula: String
    /// What is wrong, in a sentence that says how to fix it.
    public var problem: String

    public init(formula: String, problem: String) {
        self.formula = formula
        self.problem = problem
    }

    public var description: String { "in math `\(formula)`: \(problem)" }
}
