import Preconditions

/// The share of positions at which two equally long lists of classes agree: accuracy when one of
/// them is the labels, agreement when both are predictions.
func matchingFraction(_ a: [Int], _ b: [Int]) -> Double {
    checkPrecondition(a.count == b.count && !a.isEmpty, "matchingFraction: \(a.count) and \(b.count) classes")
    return Double(zip(a, b).filter { $0 == $1 }.count) / Double(a.count)
}
