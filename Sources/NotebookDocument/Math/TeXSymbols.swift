/// The TeX commands the lesson math understands, and the Unicode each one stands for.
///
/// The subset is deliberately small: what a course on regularisation writes. Anything else is an
/// error that names the command and suggests the nearest known one (see `MathError`).
enum TeXSymbols {
    /// Lower-case Greek letters, set in italic like variables (TeX's convention).
    static let lowercaseGreek: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
        "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
        "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π", "varpi": "ϖ",
        "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ",
        "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    ]

    /// Capital Greek letters, set upright (TeX's convention).
    static let uppercaseGreek: [String: String] = [
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
        "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]

    /// Binary operators: spaced on both sides, unless used as a sign (`-x`).
    static let binaryOperators: [String: String] = [
        "cdot": "·", "times": "×", "pm": "±", "mp": "∓", "odot": "⊙", "otimes": "⊗",
        "oplus": "⊕", "circ": "∘", "div": "÷", "setminus": "∖", "cup": "∪", "cap": "∩",
        "ast": "∗",
    ]

    /// Relations and arrows: spaced on both sides.
    static let relations: [String: String] = [
        "leftarrow": "←", "gets": "←", "rightarrow": "→", "to": "→", "Leftarrow": "⇐",
        "Rightarrow": "⇒", "implies": "⇒", "iff": "⇔", "leftrightarrow": "↔", "mapsto": "↦",
        "approx": "≈", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠",
        "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "sim": "∼", "simeq": "≃",
        "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫", "coloneqq": "≔", "mid": "∣",
    ]

    /// Ordinary symbols: no extra space.
    static let ordinarySymbols: [String: String] = [
        "nabla": "∇", "partial": "∂", "infty": "∞", "ell": "ℓ", "forall": "∀", "exists": "∃",
        "emptyset": "∅", "ldots": "…", "dots": "…", "cdots": "⋯", "vdots": "⋮", "prime": "′",
        "lVert": "‖", "rVert": "‖", "Vert": "‖", "|": "‖", "lvert": "|", "rvert": "|", "vert": "|",
        "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
        "{": "{", "}": "}", "%": "%", "$": "$", "#": "#", "&": "&", "_": "_",
        "top": "⊤", "perp": "⊥", "star": "⋆", "dagger": "†", "neg": "¬", "lnot": "¬",
    ]

    /// Big operators: their limits follow as sub- and superscripts.
    static let largeOperators: [String: String] = [
        "sum": "∑", "prod": "∏", "int": "∫", "oint": "∮", "bigcup": "⋃", "bigcap": "⋂",
    ]

    /// Operator names set upright (`\log x`, `\max_i`).
    static let functionNames: Set<String> = [
        "log", "ln", "exp", "sin", "cos", "tan", "tanh", "max", "min", "arg", "argmax", "argmin",
        "sup", "inf", "lim", "det", "dim", "var", "Var", "Cov", "sgn", "softmax", "diag", "tr",
        "Pr", "KL",
    ]

    /// Operator names whose scripts are limits in display style (`\max_i` sets i under max).
    static let limitOperatorNames: Set<String> = [
        "max", "min", "argmax", "argmin", "sup", "inf", "lim", "det", "Pr",
    ]

    /// Horizontal spaces (`\,` thin, `\;` medium, `\quad` one em).
    static let spaces: [String: String] = [
        ",": "\u{2009}", ":": "\u{2005}", ";": "\u{2004}", " ": " ", "quad": "\u{2003}",
        "qquad": "\u{2003}\u{2003}", "!": "",
    ]

    /// Accents drawn with a combining character on a single letter, or a line over longer bases.
    static let accents: [String: String] = [
        "hat": "\u{0302}", "widehat": "\u{0302}", "tilde": "\u{0303}", "widetilde": "\u{0303}",
        "bar": "\u{0304}", "overline": "\u{0304}", "vec": "\u{20D7}", "dot": "\u{0307}",
        "ddot": "\u{0308}",
    ]

    /// Double-struck capitals for `\mathbb{...}` (𝔼, ℝ, ℕ ...).
    static func doubleStruck(_ letter: Character) -> String? {
        let special: [Character: String] = [
            "C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ",
        ]
        if let symbol = special[letter] { return symbol }
        guard let ascii = letter.asciiValue, letter.isUppercase else {
            if let ascii = letter.asciiValue, letter.isNumber {
                return String(UnicodeScalar(0x1D7D8 + UInt32(ascii - 48))!)
            }
            return nil
        }
        return String(UnicodeScalar(0x1D538 + UInt32(ascii - 65))!)
    }

    /// Commands that take arguments or change how the next token is read.
    static let structuralCommands: Set<String> = [
        "frac", "dfrac", "tfrac", "sqrt", "text", "textrm", "mathrm", "operatorname", "mathbf",
        "boldsymbol", "mathit", "mathbb", "mathcal", "left", "right", "big", "Big", "bigg", "Bigg",
        "bigl", "bigr", "Bigl", "Bigr", "displaystyle",
    ]

    /// Every command name, for suggestions when one is misspelled.
    static var allCommandNames: [String] {
        Array(lowercaseGreek.keys) + Array(uppercaseGreek.keys) + Array(binaryOperators.keys)
            + Array(relations.keys) + Array(ordinarySymbols.keys) + Array(largeOperators.keys)
            + Array(functionNames) + Array(spaces.keys) + Array(accents.keys)
            + Array(structuralCommands)
    }
}
