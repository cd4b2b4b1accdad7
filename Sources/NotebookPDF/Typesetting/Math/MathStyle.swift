/// TeX's four math styles: display (formulas on their own line), text (inline), script and
/// scriptscript (scripts of scripts). The style decides the size, where limits go and how
/// fractions stack.
enum MathStyle: Int, Comparable {
    case display, text, script, scriptScript

    static func < (a: MathStyle, b: MathStyle) -> Bool { a.rawValue < b.rawValue }

    /// The style of a superscript or subscript: D, T → S; S, SS → SS.
    var scripts: MathStyle { self <= .text ? .script : .scriptScript }

    /// The style of a numerator or denominator: D → T, T → S, S, SS → SS.
    var fraction: MathStyle {
        switch self {
        case .display: return .text
        case .text: return .script
        case .script, .scriptScript: return .scriptScript
        }
    }

    var isScript: Bool { self >= .script }
}

/// TeX's classes of atoms, which decide the space between neighbours (The TeXbook, p. 170).
enum AtomClass: Int {
    case ordinary, largeOperator, binary, relation, opening, closing, punctuation, inner

    /// The space between an atom of class `left` and one of class `right`, in mu (1/18 em):
    /// 0, thin (3 mu), medium (4 mu) or thick (5 mu). Medium and thick spaces, and the thin
    /// spaces marked so, vanish in script styles.
    static func space(between left: AtomClass, and right: AtomClass, style: MathStyle) -> Double {
        // Rows: left class; columns: right class (ord op bin rel open close punct inner).
        // 1 = thin, 2 = medium, 3 = thick; negative = only in display and text style.
        let table: [[Int]] = [
            [0, 1, -2, -3, 0, 0, 0, -1],  // ord
            [1, 1, 0, -3, 0, 0, 0, -1],  // op
            [-2, -2, 0, 0, -2, 0, 0, -2],  // bin
            [-3, -3, 0, 0, -3, 0, 0, -3],  // rel
            [0, 0, 0, 0, 0, 0, 0, 0],  // open
            [0, 1, -2, -3, 0, 0, 0, -1],  // close
            [-1, -1, 0, -1, -1, -1, -1, -1],  // punct
            [-1, 1, -2, -3, -1, 0, -1, -1],  // inner
        ]
        let entry = table[left.rawValue][right.rawValue]
        if entry < 0 && style.isScript { return 0 }
        return [0, 3, 4, 5][abs(entry)]
    }
}
