import Foundation
import Testing
@testable import SmartCard

/// The one-pass matcher the probe uses must name every ATR as the full catalog does.
@Suite struct ATRNamingStreamingTests {
    @Test func streamingMatchesAgreeWithTheCatalog() throws {
        guard let data = FileManager.default.contents(atPath: ATRCatalog.defaultPath) else {
            Issue.record("\(ATRCatalog.defaultPath) missing: install pcsc-tools")
            return
        }
        let bytes = Array(data)
        let catalog = ATRCatalog(listBytes: bytes)
        // Every 17th entry, wildcards filled with 0, plus ATRs no entry knows.
        var atrs: [[UInt8]] = stride(from: 0, to: catalog.entries.count, by: 17).compactMap { index in
            Hex.decode(catalog.entries[index].pattern.text.replacingOccurrences(of: ".", with: "0"))
        }
        atrs += [[0x3B, 0x00], [0x3F, 0xFF, 0x01], []]
        #expect(atrs.count > 200)
        for atr in atrs {
            let full = catalog.matches(for: atr).map(\.line)
            let streamed = ATRCatalog.matches(for: atr, listBytes: bytes).map(\.line)
            #expect(streamed == full, "\(Hex.encode(atr))")
        }
    }

    @Test func namesFromOurTableFirst() {
        let epass2003: [UInt8] = Hex.decode("3B9F9581 31FE9F00 66465305 10043171 DF000000 000026".replacingOccurrences(of: " ", with: "")) ?? []
        #expect(ATRNamer.name(epass2003)?.contains("ePass2003") == true)
        #expect(ATRNamer.name([0x3B, 0x00], listPath: "/nonexistent") == nil)
    }
}
