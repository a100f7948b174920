import Testing
import SmartCard
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite struct ATRPatternTests {
    @Test func literalWildcardsSetsAndStar() throws {
        let wild = try #require(ATRPattern("3B .. 14 50"))
        #expect(wild.matches(h("3B 02 14 50")))
        #expect(wild.matches(h("3B FF 14 50")))
        #expect(!wild.matches(h("3B 02 14 51")))
        #expect(!wild.matches(h("3B 02 14 50 00")))        // the whole ATR must match
        #expect(!wild.matches(h("3B 02 14")))

        let set = try #require(ATRPattern("3F 65 25 00 2[2C] 09 [F6]9 90 00"))
        #expect(set.matches(h("3F 65 25 00 2C 09 69 90 00")))
        #expect(set.matches(h("3F 65 25 00 22 09 F9 90 00")))
        #expect(!set.matches(h("3F 65 25 00 2D 09 69 90 00")))

        let range = try #require(ATRPattern("3B 75 94 00 00 62 02 02 0[1-3] 01"))
        #expect(range.matches(h("3B 75 94 00 00 62 02 02 02 01")))
        #expect(!range.matches(h("3B 75 94 00 00 62 02 02 04 01")))

        // A comma inside a set is just a member, as in Perl: [1,3] is 1, comma or 3.
        let comma = try #require(ATRPattern("3B 39 19 00 53 4F 4D 41 44 53 33 30 3[1,3]"))
        #expect(comma.matches(h("3B 39 19 00 53 4F 4D 41 44 53 33 30 33")))
        #expect(!comma.matches(h("3B 39 19 00 53 4F 4D 41 44 53 33 30 32")))

        let star = try #require(ATRPattern("3B EF 00 FF 81 31 42 45 .* 38"))
        #expect(star.matches(h("3B EF 00 FF 81 31 42 45 AA BB CC 38")))
        #expect(star.matches(h("3B EF 00 FF 81 31 42 45 00 38")))
        #expect(!star.matches(h("3B EF 00 FF 81 31 42 45 AA BB CC 39")))

        let tail = try #require(ATRPattern("3B FF 11 00 90 00.*"))
        #expect(tail.matches(h("3B FF 11 00 90 00")))
        #expect(tail.matches(h("3B FF 11 00 90 00 12 34")))
    }

    @Test func caseIsIgnored() throws {
        let lower = try #require(ATRPattern("3b 65 00 00 9c 1[0a] 01 01 03"))
        #expect(lower.matches(h("3B 65 00 00 9C 1A 01 01 03")))
        #expect(!lower.matches(h("3B 65 00 00 9C 11 01 01 03")))
        #expect(lower.matches(h("3B 65 00 00 9C 10 01 01 03")))
    }

    @Test func unreadablePatternsAreRefused() {
        #expect(ATRPattern("3B 99 [12") == nil)
        #expect(ATRPattern("3B (99|98)") == nil)
        #expect(ATRPattern("*3B") == nil)
        #expect(ATRPattern("   ") == nil)
        #expect(ATRPattern("3B [9-1]") == nil)
    }
}

@Suite struct ATRCatalogFixtureTests {
    let catalog: ATRCatalog

    init() throws {
        catalog = try ATRCatalog.load(path: TestPaths.fixtures + "/mini_smartcard_list.txt")
    }

    @Test func readsEntriesAndDescriptions() {
        #expect(catalog.entries.map(\.line) == [6, 9, 14, 17, 20, 26, 30])
        #expect(catalog.unreadableLines == [23])
        let token = catalog.entries[1]
        #expect(token.descriptions == ["Test token with wildcards", "second description line",
                                       "https://example.invalid/token"])
        // A description after a blank line belongs to nobody (ATR_analysis ignores it too).
        #expect(!catalog.entries.flatMap(\.descriptions).contains("Orphan description after a blank line"))
    }

    @Test func matchesInFileOrder() {
        #expect(catalog.matches(for: h("3B 02 14 50")).map(\.line) == [6, 30])
        #expect(catalog.matches(for: h("3B 9F 95 81 31 FE 9F 00 66 46 53 05 10 04 31 71 DF 00 00 39 00 00 1F")).map(\.line) == [9])
        #expect(catalog.matches(for: h("3B 65 00 00 9C 11 01 01 03")).map(\.line) == [14])
        #expect(catalog.matches(for: h("3B 65 00 00 9C 12 01 01 03")).isEmpty)
        #expect(catalog.matches(for: h("3B 6F 00 00 80 5A 00 05 00 00 00 00 00 00 00 00 82 90 00")).map(\.line) == [17])
        #expect(catalog.matches(for: h("3B 6F 00 00 80 5A 00 06 00 00 00 00 00 00 00 00 82 90 00")).isEmpty)
        #expect(catalog.matches(for: h("3B EF 00 FF 81 31 42 45 01 02 38")).map(\.line) == [20])
        #expect(catalog.matches(for: h("3F 65 25 00 2C 09 69 90 00")).map(\.line) == [26])
        #expect(catalog.matches(for: []).isEmpty)
    }

    @Test func toleratesCRLFAndBadUTF8() {
        var bytes = Array("3B 02 14 50\r\n\tCaf".utf8)
        bytes += [0xE9]                        // Latin-1 é, invalid as UTF-8
        bytes += Array("\r\n\r\n3B 11\r\n\tTwo\r\n".utf8)
        let catalog = ATRCatalog(listBytes: bytes)
        #expect(catalog.count == 2)
        #expect(catalog.entries[0].descriptions.first?.hasPrefix("Caf") == true)
        #expect(catalog.matches(for: h("3B 02 14 50")).count == 1)
        #expect(catalog.matches(for: h("3B 11")).first?.descriptions == ["Two"])
    }

    @Test func missingFileIsAnErrorValue() {
        #expect(throws: ATRCatalogError.self) { try ATRCatalog.load(path: TestPaths.fixtures + "/no-such-file.txt") }
        let (namer, error) = ATRNamer.load(path: TestPaths.fixtures + "/no-such-file.txt")
        #expect(error != nil)
        #expect(namer.catalog == nil)
        // Our own table still names tokens.
        let id = namer.identify(h("3B 9F 95 81 31 FE 9F 00 66 46 53 05 10 04 31 71 DF 00 00 39 00 00 1F"))
        #expect(id.bestName == "Feitian ePass2003")
        #expect(id.listMatches.isEmpty)
    }
}

@Suite struct KnownTokenTests {
    @Test func everyTokenPatternCompiled() {
        #expect(KnownTokens.all.count == 15)
        #expect(Set(KnownTokens.all.map(\.vendor)) == ["Feitian", "Longmai", "Watchdata"])
        #expect(KnownTokens.all.allSatisfy { !$0.source.isEmpty && !$0.vendorZh.isEmpty })
    }

    @Test func namesOurTokens() {
        #expect(KnownTokens.matches(for: h("3B 9F 95 81 31 FE 9F 00 66 46 53 05 23 00 25 71 DF 00 00 03 90 00 96")).map(\.model) == ["ePass2003"])
        #expect(KnownTokens.matches(for: h("3B 0F 00 65 46 53 05 16 05 71 DF 00 00 00 45 50 53")).map(\.model) == ["ePass3000"])
        #expect(KnownTokens.matches(for: h("3B 9F 11 81 31 FE 9F 00 6A 6D 54 6F 6B 65 6E 2D 46 00 00 81 90 00 79")).first?.vendor == "Longmai")
        #expect(KnownTokens.matches(for: h("3B FD 13 00 00 81 31 FE 15 80 73 C0 21 C0 57 59 75 62 69 4B 65 79 40")).isEmpty)
    }

    /// Each ATR in our table is backed by smartcard_list.txt: some listed ATR matches it.
    @Test(.enabled(if: ATRListSupport.listIsInstalled))
    func everyTokenIsBackedByTheList() throws {
        let catalog = try ATRCatalog.load(path: TestPaths.smartcardList)
        let listed = catalog.entries.compactMap { ATRListSupport.concreteBytes(for: $0.pattern.text) }
        for token in KnownTokens.all {
            #expect(listed.contains { token.pattern.matches($0) }, "\(token.displayName): \(token.pattern)")
        }
    }
}

@Suite(.enabled(if: ATRListSupport.listIsInstalled))
struct SystemListNamingTests {
    let catalog: ATRCatalog

    init() throws {
        catalog = try ATRCatalog.load(path: TestPaths.smartcardList)
    }

    @Test func everyATRLineIsReadAndMatchesItsOwnInstance() throws {
        #expect(catalog.unreadableLines.isEmpty)
        // Count ATR lines independently: non-empty lines not starting with '#' or a tab.
        let text = try ATRListSupport.rawLines()
        let atrLines = text.filter { !$0.isEmpty && !$0.hasPrefix("#") && !$0.hasPrefix("\t") }
        #expect(catalog.count == atrLines.count)
        for entry in catalog.entries {
            let bytes = try #require(ATRListSupport.concreteBytes(for: entry.pattern.text))
            #expect(catalog.matches(for: bytes).contains(entry), "line \(entry.line): \(entry.pattern.text)")
        }
    }

    @Test func namesRealCards() {
        let namer = ATRNamer(catalog: catalog)
        let yubikey = namer.identify(h("3B FD 13 00 00 81 31 FE 15 80 73 C0 21 C0 57 59 75 62 69 4B 65 79 40"))
        #expect(yubikey.knownTokens.isEmpty)
        #expect(yubikey.listMatches.flatMap(\.descriptions).contains("Yubico YubiKey 5 NFC (PKI)"))
        #expect(yubikey.bestName == "Yubico YubiKey 5 NFC (PKI)")
        let epass = namer.identify(h("3B 9F 95 81 31 FE 9F 00 66 46 53 05 10 04 31 71 DF 00 00 39 00 00 1F"))
        #expect(epass.bestName == "Feitian ePass2003")
        #expect(epass.listMatches.flatMap(\.descriptions).contains("Feitian ePass2003 (PKI)"))
        #expect(namer.identify(h("3B 01 02 03")).bestName == nil)
    }

    /// Not a timed test: prints the figure for the record and checks the work was done.
    @Test func decodeAndNameEveryListedATR() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let loaded = try ATRCatalog.load(path: TestPaths.smartcardList)
        let loadTime = clock.now - start
        let atrs = loaded.entries.compactMap { ATRListSupport.concreteBytes(for: $0.pattern.text) }
        let namer = ATRNamer(catalog: loaded)
        let t0 = clock.now
        var named = 0
        var lines = 0
        for bytes in atrs {
            let atr = ATR(bytes: bytes)
            lines += atr.descriptionLines.count
            if namer.identify(bytes).bestName != nil { named += 1 }
        }
        let work = clock.now - t0
        print("smartcard_list: load+compile \(loaded.count) patterns in \(loadTime); decoded and named \(atrs.count) ATRs (\(lines) lines) in \(work)")
        #expect(named == atrs.count)
    }
}

extension ATRListSupport {
    static func rawLines() throws -> [Substring] {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestPaths.smartcardList))
        let catalogText = String(decoding: data, as: UTF8.self)
        return catalogText.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
    }
}
