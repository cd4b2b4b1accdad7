import ArgumentParser
import Foundation
import Grader

/// `swift run release-student --output DIR`: the student edition of the package.
struct ReleaseStudent: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release-student",
        abstract: "Write the student edition: solutions replaced by stubs, hidden checks and grader tests left out.")

    @Option(name: .long, help: "Folder to write the student edition to (outside this package).")
    var output: String

    @Option(name: .long, help: "The instructor package (default: the package around the current folder).")
    var package: String?

    func run() throws {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let root = try PackageTree.root(from: package.map { URL(fileURLWithPath: $0) } ?? current)
        let summary = try StudentEdition.release(packageRoot: root, to: URL(fileURLWithPath: output))
        print("wrote the student edition (\(summary.copiedFiles) files) to \(output)")
        print("stubbed: " + summary.strippedFiles.joined(separator: ", "))
        print("next: cd \(output) && swift build && swift test   # every exercise reports 'not attempted'")
    }
}

ReleaseStudent.main()
