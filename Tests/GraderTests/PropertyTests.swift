import Grader
import NeuralKit
import PropertyBased
import Testing

/// Properties of the grader's own machinery, checked on inputs PropertyBased generates and shrinks.
@Suite("Grader machinery properties")
struct PropertyTests {
    @Test("the statistical dropout checks accept a correct layer whatever generator it uses")
    func statisticalChecksHaveNoFalseAlarms() async {
        let ids: Set<String> = ["dropout.kept-fraction", "dropout.mean-preserved", "dropout.survivors-scaled"]
        let checks = CheckCatalog.checks(of: .dropout).filter { ids.contains($0.id) }
        await propertyCheck(count: 15, input: Gen.int(in: 0...Int.max)) { seed in
            var submission = Submission.reference
            // Ignores the generator it is given and draws from its own: valid, and different from the reference.
            submission.makeDropout = { p, _ in DropoutVariant(probability: p, generator: RandomGenerator(seed: UInt64(seed))) }
            for result in CheckRunner.run(checks, on: submission) {
                #expect(result.status == .passed, "seed \(seed): \(result.id) \(result.message)")
            }
        }
    }

    @Test("relative error is symmetric, zero exactly for equal arrays, and scale-free above the floor")
    func relativeErrorProperties() async {
        await propertyCheck(input: Gen.double(in: 1...100).array(of: 1...8), Gen.double(in: -1...1).array(of: 8)) { a, noise in
            let b = zip(a, noise).map { $0 + $1 }
            #expect(relativeError(a, b) == relativeError(b, a))
            #expect(relativeError(a, a) == 0)
            let scaled = relativeError(a.map { $0 * 1024 }, b.map { $0 * 1024 })
            #expect(abs(scaled - relativeError(a, b)) <= 1e-12)
            if a != b { #expect(relativeError(a, b) > 0) }
        }
    }

    @Test("stripping solutions keeps everything outside the markers and nothing inside")
    func stripperKeepsOutsideOnly() async throws {
        await propertyCheck(input: Gen.letterOrNumber.string(of: 1...12).array(of: 0...5), Gen.letterOrNumber.string(of: 1...12).array(of: 1...5)) { outside, inside in
            let source = (outside.map { "let \($0) = 1" } + ["    // BEGIN SOLUTION"] + inside.map { "    secret\($0)()" } + ["    // END SOLUTION"])
                .joined(separator: "\n")
            let stripped = try SolutionStripper.strip(source)
            #expect(!stripped.contains("secret"))
            for line in outside { #expect(stripped.contains("let \(line) = 1")) }
            #expect(stripped.contains("    throw ExerciseError.notAttempted"))
            #expect(try SolutionStripper.strip(stripped) == stripped)
        }
    }

    @Test("unbalanced markers are an error naming the file and line")
    func unbalancedMarkers() {
        #expect(throws: SolutionStripper.MarkerError.self) { try SolutionStripper.strip("a\n// BEGIN SOLUTION\nb", file: "X.swift") }
        #expect(throws: SolutionStripper.MarkerError.self) { try SolutionStripper.strip("// END SOLUTION", file: "X.swift") }
        do {
            _ = try SolutionStripper.strip("x\n// BEGIN SOLUTION\n// BEGIN INSTRUCTOR\n", file: "X.swift")
        } catch {
            #expect("\(error)".hasPrefix("X.swift:3:"))
        }
    }

    @Test("crash messages name the runtime's fatal error or the signal")
    func crashDescriptions() {
        let fatal = "noise\nSwift/ContiguousArrayBuffer.swift:691: Fatal error: Index out of range\nmore"
        #expect(IsolatedCheckRunner.describeCrash(standardError: fatal).contains("Fatal error: Index out of range"))
        #expect(IsolatedCheckRunner.describeCrash(standardError: "").contains("without a message"))
    }
}
