import Testing
@testable import TerminalUI

/// Paragraphs in the style of the renewal guides (our own wording).
enum Samples {
    static let chineseParagraph = "证书更新失败时，请先确认UKey已插入电脑的USB接口，并且驱动程序已经安装。如果系统提示“产生密钥对失败”，请不要重复操作，先联系运维人员（电话见下方）。更新完成后，新证书需要等待约30分钟才能生效；在此期间请勿拔出UKey！"
    static let mixedParagraph = "请运行 ukey-doctor probe --json 并把结果发给技术支持（support@example.cn）。If the token is not detected, run pcsc_scan and check that pcscd is running; 如果仍然不行，请拨打客服热线。"
    static let listItems = "1) 插入UKey，等待指示灯常亮后再打开证书助手，然后点击“证书更新”。\n2) 输入UKey密码（默认密码见说明书），连续输错10次UKey会被锁死。\n- Remove the token, wait five seconds, and insert it again before retrying.\n（3）更新成功后请重新登录系统，确认新证书的有效期已经延长。\n① 第一步：检查设备管理器中的智能卡读卡器。"
}

@Suite struct TextLayoutTests {
    /// Invariants every wrap must keep, checked over many widths.
    func checkInvariants(_ text: String, width: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = TextLayout.wrap(text, width: width)
        for line in lines {
            #expect(TextWidth.width(of: line) <= width, "over \(width): '\(line)'", sourceLocation: sourceLocation)
            #expect(line.last != " ", "trailing space: '\(line)'", sourceLocation: sourceLocation)
        }
        for (i, line) in lines.enumerated() {
            let content = line.drop(while: { $0 == " " })
            if let first = content.first, i > 0, width >= 8 {
                #expect(!TextLayout.noLineStart.contains(first), "line starts with '\(first)' at width \(width): \(lines)", sourceLocation: sourceLocation)
            }
            if let last = line.last, i < lines.count - 1, width >= 8 {
                #expect(!TextLayout.noLineEnd.contains(last), "line ends with '\(last)' at width \(width): \(lines)", sourceLocation: sourceLocation)
            }
        }
        // Nothing lost, nothing added but spaces.
        #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " && $0 != "\n" }, sourceLocation: sourceLocation)
    }

    @Test func chineseParagraphKeepsTheRulesAtEveryWidth() {
        for width in 4...90 { checkInvariants(Samples.chineseParagraph, width: width) }
    }

    @Test func mixedParagraphKeepsTheRulesAtEveryWidth() {
        for width in 4...120 { checkInvariants(Samples.mixedParagraph, width: width) }
    }

    @Test func latinWordsStayWholeWhenTheyFit() {
        let words = Samples.mixedParagraph.split(separator: " ").filter { $0.allSatisfy(\.isASCII) }
        for width in [20, 38, 76] {
            let lines = TextLayout.wrap(Samples.mixedParagraph, width: width)
            for word in words {
                #expect(lines.contains { $0.contains(word) }, "'\(word)' split at width \(width): \(lines)")
            }
        }
    }

    @Test func chineseAtWidth20() {
        // Each line is as full as the rules allow: 20 columns = 10 characters, shorter only where
        // punctuation must travel with its neighbour.
        #expect(TextLayout.wrap(Samples.chineseParagraph, width: 20) == [
            "证书更新失败时，请先",
            "确认UKey已插入电脑的",
            "USB接口，并且驱动程",
            "序已经安装。如果系统",
            "提示“产生密钥对失",
            "败”，请不要重复操",
            "作，先联系运维人员",
            "（电话见下方）。更新",
            "完成后，新证书需要等",
            "待约30分钟才能生效；",
            "在此期间请勿拔出",
            "UKey！",
        ])
    }

    @Test func mixedAtWidths20And38And76() {
        // Checked by hand: each line would overflow with the next piece; "持" may break before
        // "（", "。" before "If"; "结果" may split, "ukey-doctor" may not.
        #expect(TextLayout.wrap(Samples.mixedParagraph, width: 20) == [
            "请运行 ukey-doctor",
            "probe --json 并把结",
            "果发给技术支持",
            "（support@example.c",     // too long for any line: cut, but not before "）"
            "n）。If the token is",
            "not detected, run",
            "pcsc_scan and check",
            "that pcscd is",
            "running; 如果仍然不",
            "行，请拨打客服热线。",
        ])
        #expect(TextLayout.wrap(Samples.mixedParagraph, width: 38) == [
            "请运行 ukey-doctor probe --json 并把结",
            "果发给技术支持（support@example.cn）。",
            "If the token is not detected, run",
            "pcsc_scan and check that pcscd is",
            "running; 如果仍然不行，请拨打客服热",   // "线。" travel together
            "线。",
        ])
        #expect(TextLayout.wrap(Samples.mixedParagraph, width: 76) == [
            "请运行 ukey-doctor probe --json 并把结果发给技术支持（support@example.cn）。",
            "If the token is not detected, run pcsc_scan and check that pcscd is running;",
            "如果仍然不行，请拨打客服热线。",
        ])
    }

    @Test func listItemsHangUnderTheirText() {
        let lines = TextLayout.wrap(Samples.listItems, width: 30)
        #expect(lines == [
            "1) 插入UKey，等待指示灯常亮后",
            "   再打开证书助手，然后点击“证",
            "   书更新”。",
            "2) 输入UKey密码（默认密码见说",
            "   明书），连续输错10次UKey会",
            "   被锁死。",
            "- Remove the token, wait five",
            "  seconds, and insert it again",
            "  before retrying.",
            "（3）更新成功后请重新登录系",
            "     统，确认新证书的有效期已",
            "     经延长。",
            "① 第一步：检查设备管理器中的智",
            "  能卡读卡器。",
        ])
        for width in 8...60 { checkInvariants(Samples.listItems, width: width) }
        // Too narrow to hang under the marker: continuation lines start at the left.
        #expect(TextLayout.wrap("1) 插入UKey，等待指示灯", width: 12) == ["1) 插入", "UKey，等待指", "示灯"])
    }

    @Test func hangingIndentCanBeTurnedOff() {
        let lines = TextLayout.wrap("1) 插入UKey，等待指示灯常亮后再打开证书助手", width: 20, hangingIndent: false)
        #expect(lines == ["1) 插入UKey，等待指", "示灯常亮后再打开证书", "助手"])
    }

    @Test func markersThatAreNotListItems() {
        // "1.5" is a number, "-5" a negative: no hanging indent.
        #expect(TextLayout.wrap("1.5 GB of logs were written to the disk today", width: 16) ==
                ["1.5 GB of logs", "were written to", "the disk today"])
        #expect(TextLayout.wrap("-5 degrees outside the office", width: 12) == ["-5 degrees", "outside the", "office"])
    }

    @Test func overLongWordsAreCutAtTheWidth() {
        let path = "/usr/lib/x86_64-linux-gnu/pkcs11/opensc_pkcs11_module_with_a_long_name.so"
        let lines = TextLayout.wrap("驱动文件：" + path, width: 20)
        #expect(lines.first == "驱动文件：")
        #expect(lines.dropFirst().dropLast().allSatisfy { TextWidth.width(of: $0) == 20 }, "\(lines)")
        #expect(lines.last.map { TextWidth.width(of: $0) <= 20 } == true)
        #expect(lines.joined() == "驱动文件：" + path)
    }

    @Test func hyphenatedWordsStayWhole() {
        // Command names and options are typed by users: never split where they fit.
        #expect(TextLayout.wrap("then run ukey-doctor --no-color now", width: 14) == ["then run", "ukey-doctor", "--no-color now"])
    }

    @Test func paragraphsAndBlankLinesAreKept() {
        #expect(TextLayout.wrap("第一段。\n\n第二段。\r\n第三段。", width: 20) == ["第一段。", "", "第二段。", "第三段。"])
        #expect(TextLayout.wrap("", width: 10) == [""])
        #expect(TextLayout.wrap("abc", width: 0) == [])
    }

    @Test func tinyWidthsNeverOverflow() {
        for width in 1...3 {
            for line in TextLayout.wrap(Samples.mixedParagraph + Samples.chineseParagraph, width: width) {
                #expect(TextWidth.width(of: line) <= width)
            }
        }
    }

    @Test func breakOpportunities() {
        #expect(TextLayout.mayBreak(between: "中", and: "文"))
        #expect(TextLayout.mayBreak(between: "中", and: "A"))
        #expect(TextLayout.mayBreak(between: "A", and: "中"))
        #expect(!TextLayout.mayBreak(between: "A", and: "B"))
        #expect(!TextLayout.mayBreak(between: "中", and: "，"))
        #expect(!TextLayout.mayBreak(between: "（", and: "中"))
        #expect(!TextLayout.mayBreak(between: "“", and: "产"))
        #expect(TextLayout.mayBreak(between: "，", and: "A"))
        #expect(!TextLayout.mayBreak(between: "-", and: "c"))
        #expect(!TextLayout.mayBreak(between: "-", and: "5"))
    }
}
