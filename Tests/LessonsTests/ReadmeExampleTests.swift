import NeuralKit
import Testing

/// The NeuralKit example of README.md, verbatim, so the README cannot show code that does not
/// compile or does not work.
@Suite("README example")
struct ReadmeExampleTests {
    @Test("the README's two-moons example trains to high accuracy")
    func readmeExample() throws {
        // BEGIN README EXAMPLE
        var generator = RandomGenerator(seed: 7)
        let moons = try Dataset.twoMoons(count: 400, noise: 0.2, using: &generator)
        let hidden = Linear<Float>(inputSize: 2, outputSize: 64, generator: &generator)
        let output = Linear<Float>(inputSize: 64, outputSize: 2, generator: &generator)
        let network = Sequential<Float>([hidden, ReLU(), try Dropout(probability: 0.2, seed: 1), output])
        let optimizer = try AdamW<Float>(parameters: network.parameters, learningRate: 1e-2)
        let trainer = try Trainer(
            network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 32, seed: 7)
        try trainer.fit(on: moons, epochs: 100)
        print(network.accuracy(on: moons))  // evaluation mode: dropout off
        // END README EXAMPLE
        #expect(network.accuracy(on: moons) > 0.95)
    }

    @Test("the example in README.md is the one tested here")
    func readmeMatches() throws {
        let root = #filePath.components(separatedBy: "/Tests/")[0]
        let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
        let test = try String(contentsOfFile: #filePath, encoding: .utf8)
        let start = try #require(test.range(of: "// BEGIN README EXAMPLE\n"))
        let end = try #require(test.range(of: "        // END README EXAMPLE"))
        let body = test[start.upperBound..<end.lowerBound]
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("        ") ? String($0.dropFirst(8)) : String($0) }
            .joined(separator: "\n")
        #expect(readme.contains(body))
    }
}
