import ArgumentParser
import Foundation
import Lessons
import NeuralKit
import Notebook

/// `swift run course`: builds every written lesson (its experiments, its PDF, figures and
/// results.json) and the whole course into `output/course.pdf`.
struct CourseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "course",
        abstract: "Build every lesson found in lessons/ and the course PDF (output/course.pdf).")

    @OptionGroup var options: LessonOptions

    @Option(help: "Build only these lessons (by name, repeatable); default: all.")
    var lesson: [String] = []

    func run() throws {
        let catalog = LessonCatalog.all
        let unknown = lesson.filter { name in !catalog.contains { $0.name == name } }
        guard unknown.isEmpty else {
            let known = catalog.map(\.name).joined(separator: ", ")
            throw ValidationError("unknown lesson \(unknown.joined(separator: ", ")); the lessons are: \(known.isEmpty ? "none yet" : known)")
        }
        let chosen = lesson.isEmpty ? catalog : catalog.filter { lesson.contains($0.name) }
        let reporter = LessonReporter()
        let course = try CourseBuilder(options: options, reporter: reporter).build(chosen)
        var wrote = options.editions.contains(.pdf) ? course.lessons.map { $0.pdf.path } + [course.pdf.path] : []
        if let landing = course.sitePages.first { wrote.append(landing.path + " (\(course.sitePages.count) pages)") }
        reporter.finish(wrote: wrote)
        if !course.skipped.isEmpty {
            print("  (not written yet: \(course.skipped.joined(separator: ", ")))")
        }
    }
}

BLAS.relaunchWithFastKernelsIfNeeded()
CourseCommand.main()
