import ArgumentParser
import Foundation

/// The whole `main.swift` of a lesson executable:
///
/// ```swift
/// import Lessons
/// import Notebook
/// LessonCommandLine.run(DropoutLesson.definition)
/// ```
/// It parses the shared options (`--seed`, `--quick`, `--output`, `--format`, `--help`), builds
/// the lesson with a terminal narrative, prints where the files went, and exits with status 1 and
/// the error (with `file:line` for mistakes in the source) if the build fails.
public enum LessonCommandLine {
    public static func run(_ lesson: LessonDefinition, arguments: [String]? = nil) {
        let options = LessonOptions.parseOrExit(arguments)
        let reporter = LessonReporter()
        do {
            let built = try LessonBuilder(options: options, reporter: reporter).build(lesson)
            let figures = built.pdf.deletingLastPathComponent().appendingPathComponent("figures").path
            reporter.finish(wrote: [
                built.pdf.path + " (\(built.pageCount) pages)", built.resultsFile.path,
                figures + "/ (\(built.figureFiles.count) files)",
            ])
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(1)
        }
    }
}
