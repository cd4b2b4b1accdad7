import CHyphen
import Foundation
import NotebookDocument

/// Where English words may break at a line end, from the US English patterns Debian ships
/// (`hyphen-en-us`, Liang's TeX patterns) read by libhyphen.
///
/// `softHyphenated(_:)` puts a soft hyphen (U+00AD) at each allowed point of the ordinary words of
/// a text; Pango breaks a justified line there when that fills it better, and draws a hyphen
/// only when it does. As in TeX, at least two letters stay before a break and three after it.
/// Only plain lower-case words of six letters or more are touched: never a name or a word with
/// a capital (`PyTorch`, `Srivastava`), a number, a URL, a path, an identifier (`eval()`,
/// `x_i`, `sumOfSquares`) or anything with a digit; code, links and math never reach it.
final class Hyphenator: @unchecked Sendable {
    /// Debian's pattern file.
    static let patternsPath = "/usr/share/hyphen/hyph_en_US.dic"
    static let softHyphen: Character = "\u{00AD}"

    /// The hyphenator with Debian's patterns, loaded once; `nil` when they are not installed.
    static let shared: Hyphenator? = Hyphenator(patterns: patternsPath)

    /// The shared hyphenator, or an error that says how to install the patterns.
    static func required() throws -> Hyphenator {
        guard let shared else {
            throw TypesettingError.invalidDocument(
                "the hyphenation patterns \(patternsPath) are missing; run scripts/setup.sh "
                    + "(Debian packages hyphen-en-us and libhyphen-dev)")
        }
        return shared
    }

    private let dictionary: UnsafeMutablePointer<HyphenDict>
    private let lock = NSLock()
    private var cache: [String: String] = [:]
    private var textCache: [String: String] = [:]

    init?(patterns path: String) {
        guard FileManager.default.isReadableFile(atPath: path), let dictionary = hnj_hyphen_load(path) else {
            return nil
        }
        self.dictionary = dictionary
    }

    deinit { hnj_hyphen_free(dictionary) }

    /// `text` with soft hyphens in its ordinary words (see the type's documentation). Remembered:
    /// a document is composed more than once when its page numbers must settle.
    func softHyphenated(_ text: String) -> String {
        if let cached = lock.withLock({ textCache[text] }) { return cached }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        var tokenStart = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            // ASCII white space without a Unicode property lookup.
            let isWhitespace = character.asciiValue.map { $0 == 32 || (9...13).contains($0) } ?? character.isWhitespace
            if isWhitespace {
                result += hyphenatedToken(text[tokenStart..<index])
                result.append(character)
                tokenStart = next
            }
            index = next
        }
        result += hyphenatedToken(text[tokenStart..<text.endIndex])
        lock.withLock { textCache[text] = result }
        return result
    }

    /// Leading and trailing punctuation of a token.
    private static let punctuation: Set<Character> = [
        "(", ")", "\"", "'", "“", "”", "‘", "’", ",", ".", ";", ":", "!", "?", "—", "–",
    ]

    /// A whitespace-delimited token: leading and trailing punctuation, then letters (and inner
    /// hyphens of a compound, `weight-decay`); any other token is left alone.
    private func hyphenatedToken(_ token: Substring) -> String {
        guard token.utf8.count >= 6, token.count >= 6 else { return String(token) }
        var start = token.startIndex
        var end = token.endIndex
        while start < end, Self.punctuation.contains(token[start]) { start = token.index(after: start) }
        while end > start, Self.punctuation.contains(token[token.index(before: end)]) { end = token.index(before: end) }
        let core = token[start..<end]
        guard !core.isEmpty, core.allSatisfy({ ($0.isASCII && $0.isLowercase) || $0 == "-" }),
            core.first != "-", core.last != "-"
        else { return String(token) }
        let parts = core.split(separator: "-", omittingEmptySubsequences: false).map { hyphenated(word: String($0)) }
        return String(token[..<start]) + parts.joined(separator: "-") + String(token[end...])
    }

    /// One lower-case ASCII word with soft hyphens at its break points.
    func hyphenated(word: String) -> String {
        guard word.count >= 6 else { return word }
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[word] { return cached }
        let bytes = Array(word.utf8)
        var hyphens = [CChar](repeating: 0, count: bytes.count + 5)
        var replacements: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        var positions: UnsafeMutablePointer<Int32>?
        var cuts: UnsafeMutablePointer<Int32>?
        let status = word.withCString { pointer in
            hnj_hyphen_hyphenate3(
                dictionary, pointer, Int32(bytes.count), &hyphens, nil, &replacements, &positions, &cuts, 2, 3, 2, 3)
        }
        // English patterns have no non-standard hyphenation; free what libhyphen may allocate.
        if let replacements {
            for index in 0..<bytes.count { free(replacements[index]) }
            free(replacements)
        }
        free(positions)
        free(cuts)
        var result = ""
        for (index, character) in word.enumerated() {
            result.append(character)
            // An odd number after letter i allows a break after it.
            if status == 0, index < bytes.count - 1, hyphens[index] & 1 == 1 { result.append(Self.softHyphen) }
        }
        cache[word] = result
        return result
    }
}
