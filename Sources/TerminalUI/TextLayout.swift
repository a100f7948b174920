/// Word wrapping for mixed Chinese / English text.
///
/// Rules (a small subset of UAX #14 plus the Chinese kinsoku rules):
/// - a line may break at spaces, and between two characters when either is wide (CJK, kana,
///   Hangul, full-width forms), so Chinese breaks anywhere and Latin words (also hyphenated
///   ones: command names, paths) stay whole;
/// - a line never starts with closing punctuation (，。、；：？！）」』” …) and never ends with
///   opening punctuation (（「『“ …): such a character travels with its neighbour;
/// - a word longer than the line is cut at the width (hard break);
/// - a list item ("1) ", "1. ", "1、", "（1）", "①", "- ", "• ", "一、") keeps a hanging indent:
///   its continuation lines start under the item's text; leading spaces are kept likewise.
/// Every returned line is at most `width` columns and has no trailing spaces.
public enum TextLayout {
    public static func wrap(_ text: String, width: Int, hangingIndent: Bool = true) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in paragraphs(of: text) {
            lines += wrapParagraph(paragraph, width: width, hangingIndent: hangingIndent)
        }
        return lines
    }

    /// Characters that may not begin a line (closing brackets and quotes, sentence and clause
    /// punctuation in full and half width, iteration marks, the long dash and ellipsis).
    public static let noLineStart: Set<Character> = [
        "，", "。", "、", "；", "：", "？", "！", "）", "」", "』", "”", "’", "》", "〉", "】", "〕", "〗", "〙", "］", "｝",
        "．", "・", "·", "～", "ー", "々", "〻", "…", "‥", "—", "－", "％", "‰", "℃",
        ",", ".", ";", ":", "?", "!", ")", "]", "}", "%",
    ]

    /// Characters that may not end a line (opening brackets and quotes, currency signs).
    public static let noLineEnd: Set<Character> = [
        "（", "「", "『", "“", "‘", "《", "〈", "【", "〔", "〖", "〘", "［", "｛",
        "(", "[", "{", "¥", "￥",
    ]

    // MARK: Paragraphs

    private static func paragraphs(of text: String) -> [Substring] {
        // "\r\n" is one Character in Swift, so splitting on both covers Windows line ends.
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }

    private struct Piece {
        var text = ""
        var width = 0
        /// Spaces that followed the piece: kept between pieces on one line, dropped at a break.
        var spacesAfter = 0
    }

    private static func wrapParagraph(_ paragraph: Substring, width: Int, hangingIndent: Bool) -> [String] {
        let text = String(paragraph.map { $0 == "\t" ? " " : $0 })
        if text.allSatisfy({ $0 == " " }) { return [""] }

        var (prefix, body) = listPrefix(of: text)
        var prefixWidth = TextWidth.width(of: prefix)
        if prefixWidth * 2 > width || width - prefixWidth < 10 {
            // Too little room to hang under (kinsoku groups such as "书）。" need ~6 columns):
            // treat the marker as ordinary text.
            body = Substring(prefix + body)
            prefix = ""
            prefixWidth = 0
        }
        let indent = hangingIndent ? prefixWidth : 0
        let pieces = splitIntoPieces(body)

        var lines: [String] = []
        var line = prefix
        var lineWidth = prefixWidth
        var lineHasContent = false
        var pendingSpaces = 0

        func startNewLine() {
            if lineHasContent || lines.isEmpty { lines.append(line) }
            line = String(repeating: " ", count: indent)
            lineWidth = indent
            lineHasContent = false
            pendingSpaces = 0
        }

        for piece in pieces {
            if lineHasContent, lineWidth + pendingSpaces + piece.width > width { startNewLine() }
            if lineHasContent {
                line += String(repeating: " ", count: pendingSpaces)
                lineWidth += pendingSpaces
            }
            if lineWidth + piece.width <= width {
                line += piece.text
                lineWidth += piece.width
                lineHasContent = true
            } else {
                // Longer than a whole line: cut it at the width, but like everywhere else never
                // leave closing punctuation at the start of the next line.
                let characters = Array(piece.text)
                var start = 0
                while start < characters.count {
                    var end = start
                    var taken = 0
                    while end < characters.count {
                        let w = min(TextWidth.width(of: characters[end]), width - indent)
                        if lineWidth + taken + w > width { break }
                        taken += w
                        end += 1
                    }
                    if end == start {
                        if lineHasContent { startNewLine(); continue }
                        end = start + 1  // width 1 and a wide character: shown as "…" below
                    }
                    while end < characters.count, end - start > 1,
                          noLineStart.contains(characters[end]) || noLineEnd.contains(characters[end - 1]) {
                        end -= 1
                    }
                    for character in characters[start..<end] {
                        // Only at width 1 can a wide character not fit at all: show that something was cut.
                        let fits = TextWidth.width(of: character) <= width - indent
                        line.append(fits ? character : "…")
                        lineWidth += fits ? TextWidth.width(of: character) : 1
                    }
                    lineHasContent = true
                    start = end
                    if start < characters.count { startNewLine() }
                }
            }
            pendingSpaces = piece.spacesAfter
        }
        if lineHasContent || lines.isEmpty { lines.append(line) }
        return lines.map(trimmingTrailingSpaces)
    }

    /// Splits text into pieces between which a line may break.
    private static func splitIntoPieces(_ text: Substring) -> [Piece] {
        var pieces: [Piece] = []
        var current = Piece()
        var previous: Character?
        for character in text {
            if character == " " || character == "\u{3000}" {
                if current.text.isEmpty && pieces.isEmpty { continue }  // leading spaces of the body
                current.spacesAfter += TextWidth.width(of: character)
                continue
            }
            if !current.text.isEmpty {
                let breakHere = current.spacesAfter > 0 || (previous.map { mayBreak(between: $0, and: character) } ?? false)
                if breakHere && !noLineStart.contains(character) {
                    pieces.append(current)
                    current = Piece()
                } else if current.spacesAfter > 0 {
                    // "word ，": the punctuation may not start a line, so the space stays inside.
                    current.text += String(repeating: " ", count: current.spacesAfter)
                    current.width += current.spacesAfter
                    current.spacesAfter = 0
                }
            }
            current.text.append(character)
            current.width += TextWidth.width(of: character)
            previous = character
        }
        if !current.text.isEmpty { pieces.append(current) }
        return pieces
    }

    /// Whether a line may break between two adjacent non-space characters.
    static func mayBreak(between before: Character, and after: Character) -> Bool {
        if noLineStart.contains(after) || noLineEnd.contains(before) { return false }
        // Latin text breaks at spaces only: not after hyphens, so that command names
        // (ukey-doctor), options and paths are never split where they would still fit.
        return TextWidth.width(of: before) == 2 || TextWidth.width(of: after) == 2
    }

    // MARK: List items

    /// Splits off leading spaces plus a list marker and the spaces after it.
    static func listPrefix(of text: String) -> (prefix: String, body: Substring) {
        let chars = Array(text)
        var i = 0
        while i < chars.count, chars[i] == " " { i += 1 }
        let markerEnd = markerLength(chars, from: i).map { i + $0 } ?? i
        var j = markerEnd
        while j < chars.count, chars[j] == " " || chars[j] == "\u{3000}" { j += 1 }
        if j >= chars.count { return ("", Substring(text)) }  // nothing after the marker
        let prefix = String(chars[0..<j])
        return (prefix, Substring(String(chars[j...])))
    }

    /// Length in Characters of a list marker starting at `start`, or nil when there is none.
    private static func markerLength(_ c: [Character], from start: Int) -> Int? {
        func at(_ k: Int) -> Character? { k < c.count ? c[k] : nil }
        func followedByText(_ k: Int) -> Bool {
            // "1.5 GB" is no list item: the marker must be followed by a space or by non-ASCII text.
            guard let next = at(k) else { return false }
            return next == " " || next == "\u{3000}" || !next.isASCII
        }
        guard let first = at(start) else { return nil }
        // 1) 1. 1、 12)
        if first.isASCII, first.isNumber {
            var k = start
            while let d = at(k), d.isASCII, d.isNumber, k - start < 3 { k += 1 }
            if let p = at(k), [")", ".", "、", "）", "．"].contains(p), followedByText(k + 1) { return k + 1 - start }
            return nil
        }
        // (1) （1） (a)
        if first == "(" || first == "（" {
            var k = start + 1
            while let d = at(k), d.isASCII, d.isNumber || d.isLetter, k - start < 4 { k += 1 }
            if k > start + 1, let p = at(k), p == ")" || p == "）" { return k + 1 - start }
            return nil
        }
        // ① … ⑳, ❶ … ❿, ➀ …
        if let v = first.unicodeScalars.first?.value, first.unicodeScalars.count == 1,
           (0x2460...0x2473).contains(v) || (0x2776...0x2793).contains(v) {
            return 1
        }
        // - item, * item, • item, · item
        if ["-", "*", "•", "·", "‧", "▪", "◦"].contains(first), at(start + 1) == " " { return 1 }
        // a) b. (Latin letter items)
        if first.isASCII, first.isLetter, let p = at(start + 1), p == ")" || p == ".", at(start + 2) == " " { return 2 }
        // 一、 二、 十一、
        let numerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        if numerals.contains(first) {
            var k = start
            while let d = at(k), numerals.contains(d), k - start < 3 { k += 1 }
            if at(k) == "、" { return k + 1 - start }
        }
        return nil
    }

    private static func trimmingTrailingSpaces(_ s: String) -> String {
        var s = s
        while let last = s.last, last == " " { s.removeLast() }
        return s
    }
}
