import CLibcExtras
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What `TextWidth.ensureUTF8Locale()` found and did.
public struct LocaleStatus: Sendable, Equatable {
    /// The user's environment (LC_ALL / LC_CTYPE / LANG) asked for a UTF-8 locale. When it did
    /// not (LANG=C, LANG unset), the terminal may not show UTF-8 line drawing either.
    public let environmentIsUTF8: Bool
    /// LC_CTYPE is UTF-8 now, so `wcwidth` gives real widths (0 or -1 for CJK otherwise).
    public let isUTF8: Bool
    /// The LC_CTYPE in effect, e.g. "zh_CN.UTF-8" or "C.UTF-8".
    public let ctype: String
}

/// Display width of text in terminal columns, through glibc `wcwidth` so that we agree with
/// ncursesw, which measures with the same function. Works on grapheme clusters (`Character`):
/// combining marks add nothing, CJK counts 2, emoji sequences count 2, and control characters
/// are shown as U+FFFD (a tab as a space) so they can never move the cursor.
public enum TextWidth {
    /// Calls `setlocale(LC_ALL, "")` once per process; when LC_CTYPE is then not UTF-8 it falls
    /// back to `C.UTF-8` for LC_CTYPE only (platform-findings §1). Every width function calls
    /// this itself, so forgetting it cannot silently give width 0 for Chinese.
    @discardableResult
    public static func ensureUTF8Locale() -> LocaleStatus { localeStatus }

    private static let localeStatus: LocaleStatus = {
        _ = setlocale(LC_ALL, "")
        let environmentIsUTF8 = ctypeIsUTF8()
        if !environmentIsUTF8 {
            // C.UTF-8 is built into glibc ≥ 2.35 and patched into Debian-family glibc long before.
            for candidate in ["C.UTF-8", "C.utf8", "en_US.UTF-8", "zh_CN.UTF-8"] {
                if setlocale(LC_CTYPE, candidate) != nil, ctypeIsUTF8() { break }
            }
        }
        let ctype = setlocale(LC_CTYPE, nil).map { String(cString: $0) } ?? "?"
        return LocaleStatus(environmentIsUTF8: environmentIsUTF8, isUTF8: ctypeIsUTF8(), ctype: ctype)
    }()

    private static func ctypeIsUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).lowercased()
        return name == "utf-8" || name == "utf8"
    }

    // MARK: Measuring

    /// Columns one grapheme cluster takes on screen (0, 1 or 2).
    public static func width(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        let first = scalars.first!  // a Character always has at least one scalar
        if first.value >= 0x20 && first.value < 0x7F && character.utf8.count == 1 { return 1 }
        if isControl(first) { return 1 }                  // shown as U+FFFD or, for a tab, a space
        if isEmojiSequence(scalars) { return 2 }
        let w = scalarWidth(first)
        return w < 0 ? 1 : w                              // unprintable: shown as U+FFFD
    }

    /// Columns a string takes on screen: the sum of its grapheme clusters.
    public static func width(of text: some StringProtocol) -> Int {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        var total = 0
        for character in text { total += width(of: character) }
        return total
    }

    // MARK: What is sent to the terminal

    /// How one grapheme cluster is drawn: `text` fills `textWidth` columns as the terminal and
    /// ncursesw both count them (wcwidth of its first scalar), and `padding` spaces follow so
    /// the total equals `width(of:)`. Emoji sequences are drawn as their base character because
    /// terminals disagree on the width of VS16 / ZWJ sequences; the padding keeps columns aligned
    /// whatever the terminal does with the base alone.
    public struct Glyph: Equatable, Sendable {
        public var text: String
        public var textWidth: Int
        public var padding: Int
        public var width: Int { textWidth + padding }
        public init(text: String, textWidth: Int, padding: Int) {
            self.text = text
            self.textWidth = textWidth
            self.padding = padding
        }
    }

    static let replacement = "\u{FFFD}"

    public static func glyph(for character: Character) -> Glyph {
        let scalars = character.unicodeScalars
        let first = scalars.first!
        if first.value >= 0x20 && first.value < 0x7F && character.utf8.count == 1 {
            return Glyph(text: String(character), textWidth: 1, padding: 0)
        }
        if isControl(first) {
            return Glyph(text: first == "\t" ? " " : replacement, textWidth: 1, padding: 0)
        }
        let baseWidth = scalarWidth(first)
        if baseWidth < 0 { return Glyph(text: replacement, textWidth: 1, padding: 0) }
        if isEmojiSequence(scalars) {
            let base = String(first)
            return baseWidth == 0
                ? Glyph(text: replacement, textWidth: 1, padding: 1)
                : Glyph(text: base, textWidth: baseWidth, padding: 2 - baseWidth)
        }
        if baseWidth == 0 { return Glyph(text: "", textWidth: 0, padding: 0) }
        // The base plus the marks that combine with it; a cchar_t holds at most 5 (CCHARW_MAX).
        var text = String(first)
        var marks = 0
        for scalar in scalars.dropFirst() where marks < 4 && scalarWidth(scalar) == 0 {
            text.unicodeScalars.append(scalar)
            marks += 1
        }
        return Glyph(text: text, textWidth: baseWidth, padding: 0)
    }

    /// The text with every control character replaced (tab → space, others → U+FFFD), for
    /// output that does not go through a Canvas.
    public static func sanitized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\t" { result.append(" ") } else if isControl(scalar) { result.append("\u{FFFD}") } else { result.append(scalar) }
        }
        return String(result)
    }

    // MARK: Fitting text into columns

    /// At most `width` columns of `text`. When the text is longer it is cut before the character
    /// that does not fit and `ellipsis` is appended; a wide character is never split, and when
    /// one column is left over it becomes a space so the result is exactly `width` columns.
    /// When even the ellipsis does not fit, the text is cut without one.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if self.width(of: text) <= width { return text }
        let ellipsisWidth = self.width(of: ellipsis)
        let useEllipsis = ellipsisWidth <= width
        let room = useEllipsis ? width - ellipsisWidth : width
        var kept = ""
        var used = 0
        for character in text {
            let w = self.width(of: character)
            if used + w > room { break }
            kept.append(character)
            used += w
        }
        if useEllipsis {
            // "证书 …" reads worse than "证书…"; the freed columns become padding.
            while let last = kept.last, last == " " { kept.removeLast(); used -= 1 }
            kept += ellipsis
            used += ellipsisWidth
        }
        if used < width { kept += String(repeating: " ", count: width - used) }
        return kept
    }

    /// Exactly `width` columns: the text left-aligned, truncated or padded with spaces.
    public static func pad(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        let fitted = truncate(text, to: width, ellipsis: ellipsis)
        let w = self.width(of: fitted)
        return w < width ? fitted + String(repeating: " ", count: width - w) : fitted
    }

    /// Exactly `width` columns: the text right-aligned, truncated or padded with spaces.
    public static func alignRight(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        let fitted = truncate(text, to: width, ellipsis: ellipsis)
        let w = self.width(of: fitted)
        return w < width ? String(repeating: " ", count: width - w) + fitted : fitted
    }

    /// Exactly `width` columns: the text centred (an odd spare column goes to the right).
    public static func center(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        let fitted = truncate(text, to: width, ellipsis: ellipsis)
        let spare = max(0, width - self.width(of: fitted))
        let left = spare / 2
        return String(repeating: " ", count: left) + fitted + String(repeating: " ", count: spare - left)
    }

    // MARK: Scalars

    static func scalarWidth(_ scalar: Unicode.Scalar) -> Int {
        if scalar.value >= 0x20 && scalar.value < 0x7F { return 1 }
        _ = localeStatus
        return Int(wcwidth(wchar_t(bitPattern: scalar.value)))
    }

    /// C0, DEL and C1 controls, plus the line/paragraph separators (wcwidth -1 too).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v <= 0x9F) || v == 0x2028 || v == 0x2029
    }

    /// A cluster a terminal may draw as one two-column emoji: a flag (two regional indicators)
    /// or an emoji followed by VS16, a ZWJ, a skin-tone modifier or a keycap mark.
    static func isEmojiSequence(_ scalars: Character.UnicodeScalarView) -> Bool {
        var iterator = scalars.makeIterator()
        guard let first = iterator.next(), let second = iterator.next() else { return false }
        if isRegionalIndicator(first) && isRegionalIndicator(second) { return true }
        guard first.properties.isEmoji else { return false }
        return scalars.dropFirst().contains { s in
            s.value == 0xFE0F || s.value == 0x200D || s.value == 0x20E3 || (0x1F3FB...0x1F3FF).contains(s.value)
        }
    }

    static func isRegionalIndicator(_ s: Unicode.Scalar) -> Bool { (0x1F1E6...0x1F1FF).contains(s.value) }
}
