import Foundation
import Testing
import NeuralKit

/// One PyTorch parity fixture: a JSON file written by `tools/make_fixtures.py`.
///
/// Every file names its `kind` (which computation it checks) and the `seed` its inputs were drawn
/// with. A tensor is `{"shape": [...], "values": [...]}` holding exact float32 numbers; a 1-D tensor
/// (a bias, a BatchNorm statistic) is read as a 1 × n row vector, which is how NeuralKit stores them;
/// a 4-D tensor as a batch of images (N rows with `imageShape` (C, H, W)).
struct Fixture {
    /// The file name, e.g. `linear-forward-backward-seed1.json`.
    let name: String
    let content: [String: Any]

    /// The folder of fixture files: the test bundle's copy (`resources: [.copy("Fixtures")]`),
    /// or the source folder beside this file if the bundle has none.
    static let folder: URL = {
        if let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) { return url }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures")
    }()

    /// Every fixture file in the folder, sorted: a file made with a new seed is picked up with no
    /// code change. (Empty only if the folder is missing, which a test reports.)
    static let fileNames: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }()

    init(fileNamed name: String) throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent(name))
        guard let content = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureError(file: name, key: "(top level)", problem: "is not a JSON object")
        }
        self.init(name: name, content: content)
    }

    init(name: String, content: [String: Any]) {
        self.name = name
        self.content = content
    }

    var kind: String { (content["kind"] as? String) ?? "(no kind)" }
    var seed: Int { (content["seed"] as? Int) ?? -1 }

    private func value(_ key: String) throws -> Any {
        guard let value = content[key] else {
            throw FixtureError(file: name, key: key, problem: "is missing")
        }
        return value
    }

    func number(_ key: String) throws -> Double {
        guard let number = try value(key) as? Double else {
            throw FixtureError(file: name, key: key, problem: "is not a number")
        }
        return number
    }

    func integer(_ key: String) throws -> Int {
        guard let integer = try value(key) as? Int else {
            throw FixtureError(file: name, key: key, problem: "is not an integer")
        }
        return integer
    }

    func integers(_ key: String) throws -> [Int] {
        guard let integers = try value(key) as? [Int] else {
            throw FixtureError(file: name, key: key, problem: "is not a list of integers")
        }
        return integers
    }

    func numbers(_ key: String) throws -> [Double] {
        guard let numbers = try value(key) as? [Double] else {
            throw FixtureError(file: name, key: key, problem: "is not a list of numbers")
        }
        return numbers
    }

    func string(_ key: String) throws -> String {
        guard let string = try value(key) as? String else {
            throw FixtureError(file: name, key: key, problem: "is not a string")
        }
        return string
    }

    func boolean(_ key: String) throws -> Bool {
        guard let boolean = try value(key) as? Bool else {
            throw FixtureError(file: name, key: key, problem: "is not true or false")
        }
        return boolean
    }

    /// A nested object, read as a fixture of its own (same file name, for messages).
    func object(_ key: String) throws -> Fixture {
        guard let object = try value(key) as? [String: Any] else {
            throw FixtureError(file: name, key: key, problem: "is not an object")
        }
        return Fixture(name: "\(name) › \(key)", content: object)
    }

    /// A list of nested objects (e.g. the steps of an optimiser).
    func objects(_ key: String) throws -> [Fixture] {
        guard let objects = try value(key) as? [[String: Any]] else {
            throw FixtureError(file: name, key: key, problem: "is not a list of objects")
        }
        return objects.enumerated().map { Fixture(name: "\(name) › \(key)[\($0.offset)]", content: $0.element) }
    }

    /// A tensor in float32 (`Scalar` = `Float`) or widened exactly to `Double`.
    func tensor<Scalar: TensorScalar>(_ key: String, as type: Scalar.Type = Float.self) throws -> Tensor<Scalar> {
        guard let object = try value(key) as? [String: Any],
              let shape = object["shape"] as? [Int], let values = object["values"] as? [Double]
        else {
            throw FixtureError(file: name, key: key, problem: "is not a tensor {\"shape\", \"values\"}")
        }
        let (rows, columns): (Int, Int)
        switch shape.count {
        case 0: (rows, columns) = (1, 1)
        case 1: (rows, columns) = (1, shape[0])
        case 2: (rows, columns) = (shape[0], shape[1])
        case 4: (rows, columns) = (shape[0], shape[1] * shape[2] * shape[3])
        default: throw FixtureError(file: name, key: key, problem: "has shape \(shape); only 0, 1, 2 or 4 dimensions are used")
        }
        guard rows * columns == values.count else {
            throw FixtureError(file: name, key: key, problem: "has shape \(shape) but \(values.count) values")
        }
        let matrix = Tensor(rows: rows, columns: columns, scalars: values.map { Scalar(Float($0)) })
        guard shape.count == 4 else { return matrix }
        // [N, C, H, W] images, or [out, in, kh, kw] convolution kernels
        return matrix.asImages(ImageShape(channels: shape[1], height: shape[2], width: shape[3]))
    }
}

/// A fixture file that does not hold what its kind needs; regenerate it with tools/make_fixtures.py.
struct FixtureError: Error, CustomStringConvertible {
    let file: String
    let key: String
    let problem: String

    var description: String {
        "fixture \(file): \"\(key)\" \(problem); regenerate the fixtures with tools/.venv/bin/python tools/make_fixtures.py"
    }
}
