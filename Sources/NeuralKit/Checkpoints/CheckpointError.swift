/// Why a checkpoint could not be read, written or loaded into a network. Every case names the
/// file or key involved, so the message tells the user what to fix; none of them is a crash.
public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    /// The file could not be read or written at all (missing, permissions, disk full).
    case fileAccess(path: String, reason: String)
    /// The bytes are not a valid safetensors file (truncated, garbage, inconsistent header).
    case corrupt(path: String, reason: String)
    /// The network has a parameter or buffer that the file lacks.
    case missingKey(path: String, key: String, available: [String])
    /// The file holds a tensor that the network has no place for.
    case unexpectedKey(path: String, key: String)
    /// The file's tensor has another shape than the network's.
    case shapeMismatch(path: String, key: String, expected: [Int], found: [Int])
    /// The file's tensor has another element type than the network's.
    case dtypeMismatch(path: String, key: String, expected: String, found: String)
    /// The file's tensor holds NaN or ±∞ (usually a checkpoint of a run that diverged).
    case nonFiniteValues(path: String, key: String, values: NonFiniteValues)

    public var description: String {
        switch self {
        case .fileAccess(let path, let reason):
            return "checkpoint \(path): cannot access the file (\(reason))"
        case .corrupt(let path, let reason):
            return "checkpoint \(path) is not a valid safetensors file: \(reason); write it again or pick another file"
        case .missingKey(let path, let key, let available):
            let shown = available.prefix(8).joined(separator: ", ") + (available.count > 8 ? ", …" : "")
            return "checkpoint \(path) has no tensor '\(key)' that the network needs (the file has: \(shown)); "
                + "was it saved from a network with the same architecture?"
        case .unexpectedKey(let path, let key):
            return "checkpoint \(path) has a tensor '\(key)' that the network does not have; "
                + "was it saved from a network with the same architecture?"
        case .shapeMismatch(let path, let key, let expected, let found):
            return "checkpoint \(path): tensor '\(key)' has shape \(found) but the network expects \(expected); "
                + "the layer sizes differ from those the file was saved with"
        case .dtypeMismatch(let path, let key, let expected, let found):
            return "checkpoint \(path): tensor '\(key)' is stored as \(found) but the network expects \(expected); "
                + "convert the file or build the network with the matching scalar type"
        case .nonFiniteValues(let path, let key, let values):
            return "checkpoint \(path): tensor '\(key)' holds \(values), so the run that saved it had probably "
                + "diverged; load an earlier checkpoint, or pass nonFiniteValues: .warn to load it anyway"
        }
    }
}
