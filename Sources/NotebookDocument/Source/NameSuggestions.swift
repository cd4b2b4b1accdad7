/// Near names for an unknown one, so an error can say "did you mean `dropout-forward`?".
///
/// Candidates are ranked by Levenshtein edit distance; a candidate is "near" when at most a third of
/// its characters (and at least two) differ, or when one name contains the other.
public enum NameSuggestions {
    /// Up to `limit` known names closest to `name`, nearest first.
    public static func near(_ name: String, in candidates: some Sequence<String>, limit: Int = 3) -> [String] {
        let lowered = name.lowercased()
        var scored: [(distance: Int, name: String)] = []
        for candidate in Set(candidates) {
            let other = candidate.lowercased()
            let distance = editDistance(lowered, other)
            let allowed = max(2, max(lowered.count, other.count) / 3)
            let contains = !lowered.isEmpty && (other.contains(lowered) || lowered.contains(other))
            if distance <= allowed || contains {
                scored.append((contains ? min(distance, allowed) : distance, candidate))
            }
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
        return scored.prefix(limit).map(\.name)
    }

    /// " (did you mean `a` or `b`?)", or "" when nothing is near.
    public static func hint(for name: String, in candidates: some Sequence<String>) -> String {
        let names = near(name, in: candidates)
        guard !names.isEmpty else { return "" }
        return " (did you mean " + names.map { "`\($0)`" }.joined(separator: " or ") + "?)"
    }

    /// The number of single-character insertions, deletions and substitutions from `a` to `b`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
