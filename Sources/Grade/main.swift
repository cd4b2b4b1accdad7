import ArgumentParser
import Foundation
import Grader

/// `swift run grade`: grades student submissions with public and hidden checks.
struct Grade: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade exercise submissions (folders of Sources/Student/ files) with partial credit.",
        discussion: """
            swift run grade --submission submissions/alice            # one submission -> output/grades/alice/
            swift run grade --submissions submissions/*               # a class -> output/grades/*/ + gradebook.csv
            swift run grade                                           # the Student module of this package, in place
            The checks run in this process; the student's functions run in a sandboxed process per check
            (bubblewrap namespaces, an unprivileged user, rlimits). See docs/grading.md.
            """)

    @Option(name: .long, help: "A folder of student files (a copy of Sources/Student/, or any folder with them) to grade.")
    var submission: String?

    @Option(name: .long, parsing: .upToNextOption, help: "Several submission folders (e.g. submissions/*), graded in parallel.")
    var submissions: [String] = []

    @Option(name: .long, help: "Output folder (default output/grades/<submission>/, or output/grades/ for --submissions).")
    var output: String?

    @Option(name: .long, help: "The package to build submissions in (default: the package around the current folder).")
    var package: String?

    @Option(name: .long, help: "Parallel slots for --submissions (default: one per core).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "List the checks with their points and exit.")
    var list = false

    @Option(name: .long, help: "Write Gradescope's autograder zip (setup.sh, run_autograder, the package) to this path and exit.")
    var gradescopeBundle: String?

    @Flag(name: .long, help: "Build the submission in --package itself (Gradescope's container: one submission, the package pre-built).")
    var inPackage = false

    @Option(name: .long, help: "With --in-package: the student files as handed out (stubs), restored for files a submission lacks.")
    var stubs: String?

    @Option(name: .long, help: "Gradescope's submission_metadata.json: the student ids, names and emails for the report.")
    var metadata: String?

    @Option(name: .long, help: "A roster CSV (submission,id,name,email; Canvas's Student/SIS User ID/SIS Login ID accepted) for --submissions.")
    var roster: String?

    @Option(name: .long, help: "Write the public fixtures generated from the reference to this Swift file (instructor only).")
    var writeFixtures: String?

    @Option(name: .long, parsing: .unconditional, help: "Multiply every check's time limit (10 s) by this factor (a positive number).")
    var timeScale: Double = 1

    func validate() throws {
        guard timeScale.isFinite, timeScale > 0 else {
            throw ValidationError(
                "--time-scale \(timeScale): must be a positive number, a factor on every check's 10 s limit "
                    + "(e.g. --time-scale 2 on a slow machine)")
        }
        if inPackage, stubs == nil {
            throw ValidationError(
                "--in-package needs --stubs DIR: the student files as handed out (the bundle's run_autograder passes "
                    + "$AUTOGRADER_ROOT/source/student-stubs), since Sources/Student/ holds the previous submission")
        }
        guard workers >= 1 else {
            throw ValidationError("--workers \(workers): must be at least 1 (parallel grading slots, e.g. --workers 2)")
        }
    }

    func run() throws {
        if list {
            for check in CheckCatalog.all {
                print("\(check.id)  [\(check.visibility.rawValue), \(check.points) pt]  \(check.title)")
            }
            return
        }
        // BEGIN INSTRUCTOR
        if let path = writeFixtures {
            try writeAtomically(try FixtureWriter.source(), to: URL(fileURLWithPath: path))
            print("wrote \(path)")
            return
        }
        // END INSTRUCTOR
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let packageRoot = try PackageTree.root(from: package.map { URL(fileURLWithPath: $0) } ?? current)
        let log: @Sendable (String) -> Void = { message in
            FileHandle.standardError.write(Data("grade: \(message)\n".utf8))
        }

        if let path = gradescopeBundle {
            let files = try GradescopeBundle.write(packageRoot: packageRoot, to: URL(fileURLWithPath: path))
            print("wrote \(path): setup.sh, run_autograder and the package (\(files) files, student files as stubs)")
            print("upload it as the autograder of a Gradescope programming assignment; see docs/grading.md")
            return
        }
        if let submission {
            let folder = URL(fileURLWithPath: submission)
            let name = folder.standardizedFileURL.lastPathComponent
            let out = URL(fileURLWithPath: output ?? packageRoot.appendingPathComponent("output/grades/\(name)").path)
            let cores = ProcessInfo.processInfo.activeProcessorCount
            let builder = inPackage
                ? SubmissionBuilder(inPackage: packageRoot, stubs: URL(fileURLWithPath: stubs ?? ""), jobs: cores)
                : SubmissionBuilder(packageRoot: packageRoot, slotIndex: 0, jobs: cores)
            let students = try metadata.map { try StudentIdentity.fromGradescopeMetadata(URL(fileURLWithPath: $0)) } ?? []
            let report = try ClassGrader.grade(
                submission: folder, output: out, builder: builder, timeScale: timeScale, students: students, log: log)
            print(MarkdownReport.render(report))
            print("score \(report.score) / \(report.maxScore): \(out.path)/report.md, results.json, junit.xml")
            return
        }
        if !submissions.isEmpty {
            let outputRoot = URL(fileURLWithPath: output ?? packageRoot.appendingPathComponent("output/grades").path)
            let (folders, skipped) = ClassGrader.existingFolders(submissions)
            for (path, reason) in skipped.sorted(by: { $0.key < $1.key }) { log("skipping \(path): \(reason)") }
            let rosterFile = try roster.map { try Roster.read(URL(fileURLWithPath: $0)) }
            let start = Date()
            let reports = try ClassGrader.gradeClass(
                submissions: folders, outputRoot: outputRoot, packageRoot: packageRoot, workers: workers,
                timeScale: timeScale, skipped: skipped, roster: rosterFile, log: log)
            log(String(format: "graded %d submissions in %.1f s with %d workers", reports.count, Date().timeIntervalSince(start), workers))
            let total = folders.count + skipped.count
            print("graded \(reports.count) of \(total) submissions: \(outputRoot.path)/gradebook.csv")
            if reports.count < total {
                print("not graded: \(total - reports.count), listed with the reason in \(outputRoot.path)/ungraded.txt")
                throw ExitCode.failure
            }
            return
        }
        // In place: this package's own Student module (a student's checkout, or the instructor's solutions).
        let runner = try RunnerBuild.inPlace(packageRoot: packageRoot, log: log)
        let report = ClassGrader.gradeInPlace(
            name: "Sources-Student", runner: IsolatedCheckRunner(runner: runner, sandbox: .detect(), timeScale: timeScale))
        let folder = URL(fileURLWithPath: output ?? packageRoot.appendingPathComponent("output/grades/Sources-Student").path)
        try ReportWriter.write(report, to: folder)
        print(MarkdownReport.render(report))
        print("score \(report.score) / \(report.maxScore): \(folder.path)/report.md")
    }
}

Grade.main()
