/// Reads the lesson's TeX-like math subset into `MathNode`s.
///
/// Grammar (whitespace between tokens is ignored, as in TeX):
/// ```
/// list    := atom*
/// atom    := primary (('_' | '^') argument)*
/// primary := letter | digits | symbol | '{' list '}' | '\' command arguments
/// argument:= '{' list '}' | single token
/// ```
struct TeXParser {
    private let formula: String
    private let characters: [Character]
    private var position = 0

    init(_ formula: String) {
        self.formula = formula
        self.characters = Array(formula)
    }

    /// Parses the whole formula.
    mutating func parse() throws -> [MathNode] {
        let nodes = try parseList(until: nil)
        if position < characters.count {
            throw error("unexpected `\(characters[position])`; remove it or escape it as `\\\(characters[position])`")
        }
        return nodes
    }

    // MARK: - Lists and atoms

    private mutating func parseList(until terminator: Character?) throws -> [MathNode] {
        var nodes: [MathNode] = []
        while true {
            skipWhitespace()
            guard position < characters.count else {
                if let terminator { throw error("missing `\(terminator)`: every `{` needs a matching `}`") }
                return nodes
            }
            let character = characters[position]
            if character == terminator {
                return nodes
            }
            if character == "}" {
                throw error("unmatched `}`: remove it or add the `{` it closes")
            }
            if character == "^" || character == "_" {
                try attachScript(to: &nodes)
                continue
            }
            if let node = try parsePrimary() {
                nodes.append(node)
            }
        }
    }

    /// Attaches `_x` or `^x` to the last node of `nodes` (or to an empty base).
    private mutating func attachScript(to nodes: inout [MathNode]) throws {
        let isSuperscript = characters[position] == "^"
        position += 1
        let argument = try parseArgument(for: isSuperscript ? "^" : "_")
        let previous = nodes.popLast() ?? .group([])
        switch previous {
        case .scripts(let base, let subscriptNodes, let superscriptNodes):
            if isSuperscript {
                if superscriptNodes != nil { throw error("double superscript: group them as `^{...}`") }
                nodes.append(.scripts(base: base, subscript: subscriptNodes, superscript: argument))
            } else {
                if subscriptNodes != nil { throw error("double subscript: group them as `_{...}`") }
                nodes.append(.scripts(base: base, subscript: argument, superscript: superscriptNodes))
            }
        default:
            nodes.append(
                .scripts(
                    base: previous, subscript: isSuperscript ? nil : argument,
                    superscript: isSuperscript ? argument : nil))
        }
    }

    /// Whether an argument follows (after spaces): not the end, a closing brace or a script sign.
    private mutating func hasArgument() -> Bool {
        skipWhitespace()
        return position < characters.count && !["}", "^", "_"].contains(characters[position])
    }

    /// A braced group or a single token, as the argument of a command or script.
    private mutating func parseArgument(for owner: String) throws -> [MathNode] {
        skipWhitespace()
        guard position < characters.count else {
            throw error("`\(owner)` needs an argument, e.g. `\(owner){x}`")
        }
        if characters[position] == "{" {
            position += 1
            let nodes = try parseList(until: "}")
            position += 1
            return nodes
        }
        if characters[position] == "}" || characters[position] == "^" || characters[position] == "_" {
            throw error("`\(owner)` needs an argument, e.g. `\(owner){x}`")
        }
        // A single digit, letter or command (TeX reads `x^10` as x¹0; we follow it).
        if characters[position].isNumber {
            let digit = String(characters[position])
            position += 1
            return [.number(digit)]
        }
        return try parsePrimary().map { [$0] } ?? []
    }

    /// The raw text of a braced argument (for `\text{...}`), with `\{`, `\}` and `\\` unescaped.
    private mutating func parseRawArgument(for owner: String) throws -> String {
        skipWhitespace()
        guard position < characters.count, characters[position] == "{" else {
            throw error("`\\\(owner)` needs a braced argument, e.g. `\\\(owner){word}`")
        }
        position += 1
        var depth = 1
        var text = ""
        while position < characters.count {
            let character = characters[position]
            if character == "\\", position + 1 < characters.count {
                text.append(characters[position + 1])
                position += 2
                continue
            }
            if character == "{" { depth += 1 }
            if character == "}" {
                depth -= 1
                if depth == 0 {
                    position += 1
                    return text
                }
            }
            text.append(character)
            position += 1
        }
        throw error("missing `}` after `\\\(owner){`")
    }

    private mutating func parsePrimary() throws -> MathNode? {
        let character = characters[position]
        if character == "{" {
            position += 1
            let nodes = try parseList(until: "}")
            position += 1
            return .group(nodes)
        }
        if character == "\\" {
            return try parseCommand()
        }
        position += 1
        if character.isNumber || (character == "." && peekIsDigit()) {
            var digits = String(character)
            while position < characters.count,
                characters[position].isNumber || (characters[position] == "." && peekIsDigit(offset: 1))
            {
                digits.append(characters[position])
                position += 1
            }
            return .number(digits)
        }
        if character.isLetter {
            return .variable(String(character))
        }
        switch character {
        case "+": return .binary("+")
        case "-", "−": return .binary("−")
        case "*": return .binary("∗")
        case "=", "<", ">": return .relation(String(character))
        case "(", "[": return .opening(String(character))
        case ")", "]": return .closing(String(character))
        case ",", ";": return .punctuation(String(character))
        case "'": return .ordinary("′")
        case "|", "/", "!", ".", ":", "?", "@": return .ordinary(String(character))
        case "&", "#", "%", "$", "~":
            throw error("`\(character)` has no meaning in lesson math; write `\\\(character)` for the symbol")
        default:
            return .ordinary(String(character))
        }
    }

    private mutating func parseCommand() throws -> MathNode? {
        position += 1  // the backslash
        guard position < characters.count else {
            throw error("a formula cannot end with `\\`; remove it or write `\\backslash`")
        }
        var name = ""
        if characters[position].isLetter {
            while position < characters.count, characters[position].isLetter {
                name.append(characters[position])
                position += 1
            }
        } else {
            name = String(characters[position])
            position += 1
        }

        if let letter = TeXSymbols.lowercaseGreek[name] { return .variable(letter) }
        if let letter = TeXSymbols.uppercaseGreek[name] { return .upright(letter) }
        if let symbol = TeXSymbols.binaryOperators[name] { return .binary(symbol) }
        if let symbol = TeXSymbols.relations[name] { return .relation(symbol) }
        if let symbol = TeXSymbols.largeOperators[name] { return .largeOperator(symbol) }
        if let space = TeXSymbols.spaces[name] { return .space(space) }
        if TeXSymbols.functionNames.contains(name) {
            return .operatorName(name, limits: TeXSymbols.limitOperatorNames.contains(name))
        }
        if let combining = TeXSymbols.accents[name] {
            return .accent(base: try parseArgument(for: "\\" + name), combining: combining)
        }
        if let symbol = TeXSymbols.ordinarySymbols[name] {
            switch name {
            case "lVert", "lvert", "langle", "lfloor", "lceil", "{": return .opening(symbol)
            case "rVert", "rvert", "rangle", "rfloor", "rceil", "}": return .closing(symbol)
            default: return .ordinary(symbol)
            }
        }
        switch name {
        case "frac", "dfrac", "tfrac":
            let needsTwo = "`\\\(name)` needs two arguments, a numerator and a denominator, e.g. `\\\(name){a}{b}`"
            guard hasArgument() else { throw error(needsTwo) }
            let numerator = try parseArgument(for: "\\" + name)
            guard hasArgument() else { throw error(needsTwo + "; it has only one") }
            let denominator = try parseArgument(for: "\\" + name)
            return .fraction(numerator: numerator, denominator: denominator)
        case "sqrt":
            return .squareRoot(try parseArgument(for: "\\sqrt"))
        case "text", "textrm", "mathrm", "operatorname":
            return .upright(try parseRawArgument(for: name))
        case "mathit":
            return .group(try parseArgument(for: "\\mathit"))
        case "mathbf", "boldsymbol":
            return .bold(try parseArgument(for: "\\" + name))
        case "mathbb":
            let letters = try parseRawArgument(for: name)
            var result = ""
            for letter in letters where letter != " " {
                guard let symbol = TeXSymbols.doubleStruck(letter) else {
                    throw error("`\\mathbb{\(letters)}`: only capital letters and digits have double-struck forms")
                }
                result += symbol
            }
            return .ordinary(result)
        case "mathcal":
            return .upright(try parseRawArgument(for: name))
        case "left":
            let left = try parseDelimiter(after: "\\left")
            let body = try parseList(untilCommand: "right")
            let right = try parseDelimiter(after: "\\right")
            return .delimited(left: left, body: body, right: right)
        case "right":
            throw error("`\\right` without `\\left`; write `\\left( … \\right)` in pairs")
        case "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr":
            let size = name.hasPrefix("Bigg") ? 4 : name.hasPrefix("bigg") ? 3 : name.hasPrefix("Big") ? 2 : 1
            skipWhitespace()
            guard position < characters.count, var delimiter = try parsePrimary() else {
                throw error("`\\\(name)` needs a delimiter after it, e.g. `\\\(name)(`")
            }
            if name.hasSuffix("l"), case .ordinary(let symbol) = delimiter { delimiter = .opening(symbol) }
            if name.hasSuffix("r"), case .ordinary(let symbol) = delimiter { delimiter = .closing(symbol) }
            return .sizedDelimiter(delimiter, size: size)
        case "displaystyle":
            return nil
        default:
            let hint = NameSuggestions.hint(for: name, in: TeXSymbols.allCommandNames)
            throw error(
                "unknown command `\\\(name)`\(hint); the supported commands are listed in docs/lesson-format.md")
        }
    }

    /// The delimiter after `\left` or `\right`: a character (`(`, `|`, `.` for none) or a command
    /// (`\lVert`, `\{`).
    private mutating func parseDelimiter(after owner: String) throws -> String {
        skipWhitespace()
        guard position < characters.count else {
            throw error("`\(owner)` needs a delimiter after it, e.g. `\(owner)(`; `\(owner).` for none")
        }
        if characters[position] == "." {
            position += 1
            return ""
        }
        let start = position
        guard let node = try parsePrimary() else { throw error("`\(owner)` needs a delimiter after it") }
        switch node {
        case .opening(let symbol), .closing(let symbol), .ordinary(let symbol), .relation(let symbol):
            return symbol
        default:
            throw error("`\(owner)` takes a delimiter such as `(`, `[`, `|` or `\\lVert`, not `\(String(characters[start..<position]))`")
        }
    }

    /// A list that ends at `\command` (consumed up to the command name).
    private mutating func parseList(untilCommand command: String) throws -> [MathNode] {
        var nodes: [MathNode] = []
        while true {
            skipWhitespace()
            guard position < characters.count else {
                throw error("missing `\\\(command)`: every `\\left` needs a matching `\\right`")
            }
            if characters[position] == "\\", matchesCommand(command) {
                position += 1 + command.count
                return nodes
            }
            if characters[position] == "}" {
                throw error("`}` inside `\\left … \\right`: close the group before `\\right`")
            }
            if characters[position] == "^" || characters[position] == "_" {
                try attachScript(to: &nodes)
                continue
            }
            if let node = try parsePrimary() { nodes.append(node) }
        }
    }

    private func matchesCommand(_ command: String) -> Bool {
        let name = Array(command)
        let end = position + 1 + name.count
        guard end <= characters.count, Array(characters[(position + 1)..<end]) == name else { return false }
        return end == characters.count || !characters[end].isLetter
    }

    // MARK: - Helpers

    private mutating func skipWhitespace() {
        while position < characters.count, characters[position].isWhitespace {
            position += 1
        }
    }

    private func peekIsDigit(offset: Int = 0) -> Bool {
        let index = position + offset
        return index < characters.count && characters[index].isNumber
    }

    private func error(_ problem: String) -> MathError {
        MathError(formula: formula, problem: problem)
    }
}
