import Foundation

/// Saving and loading a network's parameters and buffers as a safetensors checkpoint under
/// PyTorch's `state_dict` names, so the file loads in PyTorch with
/// `model.load_state_dict(safetensors.torch.load_file(path))` and back.
///
/// Shapes follow PyTorch: a `Linear` weight is `[out, in]`; biases, normalisation parameters
/// (γ, β) and running statistics are vectors `[n]` (stored here as 1 × n rows); an integer
/// counter such as `num_batches_tracked` is a 0-dimensional I64 scalar `[]`.
extension Layer {
    /// The safetensors entries of this network: every parameter and buffer under its state-dict name.
    public func checkpointEntries() -> [String: SafetensorsFile.Entry] {
        var entries: [String: SafetensorsFile.Entry] = [:]
        for (name, parameter) in namedParameters {
            let shape = checkpointShape(of: parameter.value, isMatrix: parameter.role == .weight)
            entries[name] = SafetensorsFile.Entry(floating: parameter.value.scalars, shape: shape)
        }
        for (name, buffer) in namedBuffers {
            if buffer.isInteger {
                let shape = buffer.value.count == 1 ? [] : checkpointShape(of: buffer.value, isMatrix: false)
                entries[name] = SafetensorsFile.Entry(integers: buffer.value.scalars.map { Int64($0) }, shape: shape)
            } else {
                let shape = checkpointShape(of: buffer.value, isMatrix: false)
                entries[name] = SafetensorsFile.Entry(floating: buffer.value.scalars, shape: shape)
            }
        }
        return entries
    }

    /// Writes every parameter and buffer to `url` as safetensors, atomically.
    public func saveCheckpoint(to url: URL, metadata: [String: String] = [:]) throws {
        try SafetensorsFile(tensors: checkpointEntries(), metadata: metadata).write(to: url)
    }

    /// Replaces every parameter and buffer with the tensor of the same name in `url`.
    ///
    /// Every name, shape, dtype and value is checked before anything is changed, so on any error
    /// the network is left exactly as it was. Throws `CheckpointError` for an unreadable or
    /// corrupt file, a missing or unexpected key, a shape or dtype that differs from the
    /// network's, or a tensor holding NaN or ±∞ (unless `nonFiniteValues` is `.warn`, which
    /// loads it, prints a warning naming the tensor to standard error and returns the warnings).
    @discardableResult
    public func loadCheckpoint(
        from url: URL, nonFiniteValues: NonFiniteCheckpointValues = .refuse
    ) throws -> [CheckpointWarning] {
        try loadCheckpoint(SafetensorsFile.read(from: url), path: url.path, nonFiniteValues: nonFiniteValues)
    }

    /// Loads from a parsed file; `path` is only used in messages.
    @discardableResult
    public func loadCheckpoint(
        _ file: SafetensorsFile, path: String = "<memory>", nonFiniteValues: NonFiniteCheckpointValues = .refuse
    ) throws -> [CheckpointWarning] {
        var warnings: [CheckpointWarning] = []
        func checkFinite(_ value: Tensor<Scalar>, key: String) throws {
            guard let bad = value.nonFiniteValues() else { return }
            switch nonFiniteValues {
            case .refuse: throw CheckpointError.nonFiniteValues(path: path, key: key, values: bad)
            case .warn: warnings.append(CheckpointWarning(path: path, key: key, values: bad))
            }
        }
        var assignments: [() -> Void] = []
        var expectedNames = Set<String>()
        let available = file.tensors.keys.sorted()
        func entry(_ name: String, shape: [Int], dtype: SafetensorsDType) throws -> SafetensorsFile.Entry {
            expectedNames.insert(name)
            guard let entry = file.tensors[name] else {
                throw CheckpointError.missingKey(path: path, key: name, available: available)
            }
            guard entry.dtype == dtype else {
                throw CheckpointError.dtypeMismatch(path: path, key: name, expected: dtype.rawValue, found: entry.dtype.rawValue)
            }
            guard entry.shape == shape else {
                throw CheckpointError.shapeMismatch(path: path, key: name, expected: shape, found: entry.shape)
            }
            return entry
        }
        let floatType: SafetensorsDType = Scalar.self == Double.self ? .float64 : .float32
        for (name, parameter) in namedParameters {
            let shape = checkpointShape(of: parameter.value, isMatrix: parameter.role == .weight)
            let stored = try entry(name, shape: shape, dtype: floatType)
            let value = Tensor<Scalar>(
                rows: parameter.value.rows, columns: parameter.value.columns, scalars: stored.values(as: Scalar.self)
            ).withImageShape(of: parameter.value)
            try checkFinite(value, key: name)
            assignments.append { parameter.value = value }
        }
        for (name, buffer) in namedBuffers {
            let shape = buffer.isInteger && buffer.value.count == 1 ? [] : checkpointShape(of: buffer.value, isMatrix: false)
            let stored = try entry(name, shape: shape, dtype: buffer.isInteger ? .int64 : floatType)
            let value = Tensor<Scalar>(
                rows: buffer.value.rows, columns: buffer.value.columns, scalars: stored.values(as: Scalar.self))
            try checkFinite(value, key: name)
            assignments.append { buffer.value = value }
        }
        if let extra = available.first(where: { !expectedNames.contains($0) }) {
            throw CheckpointError.unexpectedKey(path: path, key: extra)
        }
        for assign in assignments { assign() }
        for warning in warnings {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        return warnings
    }
}

/// What `loadCheckpoint` does with a tensor holding NaN or ±∞.
public enum NonFiniteCheckpointValues: Sendable {
    /// Throw `CheckpointError.nonFiniteValues` naming the tensor; the network is left unchanged.
    case refuse
    /// Load it, and report each such tensor as a `CheckpointWarning` (also printed).
    case warn
}

/// A tensor loaded from a checkpoint although it holds NaN or ±∞ (`nonFiniteValues: .warn`).
public struct CheckpointWarning: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var key: String
    public var values: NonFiniteValues

    public var description: String {
        "checkpoint \(path): tensor '\(key)' holds \(values); loaded anyway (nonFiniteValues: .warn)"
    }
}

/// Writes every parameter and buffer of `layer` to `url` as safetensors, atomically
/// (see `Layer.saveCheckpoint(to:metadata:)`).
public func saveCheckpoint<Network: Layer>(of layer: Network, to url: URL, metadata: [String: String] = [:]) throws {
    try layer.saveCheckpoint(to: url, metadata: metadata)
}

/// Loads `url` into `layer`, checking every name, shape, dtype and value first
/// (see `Layer.loadCheckpoint(from:nonFiniteValues:)`).
@discardableResult
public func loadCheckpoint<Network: Layer>(
    into layer: Network, from url: URL, nonFiniteValues: NonFiniteCheckpointValues = .refuse
) throws -> [CheckpointWarning] {
    try layer.loadCheckpoint(from: url, nonFiniteValues: nonFiniteValues)
}

/// PyTorch's shape for one of our tensors: weights stay matrices `[rows, columns]`, a convolution's
/// kernels are `[out, in, kh, kw]` (their `imageShape`); a 1 × n row (a bias, γ, β, a running
/// statistic) is the vector `[n]`.
private func checkpointShape<Scalar>(of tensor: Tensor<Scalar>, isMatrix: Bool) -> [Int] {
    if tensor.imageShape != nil { return tensor.dimensions }
    return isMatrix || tensor.rows != 1 ? [tensor.rows, tensor.columns] : [tensor.columns]
}
