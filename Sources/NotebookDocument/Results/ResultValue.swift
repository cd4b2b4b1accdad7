/// A value an experiment recorded for the lesson text: one number, a sample of numbers (one per seed
/// or run, shown as mean ± standard deviation), or a short text (a model name, "p = 0.5").
public enum ResultValue: Sendable, Equatable {
    case number(Double)
    case sample([Double])
    case text(String)

    /// A short description of the kind, for error messages: "a number", "a sample of 5 values".
    public var kindDescription: String {
        switch self {
        case .number: return "a number"
        case .sample(let values): return "a sample of \(values.count) values"
        case .text: return "a text"
        }
    }
}

extension ResultValue: Codable {
    private enum CodingKeys: String, CodingKey { case number, sample, mean, standardDeviation, text }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let number = try container.decodeIfPresent(Double.self, forKey: .number) {
            self = .number(number)
        } else if let sample = try container.decodeIfPresent([Double].self, forKey: .sample) {
            self = .sample(sample)
        } else {
            self = .text(try container.decode(String.self, forKey: .text))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .number(let number):
            try container.encode(number, forKey: .number)
        case .sample(let values):
            try container.encode(values, forKey: .sample)
            try container.encode(SampleStatistics.mean(values), forKey: .mean)
            try container.encode(SampleStatistics.standardDeviation(values), forKey: .standardDeviation)
        case .text(let text):
            try container.encode(text, forKey: .text)
        }
    }
}
