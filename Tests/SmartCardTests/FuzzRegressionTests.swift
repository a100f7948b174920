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
}
