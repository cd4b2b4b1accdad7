import Foundation

/// Makes the student edition of the package: a copy in which the reference solutions are stubs and
/// the hidden checks and the grader's own tests are left out.
///
/// - files and folders in `instructorOnly` are not copied;
/// - every `.swift` file with markers goes through `SolutionStripper` (solutions become stubs,
///   instructor blocks disappear), `Package.swift` included;
/// - the result is checked: no marker and no hidden-check name may survive.
public enum StudentEdition {
    /// Paths (relative to the package root) that exist only in the instructor's package.
    public static let instructorOnly = ["Sources/Grader/Hidden", "Tests/GraderTests", "docs/grading-instructor-notes.md"]

    public struct Summary: Sendable {
        public var copiedFiles: Int
        public var strippedFiles: [String]
    }

    public static func release(packageRoot: URL, to destination: URL) throws -> Summary {
        let destination = destination.standardizedFileURL
        let previous = try EditionFolder.previousEdition(at: destination, packageRoot: packageRoot)
        var contents: [String: Data] = [:]
        var stripped: [String] = []
        for relative in PackageTree.files(under: packageRoot) {
            if instructorOnly.contains(where: { relative == $0 || relative.hasPrefix($0 + "/") }) { continue }
            var data = try Data(contentsOf: packageRoot.appendingPathComponent(relative))
            if relative.hasSuffix(".swift"), let source = String(data: data, encoding: .utf8), SolutionStripper.hasMarkers(source) {
                let student = try SolutionStripper.strip(source, file: relative)
                data = Data(student.utf8)
                stripped.append(relative)
            }
            contents[relative] = data
        }
        for (relative, data) in contents where relative.hasSuffix(".swift") {
            let text = String(decoding: data, as: UTF8.self)
            let markers = ["// BEGIN SOLUTION", "// END SOLUTION", "// BEGIN INSTRUCTOR", "// END INSTRUCTOR"]
            for line in text.split(separator: "\n") {
                let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
                if let marker = markers.first(where: { trimmed.hasPrefix($0) }) {
                    throw GraderError.cannotWrite(destination.path, reason: "\(relative) would still contain \"\(marker)\"")
                }
            }
            // The names of instructor-only code (this file lists them, so it is exempt).
            if relative != "Sources/Grader/Release/StudentEdition.swift" {
                for leak in ["HiddenChecks.all", "FixtureWriter.", "Submission.reference"] where text.contains(leak) {
                    throw GraderError.cannotWrite(destination.path, reason: "\(relative) would still contain \"\(leak)\"")
                }
            }
        }
        try EditionFolder.write(contents, previous: previous, into: destination)
        return Summary(copiedFiles: contents.count, strippedFiles: stripped.sorted())
    }
}
