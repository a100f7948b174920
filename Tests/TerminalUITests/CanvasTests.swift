import Testing
import TerminalUI

@Suite struct CanvasTests {
    @Test func twentyByFiveBoxWithChineseTitleAndContent() {
        var canvas = Canvas(width: 20, height: 5)
        let inner = canvas.box(canvas.bounds, title: "证书信息")
        #expect(inner == Rect(x: 1, y: 1, width: 18, height: 3))
        canvas.within(inner) { content in
            // Inside `within`, writes are clipped to the box's inside, not to the canvas.
            content.write("持有人：电信测试1", at: .zero, role: .normal)
            content.write("状态：已过期 3 天", at: Point(x: 0, y: 1), role: .error)
            content.write("按 q 退出，按 F1 查看帮助", at: Point(x: 0, y: 2), role: .dim)
        }
        #expect(canvas.lines() == [
            "┌─ 证书信息 ───────┐",
            "│持有人：电信测试1 │",
            "│状态：已过期 3 天 │",
            "│按 q 退出，按 F1  │",     // "查" would need inner columns 17-18: its visible half is a space
            "└──────────────────┘",
        ])
        #expect(canvas.layoutProblems().isEmpty)
        #expect(canvas.cell(at: Point(x: 1, y: 2))?.role == .error)
        #expect(canvas.cell(at: Point(x: 0, y: 0))?.role == .border)
        #expect(canvas.cell(at: Point(x: 3, y: 0))?.role == .title)
    }

    @Test func wideCharacterCutByTheRightEdgeBecomesASpace() {
        var canvas = Canvas(width: 5, height: 1)
        let end = canvas.write("ab中文", at: .zero)
        #expect(end == 6, "the returned x ignores clipping, so writes can be chained")
        #expect(canvas.lines() == ["ab中 "])
        #expect(canvas.layoutProblems().isEmpty)
    }

    @Test func wideCharacterCutByTheLeftEdgeBecomesASpace() {
        var canvas = Canvas(width: 6, height: 1)
        canvas.write("中文ab", at: Point(x: -1, y: 0))
        #expect(canvas.lines() == [" 文ab "])
        #expect(canvas.layoutProblems().isEmpty)
    }

    @Test func overwritingHalfAWideCharacterLeavesASpace() {
        var canvas = Canvas(width: 6, height: 1)
        canvas.write("中文字", at: .zero)
        canvas.write("a", at: Point(x: 1, y: 0))      // the right half of 中
        #expect(canvas.lines() == [" a文字"])
        canvas.write("b", at: Point(x: 2, y: 0))      // the left half of 文
        #expect(canvas.lines() == [" ab 字"])
        canvas.write("国", at: Point(x: 3, y: 0))     // straddles the space and the left half of 字
        #expect(canvas.lines() == [" ab国 "])
        #expect(canvas.layoutProblems().isEmpty)
    }

    @Test func regionsHaveTheirOwnOriginAndClip() {
        var canvas = Canvas(width: 12, height: 4)
        canvas.within(Rect(x: 2, y: 1, width: 5, height: 2)) { region in
            #expect(region.size == Size(width: 5, height: 2))
            region.write("证书助手", at: .zero)            // 8 columns into 5: 证书 + a space
            region.write("abcdefgh", at: Point(x: 0, y: 1))
            region.write("never", at: Point(x: 0, y: 2))   // below the region
            region.write("never", at: Point(x: 0, y: -1))  // above it
            region.within(Rect(x: 3, y: 0, width: 10, height: 1)) { nested in
                // The nested region reaches past its parent: still clipped to the parent.
                #expect(nested.size.width == 10)
                nested.write("XYZ", at: .zero)
            }
        }
        #expect(canvas.lines() == [
            "            ",
            "  证 XY     ",   // 助 straddled the region edge (a space); X overwrote half of 书 (a space); Z is outside
            "  abcde     ",
            "            ",
        ])
        #expect(canvas.layoutProblems().isEmpty)
    }

    @Test func zeroWidthAndEmojiClusters() {
        var canvas = Canvas(width: 10, height: 1)
        canvas.write("a\u{200B}b❤️c🇨🇳", at: .zero)
        // ❤️ is drawn as ❤ plus a space, 🇨🇳 as 🇨 plus a space: two columns each, whatever the terminal.
        #expect(canvas.lines() == ["ab❤ c🇨    "])
        #expect(TextWidth.width(of: canvas.lines()[0]) == 10)
        #expect(canvas.layoutProblems().isEmpty)
    }

    @Test func controlCharactersAreShownNotObeyed() {
        var canvas = Canvas(width: 8, height: 2)
        canvas.write("a\nb\u{1B}[2J", at: .zero)
        #expect(canvas.lines() == ["a\u{FFFD}b\u{FFFD}[2J ", "        "])
    }

    @Test func asciiBoxes() {
        var canvas = Canvas(width: 16, height: 4, boxes: .ascii)
        let inner = canvas.box(canvas.bounds, title: "证书助手未显示证书信息")
        canvas.write("电信测试1", at: inner.origin)
        #expect(canvas.lines() == [
            "+- 证书助... --+",
            "|电信测试1     |",
            "|              |",
            "+--------------+",
        ])
        #expect(canvas.lines().allSatisfy { $0.allSatisfy { $0.isASCII || TextWidth.width(of: $0) == 2 } })
    }

    @Test func boxesOfEverySizeStayInside() {
        for width in 0...8 {
            for height in 0...4 {
                var canvas = Canvas(width: 8, height: 4)
                let inner = canvas.box(Rect(x: 0, y: 0, width: width, height: height), title: "标题很长的标题")
                if width >= 2 && height >= 2 {
                    #expect(inner == Rect(x: 1, y: 1, width: width - 2, height: height - 2))
                } else {
                    #expect(inner.isEmpty)
                    #expect(canvas.lines().allSatisfy { $0 == "        " }, "nothing drawn for \(width)x\(height)")
                }
                #expect(canvas.layoutProblems().isEmpty, "\(width)x\(height)")
            }
        }
        // A box around more than the canvas: its borders are all outside.
        var canvas = Canvas(width: 8, height: 4)
        canvas.box(Rect(x: -3, y: -1, width: 20, height: 10), title: "外")
        #expect(canvas.lines() == Array(repeating: "        ", count: 4))
        // Only the left border inside.
        canvas.box(Rect(x: 2, y: -1, width: 20, height: 10))
        #expect(canvas.lines() == Array(repeating: "  │     ", count: 4))
    }

    @Test func titleIsTruncatedByWidthNotByCharacters() {
        for width in 6...30 {
            var canvas = Canvas(width: width, height: 3)
            canvas.box(canvas.bounds, title: "证书助手 Certificate Assistant")
            let top = canvas.lines()[0]
            #expect(TextWidth.width(of: top) == width)
            #expect(top.hasPrefix("┌─"))
            #expect(top.hasSuffix("─┐"))
            #expect(canvas.layoutProblems().isEmpty)
        }
    }

    @Test func dividerAndLines() {
        var canvas = Canvas(width: 10, height: 5)
        let rect = canvas.bounds
        canvas.box(rect)
        canvas.divider(in: rect, y: 2)
        canvas.horizontalLine(at: Point(x: 2, y: 3), width: 3)
        #expect(canvas.lines() == [
            "┌────────┐",
            "│        │",
            "├────────┤",
            "│ ───    │",
            "└────────┘",
        ])
    }

    @Test func fixedWidthColumnsAndBars() {
        var canvas = Canvas(width: 24, height: 3)
        canvas.fill(Rect(x: 0, y: 0, width: 24, height: 1), role: .header)
        canvas.write("UKey 诊断", at: Point(x: 0, y: 0), width: 12, align: .left, role: .header)
        canvas.write("DEMO", at: Point(x: 12, y: 0), width: 12, align: .right, role: .badge)
        canvas.write("证书助手未显示证书信息", at: Point(x: 0, y: 1), width: 9)
        canvas.write("中", at: Point(x: 9, y: 1), width: 5, align: .center)
        #expect(canvas.lines() == [
            "UKey 诊断           DEMO",
            "证书助手… 中            ",
            "                        ",
        ])
        #expect((0..<24).allSatisfy { canvas.cell(at: Point(x: $0, y: 0))?.role != .normal })
    }

    @Test func wrappedTextReportsHowManyLinesItNeeds() {
        var canvas = Canvas(width: 12, height: 4)
        let needed = canvas.writeWrapped(Samples.chineseParagraph, in: Rect(x: 1, y: 1, width: 10, height: 2))
        #expect(needed == TextLayout.wrap(Samples.chineseParagraph, width: 10).count)
        #expect(canvas.lines() == ["            ", " 证书更新失 ", " 败时，请先 ", "            "])
    }

    /// Random writes of mixed-width text, at random places, in random regions: the canvas stays
    /// sound (every row exactly `width` columns, no half wide character).
    @Test func randomWritesKeepTheCanvasSound() {
        var random = SeededGenerator(seed: 20240601)
        let pieces = ["证书", "a", "电信测试1", "❤️", "👨‍👩‍👧", "é", "，", "\u{200B}", "\t", "ok ", "🇨🇳", "한", "—"]
        for round in 0..<200 {
            let width = Int.random(in: 1...30, using: &random), height = Int.random(in: 1...6, using: &random)
            var canvas = Canvas(width: width, height: height)
            for _ in 0..<25 {
                var text = ""
                for _ in 0..<Int.random(in: 0...6, using: &random) { text += pieces.randomElement(using: &random)! }
                let point = Point(x: Int.random(in: -4...width + 2, using: &random), y: Int.random(in: -1...height, using: &random))
                if Bool.random(using: &random) {
                    let region = Rect(x: Int.random(in: -2...width, using: &random), y: Int.random(in: -1...height, using: &random),
                                      width: Int.random(in: 0...width + 3, using: &random), height: Int.random(in: 0...height + 1, using: &random))
                    canvas.within(region) { $0.write(text, at: point) }
                } else if Int.random(in: 0..<5, using: &random) == 0 {
                    canvas.box(Rect(x: point.x, y: point.y, width: Int.random(in: 0...width, using: &random), height: 3), title: text)
                } else {
                    canvas.write(text, at: point, role: .warning)
                }
            }
            #expect(canvas.layoutProblems().isEmpty, "round \(round): \(canvas.layoutProblems()) \(canvas.lines())")
        }
    }
}

@Suite struct BoxDetectionTests {
    @Test(arguments: [
        ("xterm-256color", true, true),
        ("screen-256color", true, true),
        ("tmux-256color", true, true),
        ("linux", true, true),          // the console in a UTF-8 locale draws U+2500 from its font
        ("linux", false, false),        // LANG=C: no UTF-8 at all
        ("xterm-256color", false, false),
        ("vt100", true, false),
        ("vt100-am", true, false),
        ("vt220", true, false),
        ("dumb", true, false),
        ("", true, false),
    ])
    func detect(term: String, utf8: Bool, unicode: Bool) {
        #expect(BoxCharacters.detect(term: term, localeIsUTF8: utf8).isUnicode == unicode)
    }

    @Test func unsetTermIsASCII() {
        #expect(BoxCharacters.detect(term: nil, localeIsUTF8: true) == .ascii)
    }
}

/// A small deterministic generator (SplitMix64) so random tests reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
