import ArgumentParser
import Lessons
import NeuralKit
import Notebook

/// `swift run lesson-dropout`: trains the lesson's networks, then writes
/// output/dropout/dropout.pdf, its figures and results.json.
struct LessonDropoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson-dropout",
        abstract: "Run the dropout lesson's experiments and write its PDF, figures and results.json.")

    @OptionGroup var options: LessonOptions

    func run() throws {
        BLAS.setThreadCount(1)  // bit-for-bit reproducible matrix products
        let reporter = LessonReporter()
        let built = try LessonBuilder(options: options, reporter: reporter).build(DropoutLesson.definition)
        reporter.finish(wrote: [built.pdf.path, built.resultsFile.path] + built.figureFiles.map(\.path))
    }
}

LessonDropoutCommand.main()
