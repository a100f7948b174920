import Testing
import TerminalUI

@Suite struct ThemeTests {
    @Test func monochromeUsesBoldReverseUnderlineOnly() {
        let mono = Theme.monochrome
        #expect(!mono.usesColor)
        for role in Role.allCases {
            let style = mono.style(for: role, adding: [.dim, .bold])
            #expect(style.foreground == .terminalDefault && style.background == .terminalDefault, "\(role)")
            #expect(style.attributes.isSubset(of: [.bold, .reverse, .underline]), "\(role): \(style.attributes)")
        }
        // What must stand out still does without colour.
        #expect(mono.style(for: .selected).attributes.contains(.reverse))
        #expect(mono.style(for: .header).attributes.contains(.reverse))
        #expect(mono.style(for: .error).attributes.contains(.bold))
        #expect(mono.style(for: .link).attributes.contains(.underline))
        #expect(mono.style(for: .badge) != mono.style(for: .normal))
    }

    @Test func colourThemeDistinguishesTheRolesThatMatter() {
        let color = Theme.color
        #expect(color.usesColor)
        let normal = color.style(for: .normal)
        for role in [Role.selected, .header, .ok, .warning, .error, .badge, .keyHint, .link] {
            #expect(color.style(for: role) != normal, "\(role)")
        }
        // Plain text keeps the terminal's own colours (light projector profiles, dark SSH clients).
        #expect(normal == Style())
        #expect(color.style(for: .dim, adding: .underline).attributes == [.dim, .underline])
    }

    @Test func selection() {
        #expect(Theme.select(noColorFlag: false, environment: [:], terminalHasColors: true) == .color)
        #expect(Theme.select(noColorFlag: true, environment: [:], terminalHasColors: true) == .monochrome)
        #expect(Theme.select(noColorFlag: false, environment: ["NO_COLOR": "1"], terminalHasColors: true) == .monochrome)
        // no-color.org: set *and not empty*.
        #expect(Theme.select(noColorFlag: false, environment: ["NO_COLOR": ""], terminalHasColors: true) == .color)
        #expect(Theme.select(noColorFlag: false, environment: [:], terminalHasColors: false) == .monochrome)
    }
}

@Suite struct KeyTests {
    @Test func controlCodes() {
        #expect(Key.fromCharacterCode(0x0D) == .enter)
        #expect(Key.fromCharacterCode(0x0A) == .enter)
        #expect(Key.fromCharacterCode(0x09) == .tab)
        #expect(Key.fromCharacterCode(0x1B) == .escape)
        #expect(Key.fromCharacterCode(0x7F) == .backspace)
        #expect(Key.fromCharacterCode(0x08) == .backspace)
        #expect(Key.fromCharacterCode(0x03) == .ctrl("c"))
        #expect(Key.fromCharacterCode(0x01) == .ctrl("a"))
        #expect(Key.fromCharacterCode(0x1A) == .ctrl("z"))
        #expect(Key.fromCharacterCode(0x00) == .unknown(0))
        #expect(Key.fromCharacterCode(0x9B) == .unknown(0x9B))
    }

    @Test func characters() {
        #expect(Key.fromCharacterCode(0x71) == .character("q"))
        #expect(Key.fromCharacterCode(0x4E2D) == .character("中"))
        #expect(Key.fromCharacterCode(0x1F600) == .character("😀"))
        #expect(Key.fromCharacterCode(0xD800) == .unknown(0xD800))     // a lone surrogate is no character
        #expect(Key.fromCharacterCode(0x110000) == .unknown(0x110000))
    }

    @Test func names() {
        #expect(Key.function(1).description == "F1")
        #expect(Key.ctrl("c").description == "Ctrl-C")
        #expect(Key.character(" ").description == "Space")
        #expect(Key.character("中").description == "中")
        #expect(Key.pageDown.description == "PgDn")
    }
}
