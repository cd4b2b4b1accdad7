import Foundation
import Testing

@testable import Notebook
import NotebookDocument

/// `--jobs` builds several lessons of the course at once (and audits several seed–lesson pairs at
/// once); what it writes must be byte-for-byte what a one-at-a-time build writes.
@Suite struct ConcurrentCourseTests {
    /// Three small lessons from the same source, each with a value that depends on its name and
    /// the seed, so a lesson that picked up another's results would show it.
    static let names = ["alpha", "beta", "gamma"]

    static func lessons(failing: String? = nil) -> [LessonDefinition] {
        names.map { name in
            let tiny = FrontEndToEndTests.lesson { seed in
                0.5 + Double(seed % 97) / 1000 + Double(name.unicodeScalars.first!.value) / 10_000
            }
            return LessonDefinition(name: name, title: "Lesson \(name)") { context in
                if name == failing { throw LessonBuildError.noLessons }
                try tiny.experiments(context)
                // A claim whose values come from this lesson and seed, for the audit.
                let values = (0..<5).map { Double((context.seed &+ UInt64($0)) % 7) - 2 }
                context.results.record(
                    claim: Claim(
                        id: "\(name)-positive", measure: "a number per run", rule: .positive(), values: values,
                        seeds: context.runSeeds(5)))
            }
        }
    }

    /// A package root with one source per lesson.
    static func makePackage() throws -> URL {
        let root = try FrontEndToEndTests.makePackage()
        for name in names {
            try FileManager.default.copyItem(
                at: root.appendingPathComponent("lessons/tiny.md"), to: root.appendingPathComponent("lessons/\(name).md"))
        }
        return root
    }

    /// Every file under `folder`, by path relative to it, with its bytes.
    static func files(under folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            files[String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count))] = try Data(contentsOf: url)
        }
        return files
    }

    @Test("the course built three lessons at a time writes the same files as one at a time")
    func concurrentCourseIsIdentical() throws {
        let root = try Self.makePackage()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("output")
        var written: [Int: [String: Data]] = [:]
        for jobs in [1, 3] {
            let options = LessonOptions(seed: 5, output: output.path, formats: [.svg], jobs: jobs)
            let course = try CourseBuilder(options: options, packageRoot: root, reporter: LessonReporter(output: .silent))
                .build(Self.lessons())
            #expect(course.lessons.map(\.definition.name) == Self.names)
            written[jobs] = try Self.files(under: output)
            try FileManager.default.removeItem(at: output)
        }
        let serial = try #require(written[1]), concurrent = try #require(written[3])
        #expect(serial.keys.sorted() == concurrent.keys.sorted())
        #expect(serial.keys.contains("/course.pdf") && serial.keys.contains("/beta/results.json"))
        for (path, bytes) in serial { #expect(concurrent[path] == bytes, "\(path) differs between --jobs 1 and --jobs 3") }
    }

    @Test("a lesson that fails in a concurrent build is named, and the others are still built")
    func concurrentFailureIsReported() throws {
        let root = try Self.makePackage()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("output")
        let options = LessonOptions(seed: 5, output: output.path, formats: [.svg], editions: [.pdf], jobs: 2)
        let builder = CourseBuilder(options: options, packageRoot: root, reporter: LessonReporter(output: .silent))
        #expect {
            try builder.build(Self.lessons(failing: "beta"))
        } throws: { error in
            "\(error)".contains("beta")
        }
        for name in ["alpha", "gamma"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("\(name)/\(name).pdf").path))
        }
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("course.pdf").path))
    }

    @Test("the claims audit over several seeds gives the same ledger with --jobs 1 and --jobs 2")
    func concurrentAuditIsIdentical() throws {
        let root = try Self.makePackage()
        defer { try? FileManager.default.removeItem(at: root) }
        var ledgers: [ClaimsAudit.Ledger] = []
        for jobs in [1, 2] {
            let options = LessonOptions(seed: 40, output: root.appendingPathComponent("output").path, jobs: jobs)
            ledgers.append(
                try ClaimsAudit(options: options, packageRoot: root, reporter: LessonReporter(output: .silent))
                    .run(Self.lessons(), seeds: 4))
        }
        #expect(ledgers[0].claims == ledgers[1].claims)
        #expect(ledgers[0].claims.map(\.claim) == Self.names.map { "\($0)-positive" })
        #expect(ledgers[0].claims.allSatisfy { $0.verdicts.count == 4 })
        // The values differ by seed, so the verdicts are not all alike: the rule really ran.
        #expect(Set(ledgers[0].claims.flatMap(\.verdicts)).count > 1)
    }

    @Test("a lesson build reads the audit back: the claims list gets the audit's count, and open claims are marked")
    func lessonReadsTheLedger() throws {
        let root = try Self.makePackage()
        defer { try? FileManager.default.removeItem(at: root) }
        let options = LessonOptions(seed: 40, output: root.appendingPathComponent("output").path, formats: [.svg], jobs: 1)
        let audit = ClaimsAudit(options: options, packageRoot: root, reporter: LessonReporter(output: .silent))
        let ledger = try audit.run(Self.lessons(), seeds: 4)
        _ = try audit.write(ledger)
        let entry = try #require(ledger.claims.first { $0.claim == "beta-positive" })
        let records = ClaimsAudit.records(of: "beta", in: options.outputFolder(packageRoot: root))
        #expect(records == ["beta-positive": ClaimAuditRecord(holds: entry.holds, seeds: 4)])
        #expect(ClaimsAudit.records(of: "delta", in: options.outputFolder(packageRoot: root)).isEmpty)

        let built = try LessonBuilder(options: options, packageRoot: root, reporter: LessonReporter(output: .silent))
            .build(Self.lessons()[1])
        let table = built.chapter.blocks.compactMap { block -> TableBlock? in
            if case .table(let table) = block, table.header.last?.plainText == "audit: held on" { return table }
            return nil
        }.first
        let row = try #require(table?.rows.first)
        let expected = "\(entry.holds) of 4 seeds" + (entry.holdRate < 0.8 ? ", open" : "")
        #expect(row.last?.plainText == expected)
    }

    @Test("the ledger's chapter names the commit whose code the audit ran")
    func ledgerNamesItsCommit() throws {
        var ledger = ClaimsAudit.Ledger(
            seeds: [7, 8], quick: false, jobs: 2, seconds: 1, commit: "4ce43dd5a3552882be6aef5c8f1876ddbcb182bb", claims: [],
            lessonsWithoutClaims: [])
        func intro() -> String {
            guard case .paragraph(let text) = ClaimsAudit.chapter(ledger, title: "Ledger").blocks.first else { return "" }
            return text.plainText
        }
        #expect(intro().contains("(7, 8) with the code of commit 4ce43dd;"))
        ledger.commit += "-dirty"
        #expect(intro().contains("with the code of commit 4ce43dd with uncommitted changes;"))
    }
}
