import Foundation
import Grader
import Testing

@Suite("Exercise sheets agree with the checks")
struct SheetTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL

    func sheet(_ exercise: Exercise) throws -> String {
        try String(contentsOf: Self.root.appendingPathComponent(exercise.sheet), encoding: .utf8)
    }

    @Test("every hint points to a section that exists in the sheet", arguments: Exercise.allCases)
    func hints(_ exercise: Exercise) throws {
        let text = try sheet(exercise)
        for check in CheckCatalog.checks(of: exercise) {
            let section = try #require(check.hint.split(separator: "\"").dropFirst().first, "\(check.id): \(check.hint)")
            #expect(text.contains("## \(section)\n"), "\(check.id) points to a missing section \"\(section)\" of \(exercise.sheet)")
        }
    }

    @Test("the sheet lists every public check with its points, and the hidden points", arguments: Exercise.allCases)
    func gradingTable(_ exercise: Exercise) throws {
        let text = try sheet(exercise)
        for check in CheckCatalog.checks(of: exercise, including: [.public]) {
            let row = try #require(text.split(separator: "\n").first { $0.contains("`\(check.id)`") }, "\(check.id) missing from \(exercise.sheet)")
            #expect(row.hasSuffix("| \(formatted(check.points)) |"), "\(row)")
        }
        let hidden = CheckCatalog.checks(of: exercise, including: [.hidden]).reduce(0) { $0 + $1.points }
        let row = try #require(text.split(separator: "\n").first { $0.hasPrefix("| hidden checks") })
        #expect(row.hasSuffix("| \(formatted(hidden)) |"), "\(row)")
        #expect(text.contains("`Sources/Student/\(exercise.sourceFile)`"))
    }

    @Test("every sheet states the library policy the grader enforces", arguments: Exercise.allCases)
    func libraryPolicy(_ exercise: Exercise) throws {
        let text = try sheet(exercise)
        #expect(text.contains("## What you may use\n"))
        for name in LibraryPolicy.allowed where name != "TensorScalar" && name != "ValidationError" {
            #expect(text.contains("`\(name)`"), "\(exercise.sheet) does not name the allowed \(name)")
        }
    }

    func formatted(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
