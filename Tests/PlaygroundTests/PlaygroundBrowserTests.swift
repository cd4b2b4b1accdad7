import BrowserTesting
import Foundation
import NeuralKit
import Testing

/// The page in Debian's Chromium driven by Selenium (Tests/Browser/playground_test.py): train, watch,
/// pin, compare, stop, refused input, divergence, a shared link; screenshots in
/// .build/browser-screenshots/playground/ (light and dark, narrow and wide).
///
/// No time limit on the test: in the full suite on 2 cores its own resumption can wait minutes for
/// the cooperative pool. What could hang has a deadline of its own (the script is killed after
/// 150 s; the server start waits at most 60 s).
@Suite("Playground in a browser", .serialized)
struct PlaygroundBrowserTests {
    @Test func thePageTrainsPinsStopsAndReproduces() async throws {
        let running = try await RunningServer.start(concurrentRuns: 2)
        let screenshots = BrowserHarness.packageRoot.appendingPathComponent(".build/browser-screenshots/playground")
        let dropoutMessage = "\(try #require(throws: HyperparameterError.self) { try Dropout<Float>(probability: 1.5, generator: RandomGenerator(seed: 1)) })"
        let report = try await BrowserHarness.run(
            script: "playground_test.py", arguments: [running.url, screenshots.path, dropoutMessage], timeout: .seconds(150))
        #expect(report.failed.isEmpty, "failed: \(report.failed)\n\(report.output)")
        #expect(report.checkCount >= 15, "\(report.output)")
        #expect(report.exitCode == 0, "\(report.output)")
        for name in ["light-wide", "dark-wide", "light-narrow", "dark-narrow"] {
            #expect(FileManager.default.fileExists(atPath: screenshots.appendingPathComponent("playground-\(name).png").path))
        }
        print("playground browser: \(report.checkCount) checks; notes \(report.notes.sorted { $0.key < $1.key })")
    }
}
