import Testing

@testable import Grader

@Suite struct PackageTreeTests {
    @Test("build folders, outputs and virtual environments (the browser tests' too) are never copied")
    func exclusions() {
        for path in [".build/debug/x", ".git/HEAD", "output/dropout/index.html", ".venv/bin/python",
                     ".venv-browser/bin/python", "tools/.venv/lib/x.py", "Tests/Browser/__pycache__/b.pyc"] {
            #expect(PackageTree.isExcluded(path), "\(path) should not be copied")
        }
        for path in ["Package.swift", "Tests/Browser/browser.py", "scripts/browser-venv.sh", "Sources/Student/Dropout.swift"] {
            #expect(!PackageTree.isExcluded(path), "\(path) should be copied")
        }
    }
}
