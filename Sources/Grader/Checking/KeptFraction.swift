/// Throws unless `kept` of `trials` independent keep-or-drop draws, each kept with probability
/// 1 − p, lies within five binomial standard deviations of its expectation (plus one, for small
/// counts):
///
/// ```
/// |kept − n·(1 − p)| ≤ 5·√(n·p·(1 − p)) + 1        (n = trials)
/// ```
///
/// A correct layer fails this with probability below 10⁻⁶ per input; one that keeps with
/// probability p instead of 1 − p, or keeps everything, fails by many deviations.
///
/// - Parameter units: what was kept or dropped, plural ("units", "maps"), for the feedback.
func expectKeptFraction(kept: Int, of trials: Int, probability p: Double, units: String) throws {
    let n = Double(trials)
    let expected = n * (1 - p)
    let bound = 5 * (n * p * (1 - p)).squareRoot() + 1
    try expect(
        abs(Double(kept) - expected) <= bound,
        "\(kept) of \(trials) \(units) kept; with p = \(formatted(p)) expected "
            + "\(formatted(expected)) ± \(formatted(bound)) (5 binomial standard deviations)")
}
