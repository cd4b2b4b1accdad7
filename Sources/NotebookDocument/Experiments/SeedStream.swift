import Preconditions

/// The seeds of one experiment's training runs, derived from the run's base seed (`--seed`), the
/// experiment's id and the run's index, so that two base seeds share no run and two experiments of
/// one lesson never reuse each other's seeds:
///
/// ```
/// seed(base, experiment, i) = mix(mix(mix(base) ⊕ FNV-1a(experiment)) ⊕ i)
/// mix(z) = SplitMix64's finaliser of z + 0x9e3779b97f4a7c15
/// ```
/// SplitMix64's finaliser is a bijection of 64-bit words with full avalanche, so neighbouring base
/// seeds (7 and 8) and neighbouring indices give unrelated seeds. (The older scheme `base + i`
/// made `--seed 8` rerun four of the five runs of `--seed 7`.)
public struct SeedStream: Sendable, Equatable {
    public let base: UInt64
    public let experiment: String

    public init(base: UInt64, experiment: String) {
        self.base = base
        self.experiment = experiment
    }

    /// The seed of training run `index` (0, 1, …).
    public func seed(run index: Int) -> UInt64 {
        checkPrecondition(index >= 0, "SeedStream: run index \(index) must be at least 0")
        let keyed = Self.mix(Self.mix(base) ^ Self.fnv1a(experiment))
        return Self.mix(keyed ^ UInt64(index))
    }

    /// The seeds of runs `0..<count`.
    public func seeds(_ count: Int) -> [UInt64] {
        (0..<count).map { seed(run: $0) }
    }

    /// How captions name the runs: "seed 7, runs 0–4 of rate-ablation" is long; the caption says
    /// "seed 7 (5 runs)" and results.json lists the seeds themselves.
    public static func captionForm(base: UInt64, runs: Int) -> String {
        runs == 1 ? "seed \(base)" : "seed \(base) (\(runs) runs)"
    }

    /// SplitMix64 (Steele, Lea & Flood 2014): add the golden-ratio increment, then the finaliser.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// The 64-bit FNV-1a hash of the UTF-8 bytes of `text`.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
