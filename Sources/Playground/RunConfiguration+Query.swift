/// A query that cannot be read as a configuration: an unknown key or name, a value that is not a
/// number, a key given twice. (Values outside their range are NeuralKit's `HyperparameterError`s
/// or `PlaygroundLimits` errors, raised when the run is prepared.)
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    public let key: String
    public let value: String
    public let reason: String

    public var description: String { "\(key) = \"\(value)\": \(reason)" }
}

extension RunConfiguration {
    /// The query keys, in the order `queryString` writes them.
    public static let queryKeys = [
        "dataset", "n", "noise", "labelnoise", "width", "depth", "act", "norm", "dropout", "l1", "l2",
        "patience", "mindelta", "inputnoise", "mixup", "maxnorm", "clip", "opt", "lr", "batch", "epochs", "seed",
    ]

    /// The longest query accepted, in characters (a full configuration is about 250).
    public static let maximumQueryLength = 2048

    /// Parses a URL query (`dataset=two-moons&dropout=0.5&seed=3`, with or without the leading
    /// `?`). Keys left out keep their `defaults`; an empty query is the default configuration.
    public init(query: String) throws {
        self.init()
        guard query.count <= Self.maximumQueryLength else {
            throw ConfigurationError(
                key: "query", value: "\(query.count) characters",
                reason: "longer than \(Self.maximumQueryLength) characters; send only the configuration keys")
        }
        var seen = Set<String>()
        let body = query.hasPrefix("?") ? String(query.dropFirst()) : query
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.percentDecoded(String(parts[0])).lowercased()
            let value = parts.count > 1 ? Self.percentDecoded(String(parts[1])) : ""
            guard Self.queryKeys.contains(key) else {
                throw ConfigurationError(
                    key: key, value: value,
                    reason: "unknown setting; the settings are \(Self.queryKeys.joined(separator: ", "))")
            }
            guard seen.insert(key).inserted else {
                throw ConfigurationError(key: key, value: value, reason: "given twice; give each setting once")
            }
            try set(key, to: value)
        }
    }

    /// The configuration as a query string, every key in `queryKeys` order (no leading `?`).
    /// `RunConfiguration(query: c.queryString) == c` for every configuration.
    public var queryString: String {
        let values: [String: String] = [
            "dataset": dataset.rawValue, "n": "\(trainCount)", "noise": Self.format(dataNoise),
            "labelnoise": Self.format(labelNoise), "width": "\(width)", "depth": "\(depth)",
            "act": activation.rawValue, "norm": normalization.rawValue, "dropout": Self.format(dropout),
            "l1": Self.format(l1), "l2": Self.format(l2), "patience": patience.map { "\($0)" } ?? "off",
            "mindelta": Self.format(minDelta), "inputnoise": Self.format(inputNoise),
            "mixup": Self.format(mixup), "maxnorm": Self.format(maxNorm), "clip": Self.format(clipNorm),
            "opt": optimizer.rawValue, "lr": Self.format(learningRate), "batch": "\(batchSize)",
            "epochs": "\(epochs)", "seed": "\(seed)",
        ]
        return Self.queryKeys.map { "\($0)=\(values[$0]!)" }.joined(separator: "&")
    }

    private mutating func set(_ key: String, to value: String) throws {
        switch key {
        case "dataset": dataset = try Self.named(value, key: key)
        case "n": trainCount = try Self.integer(value, key: key)
        case "noise": dataNoise = try Self.number(value, key: key)
        case "labelnoise": labelNoise = try Self.number(value, key: key)
        case "width": width = try Self.integer(value, key: key)
        case "depth": depth = try Self.integer(value, key: key)
        case "act": activation = try Self.named(value, key: key)
        case "norm": normalization = try Self.named(value, key: key)
        case "dropout": dropout = try Self.number(value, key: key)
        case "l1": l1 = try Self.number(value, key: key)
        case "l2": l2 = try Self.number(value, key: key)
        case "patience": patience = value == "off" || value.isEmpty ? nil : try Self.integer(value, key: key)
        case "mindelta": minDelta = try Self.number(value, key: key)
        case "inputnoise": inputNoise = try Self.number(value, key: key)
        case "mixup": mixup = try Self.number(value, key: key)
        case "maxnorm": maxNorm = try Self.number(value, key: key)
        case "clip": clipNorm = try Self.number(value, key: key)
        case "opt": optimizer = try Self.named(value, key: key)
        case "lr": learningRate = try Self.number(value, key: key)
        case "batch": batchSize = try Self.integer(value, key: key)
        case "epochs": epochs = try Self.integer(value, key: key)
        case "seed":
            guard let parsed = UInt64(value) else {
                throw ConfigurationError(key: key, value: value, reason: "not a whole number in 0...\(UInt64.max)")
            }
            seed = parsed
        default: preconditionFailure("RunConfiguration: key \(key) is in queryKeys but has no parser")
        }
    }

    private static func named<Name: RawRepresentable & CaseIterable>(_ value: String, key: String) throws -> Name
    where Name.RawValue == String {
        if let name = Name(rawValue: value.lowercased()) { return name }
        let known = Name.allCases.map(\.rawValue).joined(separator: ", ")
        throw ConfigurationError(key: key, value: value, reason: "unknown name; choose one of \(known)")
    }

    private static func integer(_ value: String, key: String) throws -> Int {
        guard let parsed = Int(value) else {
            throw ConfigurationError(key: key, value: value, reason: "not a whole number")
        }
        return parsed
    }

    /// A decimal number; "nan" and "inf" are read (and then refused by the range checks, with
    /// NeuralKit's message), anything else that is not a number is refused here.
    private static func number(_ value: String, key: String) throws -> Double {
        guard let parsed = Double(value) else {
            throw ConfigurationError(key: key, value: value, reason: "not a number")
        }
        return parsed
    }

    /// The shortest decimal that reads back as the same Double ("0.5", "1e-05", "0").
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? "\(Int(value))" : "\(value)"
    }

    /// Decodes `%XX` escapes and `+` (a space in form encoding); malformed escapes stay as typed.
    static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), utf8.count >= 2,
                      let decoded = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(decoded)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
