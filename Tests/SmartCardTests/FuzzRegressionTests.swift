import Foundation
import Testing
@testable import SmartCard

/// Inputs the fuzz targets of Fuzz/ found (scripts/fuzz/run), each kept as the smallest input that
/// showed the bug, with what must hold instead.
@Suite struct FuzzRegressionTests {
    /// fuzz-atr-catalog: the one-pass matcher compared a pattern's first five characters with the ATR
    /// text one for one, so a quantified character ("3 ?B": an optional space) made it skip an entry
    /// the full catalog names. Minimised input: ATR 3B, list line `3 ?B`.
    @Test func quantifiedCharacterInThePrefixStillMatches() {
        let list = Array("3 ?B\n\tOptional space\n\n3BF? 00\n\tOptional F\n".utf8)
        for atr in [[0x3B], [0x3B, 0x00]] as [[UInt8]] {
            let full = ATRCatalog(listBytes: list).matches(for: atr).map(\.line)
            let streamed = ATRCatalog.matches(for: atr, listBytes: list).map(\.line)
            #expect(streamed == full, "\(Hex.encode(atr))")
            #expect(full.count == 1, "\(Hex.encode(atr)) matches one entry")
        }
        #expect(ATRCatalog.prefixCanMatch(Array("3 ?B".utf8)[...], Array("3B".utf8)))
        #expect(!ATRCatalog.prefixCanMatch(Array("3C".utf8)[...], Array("3B".utf8)))
    }

    /// fuzz-atr-catalog: a list line of many `.*` ("3B .*.*..*.*. .") made the backtracking matcher
    /// take exponential time on an ATR it does not match (a 5 s timeout on a 20-byte ATR). The
    /// matcher now runs as an automaton: the same answers, in time linear in pattern × ATR.
    @Test func manyStarsMatchInLinearTime() throws {
        let atr = [UInt8](repeating: 0x00, count: 32)
        let stars = try #require(ATRPattern("3B " + String(repeating: ".*", count: 40) + "FF"))
        let started = Date()
        #expect(!stars.matches([0x3B] + atr))
        #expect(stars.matches([0x3B] + atr + [0xFF]))
        #expect(Date().timeIntervalSince(started) < 1)
    }

    /// The automaton answers as a regular expression engine does, on the quantifiers the list uses.
    @Test func automatonAgreesWithARegexEngine() throws {
        let patterns = ["3B .*", "3B 9F 95 .. 0[01] .*", "3B [89]F .*00", "3B ?F+ 00", "3B .*.*..*.*. .",
                        "3[BF] .. 8?0 .*[^0]", "3b fd 13 .*", "3B.+", "3B 0?0? FF*"]
        let atrs: [[UInt8]] = [[0x3B], [0x3B, 0x00], [0x3B, 0x9F, 0x95, 0x81, 0x01, 0x22], [0x3B, 0x8F, 0x00],
                               [0x3F, 0x12, 0x80, 0x55], [0x3B, 0xFD, 0x13, 0x00], [0x3B, 0xFF], [0x3B, 0x00, 0xFF, 0xFF]]
        for pattern in patterns {
            let compiled = try #require(ATRPattern(pattern))
            let regex = try NSRegularExpression(pattern: "^" + pattern + "$", options: [.caseInsensitive])
            for atr in atrs {
                let text = Hex.encode(atr)
                let expected = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                #expect(compiled.matches(atr) == expected, "\(pattern) on \(text)")
            }
        }
    }
}
