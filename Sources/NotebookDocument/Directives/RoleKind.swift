/// The inline roles a lesson can use, MyST style: `` {name}`content` ``.
public enum RoleKind: String, CaseIterable, Sendable {
    /// `` {value}`result-name` `` or `` {value}`result-name:format` ``: a number from the run.
    case value
    /// `` {numref}`label` ``: "Figure 3", "Table 1", "Section 2.1", linked to its target.
    case numref
    /// `` {num}`label` ``: only the number ("3"), for "Figures 3 and 4".
    case num
    /// `` {math}`x^2` ``: inline math, an alternative to `$x^2$`.
    case math
    /// `` {cite}`srivastava2014` `` or `` {cite}`hinton2012, srivastava2014` ``: numbered citations
    /// "[1, 2]" of entries of `lessons/references.json`, linked to the lesson's reference list.
    case cite

    static let aliases: [String: RoleKind] = ["ref": .numref, "eq": .numref, "glue": .value]

    public init?(name: String) {
        if let kind = RoleKind(rawValue: name) {
            self = kind
        } else if let kind = Self.aliases[name] {
            self = kind
        } else {
            return nil
        }
    }

    static var allNames: [String] { allCases.map(\.rawValue) + aliases.keys }
}
