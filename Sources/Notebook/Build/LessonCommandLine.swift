import ArgumentParser
import Foundation
import NotebookDocument

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
        LessonCommand.name = "lesson-\(lesson.name)"
        LessonCommand.abstract = "Run the \(lesson.title.lowercased()) lesson's experiments and write its PDF, figures and results.json."
        let options: LessonOptions
        do {
            options = try LessonCommand.parse(arguments).options
        } catch {
            LessonCommand.exit(withError: error)
        }
        let reporter = LessonReporter()
        if options.list {
            do {
                print(try LessonBuilder(options: options, reporter: reporter).listing(lesson), terminator: "")
                exit(0)
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                exit(1)
            }
        }
        do {
            let built = try LessonBuilder(options: options, reporter: reporter).build(lesson)
            let figures = built.pdf.deletingLastPathComponent().appendingPathComponent("figures").path
            var wrote: [String] = []
            if options.editions.contains(.pdf) { wrote.append(built.pdf.path + " (\(built.pageCount) pages)") }
            if let html = built.html { wrote.append(html.path) }
            wrote += [built.resultsFile.path, figures + "/ (\(built.figureFiles.count) files)"]
            reporter.finish(wrote: wrote)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(1)
        }
    }
}

/// The argument parser's view of a lesson executable, so that `--help` and usage errors name the
/// real command (`lesson-dropout`) rather than a generic one.
struct LessonCommand: ParsableCommand {
    nonisolated(unsafe) static var name = "lesson"
    nonisolated(unsafe) static var abstract = ""
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: name, abstract: abstract)
    }

    @OptionGroup var options: LessonOptions
}
