import Testing
import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

@Suite struct TextWidthTests {
    @Test func localeIsUTF8AfterSetup() {
        let status = TextWidth.ensureUTF8Locale()
        #expect(status.isUTF8, "LC_CTYPE \(status.ctype) is not UTF-8: widths of CJK would be wrong")
    }

    /// LANG=C (or unset): the locale is ASCII, wcwidth would give -1 for Chinese. The fallback
    /// to C.UTF-8 makes widths right, and the status says the user's locale was not UTF-8 (so
    /// the terminal gets ASCII boxes). In a child process: the locale is set once per process.
    @Test(arguments: ["C", nil])
    func plainCLocaleFallsBackToCUTF8(lang: String?) async {
        await #expect(processExitsWith: .exitCode(0)) { [lang = lang as String?] in
            for name in ["LC_ALL", "LC_CTYPE", "LANG", "LANGUAGE"] { unsetenv(name) }
            if let lang { setenv("LANG", lang, 1) }
            let status = TextWidth.ensureUTF8Locale()
            let ok = !status.environmentIsUTF8 && status.isUTF8
                && TextWidth.width(of: "证书助手未显示证书信息") == 22 && TextWidth.width(of: "e\u{301}中") == 3
            exit(ok ? 0 : 1)
        }
    }

    @Test(arguments: [
        ("证书助手未显示证书信息", 22),
        ("电信测试1", 9),
        ("ukey-doctor", 11),
        ("CN=电信测试1,O=中国电信", 23),
        ("", 0),
        ("Ａ１", 4),                       // full-width Latin and digits
        ("ｶﾀｶﾅ", 4),                       // half-width katakana
        ("한국어", 6),
        ("𠀀𪚥", 4),                        // CJK extension B, outside the BMP
        ("—…“”", 4),                        // East Asian Ambiguous: narrow, as glibc and tmux count them
    ])
    func widthsOfStrings(text: String, expected: Int) {
        #expect(TextWidth.width(of: text) == expected)
    }

    @Test func combiningMarksAddNothing() {
        let decomposed = "e\u{301}"                          // é as e + COMBINING ACUTE
        #expect(decomposed.count == 1)
        #expect(TextWidth.width(of: decomposed) == 1)
        #expect(TextWidth.width(of: "Cafe\u{301} 中\u{20DD}") == 7)  // a mark on a wide base stays 2
        #expect(TextWidth.width(of: "a\u{300}\u{301}\u{302}\u{303}\u{304}\u{305}") == 1)
        #expect(TextWidth.width(of: "\u{1100}\u{1161}\u{11A8}") == 2)  // Hangul jamo L+V+T: one syllable
    }

    @Test func emojiCountTwo() {
        #expect(TextWidth.width(of: "😀") == 2)              // emoji presentation by default
        #expect(TextWidth.width(of: "✅") == 2)
        #expect(TextWidth.width(of: "❤️") == 2)             // text-default + VS16
        #expect(TextWidth.width(of: "❤") == 1)              // the same without VS16
        #expect(TextWidth.width(of: "👨‍👩‍👧") == 2)            // ZWJ family
        #expect(TextWidth.width(of: "👍🏽") == 2)             // skin tone
        #expect(TextWidth.width(of: "🇨🇳") == 2)             // flag
        #expect(TextWidth.width(of: "1️⃣") == 2)             // keycap
        #expect(TextWidth.width(of: "ok 👍🏽 好") == 8)
    }

    @Test func controlCharactersCannotMoveTheCursor() {
        for control in ["\u{0}", "\u{7}", "\u{8}", "\u{1B}", "\r", "\n", "\r\n", "\u{7F}", "\u{85}", "\u{9B}", "\u{2028}"] {
            let glyph = TextWidth.glyph(for: Character(control))
            #expect(glyph.text == "\u{FFFD}", "control \(control.unicodeScalars.map { $0.value })")
            #expect(glyph.width == 1)
            #expect(TextWidth.width(of: control) == 1)
        }
        #expect(TextWidth.glyph(for: "\t") == TextWidth.Glyph(text: " ", textWidth: 1, padding: 0))
        #expect(TextWidth.sanitized("a\tb\u{1B}[2Jc\r\n") == "a b\u{FFFD}[2Jc\u{FFFD}\u{FFFD}")
        #expect(TextWidth.sanitized("证书 ok") == "证书 ok")
    }

    @Test func glyphsAgreeWithWidths() {
        let samples = "aZ~ 中，。…—“” é 𠀀 한 😀 ✅ ❤️ ❤ 👨‍👩‍👧 👍🏽 🇨🇳 1️⃣ \u{200B} \u{301} \u{0378} \u{10FFFF} \t\u{7}"
        for character in samples {
            let glyph = TextWidth.glyph(for: character)
            #expect(glyph.width == TextWidth.width(of: character), "\(character.unicodeScalars.map { String($0.value, radix: 16) })")
            // What is sent is as wide as the glyph claims, counted the way ncurses counts it.
            if !glyph.text.isEmpty {
                #expect(TextWidth.width(of: glyph.text) == glyph.textWidth)
                #expect(glyph.textWidth >= 1 && glyph.textWidth <= 2)
            }
        }
        // Emoji sequences are drawn as their base, padded to two columns.
        #expect(TextWidth.glyph(for: "❤️") == TextWidth.Glyph(text: "❤", textWidth: 1, padding: 1))
        #expect(TextWidth.glyph(for: "👨‍👩‍👧") == TextWidth.Glyph(text: "👨", textWidth: 2, padding: 0))
        // A lone zero-width character has nothing to draw.
        #expect(TextWidth.glyph(for: "\u{200B}").width == 0)
        // Unassigned code points are shown as U+FFFD.
        #expect(TextWidth.glyph(for: "\u{0378}").text == "\u{FFFD}")
    }

    // MARK: Truncation

    @Test func truncationNeverExceedsTheWidthNorSplitsAWideCharacter() {
        let texts = ["证书助手未显示证书信息", "电信测试1 CN=ABC", "a中b文c", "ukey-doctor probe --json", "❤️👨‍👩‍👧🇨🇳", "é中e\u{301}"]
        for text in texts {
            let full = TextWidth.width(of: text)
            for width in 0...(full + 2) {
                let cut = TextWidth.truncate(text, to: width)
                let w = TextWidth.width(of: cut)
                #expect(w <= width, "\(text) at \(width): \(cut)")
                if full > width && width >= 1 {
                    #expect(w == width, "a truncated result fills the width exactly: \(text) at \(width): '\(cut)'")
                    #expect(cut.hasSuffix("…") || cut.hasSuffix("… "), "\(cut)")
                }
                if full <= width { #expect(cut == text) }
                // Every kept character is a whole character of the original, in order.
                let kept = cut.replacing("…", with: "").trimmingSpaces()
                #expect(text.hasPrefix(kept) || kept.isEmpty, "\(text) → \(cut)")
            }
        }
    }

    @Test func truncationExamples() {
        #expect(TextWidth.truncate("证书助手未显示证书信息", to: 10) == "证书助手… ")  // one column left: a space
        #expect(TextWidth.truncate("证书助手未显示证书信息", to: 9) == "证书助手…")
        #expect(TextWidth.truncate("电信测试1", to: 9) == "电信测试1")
        #expect(TextWidth.truncate("电信测试1", to: 8) == "电信测… ")
        #expect(TextWidth.truncate("abcdef", to: 4) == "abc…")
        #expect(TextWidth.truncate("abc def", to: 5) == "abc… ")   // no space before the ellipsis
        #expect(TextWidth.truncate("abcdef", to: 4, ellipsis: "...") == "a...")
        #expect(TextWidth.truncate("abcdef", to: 2, ellipsis: "...") == "ab")   // no room for the ellipsis
        #expect(TextWidth.truncate("中文", to: 1) == "…")
        #expect(TextWidth.truncate("中文", to: 0) == "")
        #expect(TextWidth.truncate("中文", to: -3) == "")
    }

    @Test func padAlignCenterGiveExactWidths() {
        for text in ["", "a", "中", "证书助手未显示证书信息", "电信测试1"] {
            for width in 0...24 {
                #expect(TextWidth.width(of: TextWidth.pad(text, to: width)) == width)
                #expect(TextWidth.width(of: TextWidth.alignRight(text, to: width)) == width)
                #expect(TextWidth.width(of: TextWidth.center(text, to: width)) == width)
            }
        }
        #expect(TextWidth.pad("中", to: 4) == "中  ")
        #expect(TextWidth.alignRight("中", to: 4) == "  中")
        #expect(TextWidth.center("中", to: 5) == " 中  ")
        #expect(TextWidth.alignRight("电信测试1", to: 12) == "   电信测试1")
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
