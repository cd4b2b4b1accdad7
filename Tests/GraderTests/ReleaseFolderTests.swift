import Foundation
import Grader
import Testing

/// `release-student --output DIR` never deletes what it did not write (issue 10, item 1).
@Suite("release-student output folder")
struct ReleaseFolderTests {
    /// A tiny instructor package in a fresh temporary folder: `<tmp>/work/package`.
    static func fakePackage() throws -> URL {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("release-folder-\(UUID().uuidString)/work/package")
        let files = [
            "Package.swift": "// swift-tools-version:6.1\n",
            "Sources/Student/Dropout.swift": "func f() throws -> Int {\n    // BEGIN SOLUTION\n    return 42\n    // END SOLUTION\n}\n",
            "Sources/Other/Helper.swift": "let helper = 1\n",
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    static func read(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }

    @Test("a folder holding other files is refused and left untouched")
    func refusesForeignFolder() throws {
        let package = try Self.fakePackage()
        let destination = package.deletingLastPathComponent().appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        try "my notes".write(to: destination.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        #expect(throws: GraderError.self) { try StudentEdition.release(packageRoot: package, to: destination) }
        #expect(Self.read(destination.appendingPathComponent("notes.txt")) == "my notes")
        #expect(try FileManager.default.contentsOfDirectory(atPath: destination.path) == ["notes.txt"])
    }

    @Test("the package itself (--output .) is refused and its solutions stay")
    func refusesPackageItself() throws {
        let package = try Self.fakePackage()
        let dotted = URL(fileURLWithPath: package.path + "/.")
        #expect(throws: GraderError.self) { try StudentEdition.release(packageRoot: package, to: dotted) }
        #expect(Self.read(package.appendingPathComponent("Sources/Student/Dropout.swift"))?.contains("return 42") == true)
    }

    @Test("a folder containing the package (--output ..) is refused and nothing in it is deleted")
    func refusesParents() throws {
        let package = try Self.fakePackage()
        let parent = package.deletingLastPathComponent()
        try "keep".write(to: parent.appendingPathComponent("sibling.txt"), atomically: true, encoding: .utf8)
        for destination in [URL(fileURLWithPath: package.path + "/.."), parent.deletingLastPathComponent()] {
            #expect(throws: GraderError.self) { try StudentEdition.release(packageRoot: package, to: destination) }
        }
        #expect(Self.read(parent.appendingPathComponent("sibling.txt")) == "keep")
        #expect(Self.read(package.appendingPathComponent("Package.swift")) != nil)
        #expect(Self.read(package.appendingPathComponent("Sources/Other/Helper.swift")) == "let helper = 1\n")
    }

    @Test("an earlier edition is replaced: its stale files go, the user's own files stay")
    func replacesEarlierEdition() throws {
        let package = try Self.fakePackage()
        let destination = package.deletingLastPathComponent().appendingPathComponent("edition")
        try StudentEdition.release(packageRoot: package, to: destination)
        #expect(Self.read(destination.appendingPathComponent("Sources/Student/Dropout.swift"))?.contains("notAttempted") == true)
        try "mine".write(to: destination.appendingPathComponent("student-notes.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: package.appendingPathComponent("Sources/Other/Helper.swift"))
        try StudentEdition.release(packageRoot: package, to: destination)
        #expect(Self.read(destination.appendingPathComponent("student-notes.txt")) == "mine")
        #expect(Self.read(destination.appendingPathComponent("Sources/Other/Helper.swift")) == nil)
        #expect(Self.read(destination.appendingPathComponent("Package.swift")) != nil)
    }
}
