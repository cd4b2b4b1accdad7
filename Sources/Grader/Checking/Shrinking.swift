import NeuralKit

/// An input of a property check that can propose smaller or simpler versions of itself, so that a
/// failure is reported on the smallest input that still fails (as QuickCheck does).
public protocol Shrinkable: CustomStringConvertible {
    /// Candidates that are strictly smaller or simpler, most aggressive first.
    var shrinkCandidates: [Self] { get }
}

/// Checks `property` on `count` inputs drawn by `generate` from generators derived from `seed`.
///
/// On the first failing input, shrinks it greedily (take the first candidate that still fails, repeat)
/// and throws a `CheckFailure` describing the smallest failing input with its failure. Errors other
/// than `CheckFailure` (a stub's `notAttempted`, an error the student's code throws) pass through.
func forAll<Input: Shrinkable>(
    _ count: Int, seed: UInt64, generate: (inout RandomGenerator) -> Input,
    property: (Input) throws -> Void
) throws {
    let root = RandomGenerator(seed: seed)
    for index in 0..<count {
        var generator = root.derived("case \(index)")
        let input = generate(&generator)
        do {
            try property(input)
        } catch let failure as CheckFailure {
            var smallest = input
            var smallestFailure = failure
            var steps = 0
            shrinking: while steps < 200 {
                for candidate in smallest.shrinkCandidates {
                    do {
                        try property(candidate)
                    } catch let candidateFailure as CheckFailure {
                        smallest = candidate
                        smallestFailure = candidateFailure
                        steps += 1
                        continue shrinking
                    } catch {
                        continue
                    }
                }
                break
            }
            let origin = steps == 0 ? "" : " (shrunk from a larger failing input in \(steps) steps)"
            throw CheckFailure(
                smallestFailure.kind,
                "property fails on case \(index + 1) of \(count)\(origin)\n"
                    + "smallest failing input: \(smallest)\n\(smallestFailure.message)")
        }
    }
}

extension Tensor where Scalar == Double {
    /// Smaller tensors (one row or column fewer, down to `minimumRows` × 1) and simpler values
    /// (rounded to one decimal, then to integers that are not zero).
    func shrinkCandidates(minimumRows: Int = 1) -> [Tensor<Double>] {
        var candidates: [Tensor<Double>] = []
        if rows > minimumRows {
            candidates.append(self.rows(0..<Swift.max(minimumRows, rows / 2)))
            candidates.append(self.rows(0..<(rows - 1)))
        }
        if columns > 1 {
            candidates.append(droppingLastColumn())
        }
        let rounded = map { ($0 * 10).rounded() / 10 }
        if rounded != self && rounded.scalars.allSatisfy({ $0 != 0 }) { candidates.append(rounded) }
        let integers = map { $0.rounded() == 0 ? ($0 < 0 ? -1 : 1) : $0.rounded() }
        if integers != self { candidates.append(integers) }
        return candidates
    }

    func droppingLastColumn() -> Tensor<Double> {
        var result = Tensor<Double>(rows: rows, columns: columns - 1)
        for i in 0..<rows {
            for j in 0..<(columns - 1) { result[i, j] = self[i, j] }
        }
        return result
    }
}

extension Array where Element == Double {
    /// Shorter arrays (down to `minimumCount`) and simpler values.
    func shrinkCandidates(minimumCount: Int = 1) -> [[Double]] {
        var candidates: [[Double]] = []
        if count > minimumCount {
            candidates.append(Array(prefix(Swift.max(minimumCount, count / 2))))
            candidates.append(Array(dropLast()))
            candidates.append(Array(dropFirst()))
        }
        let rounded = map { ($0 * 10).rounded() / 10 }
        if rounded != self && rounded.allSatisfy({ $0 != 0 }) { candidates.append(rounded) }
        return candidates
    }
}
