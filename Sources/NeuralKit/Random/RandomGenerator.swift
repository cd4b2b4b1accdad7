import Preconditions

/// A seeded pseudo-random number generator: xoshiro256** (Blackman & Vigna, 2018), seeded
/// through SplitMix64.
///
/// There is no global generator in NeuralKit: every random draw (initialisation, dropout masks,
/// shuffling, data sets) takes a generator made from an explicit seed, so the same seed gives
/// bit-identical runs on the same machine. The algorithms below are written out here rather
/// than borrowed from the standard library, whose shuffling may change between Swift versions.
///
/// ```
/// state update: t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)
/// output:       rotl(s1 · 5, 7) · 9
/// ```
///
/// ### References
/// - D. Blackman, S. Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 2021.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// The seed this generator started from.
    public let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        var splitMix = seed
        s0 = RandomGenerator.splitMix64(&splitMix)
        s1 = RandomGenerator.splitMix64(&splitMix)
        s2 = RandomGenerator.splitMix64(&splitMix)
        s3 = RandomGenerator.splitMix64(&splitMix)
    }

    /// An independent generator for a named sub-task (`"init"`, `"dropout"`, `"shuffle"`), so that
    /// adding draws to one part of an experiment does not shift the random numbers of another.
    public func derived(_ label: String) -> RandomGenerator {
        // FNV-1a hash of the label, mixed with the seed.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in label.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        var mixed = seed ^ hash
        return RandomGenerator(seed: RandomGenerator.splitMix64(&mixed))
    }

    private static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    @inline(__always)
    private static func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = RandomGenerator.rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = RandomGenerator.rotateLeft(s3, 45)
        return result
    }

    /// A number drawn uniformly from [0, 1).
    @inline(__always)
    public mutating func uniform<Scalar: TensorScalar>(_: Scalar.Type = Scalar.self) -> Scalar {
        Scalar.unitInterval(from: next())
    }

    /// A number drawn uniformly from [low, high).
    public mutating func uniform<Scalar: TensorScalar>(in range: Range<Scalar>) -> Scalar {
        range.lowerBound + (range.upperBound - range.lowerBound) * uniform(Scalar.self)
    }

    /// A standard normal draw, N(0, 1), by the Box–Muller transform:
    /// `z = √(−2 ln u₁) · cos(2π u₂)` with `u₁ ∈ (0, 1]`.
    public mutating func normal<Scalar: TensorScalar>(_: Scalar.Type = Scalar.self) -> Scalar {
        let u1 = 1 - Double.unitInterval(from: next())
        let u2 = Double.unitInterval(from: next())
        return Scalar((-2 * Double.log(u1)).squareRoot() * Double.cos(2 * .pi * u2))
    }

    /// A draw from N(mean, standardDeviation²).
    public mutating func normal<Scalar: TensorScalar>(mean: Scalar, standardDeviation: Scalar) -> Scalar {
        mean + standardDeviation * normal(Scalar.self)
    }

    /// `true` with probability `probability`.
    public mutating func bernoulli(_ probability: Double) -> Bool {
        Double.unitInterval(from: next()) < probability
    }

    /// An integer drawn uniformly from `0..<upperBound`, without modulo bias (Lemire's method).
    public mutating func integer(below upperBound: Int) -> Int {
        checkPrecondition(upperBound > 0, "RandomGenerator.integer(below:): upperBound must be positive, got \(upperBound)")
        let bound = UInt64(upperBound)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return Int(product.high)
    }

    /// Shuffles `array` in place (Fisher–Yates).
    public mutating func shuffle<Element>(_ array: inout [Element]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = integer(below: i + 1)
            array.swapAt(i, j)
        }
    }

    /// A random permutation of `0..<count`.
    public mutating func permutation(_ count: Int) -> [Int] {
        var indices = Array(0..<count)
        shuffle(&indices)
        return indices
    }
}

extension Tensor {
    /// A tensor of independent draws from U[low, high).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func uniform(
        rows: Int, columns: Int, in range: Range<Scalar>, using generator: inout RandomGenerator
    ) -> Tensor {
        var result = Tensor(rows: rows, columns: columns)
        let low = range.lowerBound
        let width = range.upperBound - range.lowerBound
        result.scalars.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices {
                buffer[i] = low + width * Scalar.unitInterval(from: generator.next())
            }
        }
        return result
    }

    /// A tensor of independent draws from N(mean, standardDeviation²).
    public static func normal(
        rows: Int, columns: Int, mean: Scalar = 0, standardDeviation: Scalar = 1,
        using generator: inout RandomGenerator
    ) -> Tensor {
        var result = Tensor(rows: rows, columns: columns)
        for i in 0..<result.count {
            result.scalars[i] = generator.normal(mean: mean, standardDeviation: standardDeviation)
        }
        return result
    }
}
