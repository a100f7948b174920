// The pure parts of the adapter: return-code table, state words, multi-strings.
import Foundation
@testable import PCSC
import SmartCard
import Testing

@Suite struct PCSCStatusTests {
    /// Every SCARD_* error code pcsclite.h defines, read from the installed header
    /// (libpcsclite-dev is needed to build anyway), so a code we forgot shows up here.
    @Test func tableCoversEveryCodeInTheInstalledHeader() throws {
        let header = try String(contentsOfFile: "/usr/include/PCSC/pcsclite.h", encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"#define\s+(SCARD_[EFWP]_\w+)\s+\(\(LONG\)0x([0-9A-Fa-f]+)\)"#)
        let matches = pattern.matches(in: header, range: NSRange(header.startIndex..., in: header))
        #expect(matches.count >= 60)
        for match in matches {
            guard let nameRange = Range(match.range(at: 1), in: header),
                  let codeRange = Range(match.range(at: 2), in: header),
                  let code = UInt32(header[codeRange], radix: 16) else { continue }
            let name = String(header[nameRange])
            #expect(PCSCStatus.name(of: code) != nil, "\(name) (0x\(String(code, radix: 16))) missing from PCSCStatus.table")
            // Every code, named or not, maps to some error: nothing falls through as success.
            #expect(PCSCStatus.error(for: code) != nil)
        }
    }

    @Test(arguments: [
        (UInt32(0x8010_001D), SmartCardError.noService),
        (0x8010_001E, .noService),
        (0x8010_0018, .noService),
        (0x8010_0027, .noAccess),
        (0x8010_006A, .noAccess),
        (0x8010_002E, .noReaders),
        (0x8010_000C, .noCard),
        (0x8010_0069, .cardRemoved),
        (0x8010_0068, .cardReset),
        (0x8010_0067, .cardMute),
        (0x8010_0066, .cardMute),
        (0x8010_0065, .cardMute),
        (0x8010_000B, .cardInUse),
        (0x8010_0016, .notTransacted),
        (0x8010_002F, .notTransacted),
        (0x8010_000F, .protocolMismatch),
        (0x8010_000A, .timeout),
        (0x8010_0009, .unknownReader("Reader X")),
        (0x8010_0017, .unknownReader("Reader X")),
    ])
    func domainMeaning(code: UInt32, expected: SmartCardError) {
        #expect(PCSCStatus.error(for: code, reader: "Reader X") == expected)
    }

    @Test func successIsNoError() {
        #expect(PCSCStatus.error(for: 0) == nil)
        #expect(PCSCStatus.name(of: 0) == "SCARD_S_SUCCESS")
    }

    @Test func codesWithoutDomainMeaningKeepNameAndPcscliteText() {
        guard case .other(let code, let text) = PCSCStatus.error(for: 0x8010_0003) else {
            Issue.record("SCARD_E_INVALID_HANDLE should be .other")
            return
        }
        #expect(code == 0x8010_0003)
        #expect(text.hasPrefix("SCARD_E_INVALID_HANDLE: "))
        #expect(text.count > "SCARD_E_INVALID_HANDLE: ".count)
    }

    @Test func unknownCodesUsePcscStringifyError() {
        let error = PCSCStatus.error(for: 0x1234_5678)
        guard case .other(let code, let text) = error else {
            Issue.record("unknown code should be .other, got \(String(describing: error))")
            return
        }
        #expect(code == 0x1234_5678)
        #expect(!text.isEmpty)
        #expect(PCSCStatus.name(of: 0x1234_5678) == nil)
    }

    @Test func pcscliteSentences() {
        #expect(PCSCStatus.text(of: 0x8010_001D) == "Service not available.")
        #expect(PCSCStatus.text(of: 0x8010_006A) == "Access denied.")
    }

    @Test(arguments: [
        (UInt(0x0001_0022), ReaderSnapshot.CardState.present), // PRESENT|CHANGED, event counter 1
        (0x0003_0122, .present),    // INUSE (shared, possibly by us) is still readable
        (0x0000_01A2, .inUse),      // EXCLUSIVE|INUSE|PRESENT: someone locked it
        (0x0002_0222, .mute),       // MUTE|PRESENT
        (0x0000_0422, .present),    // UNPOWERED|PRESENT: pcscd powered it down while idle
        (0x0005_0012, .empty),      // EMPTY|CHANGED
        (0x0000_0008, .unavailable),
        (0x0000_0006, .unavailable),
        (0x0000_0000, .unavailable),
    ])
    func readerStateWords(word: UInt, expected: ReaderSnapshot.CardState) {
        #expect(ReaderStates.cardState(eventState: word) == expected)
    }

    @Test func multiStrings() {
        #expect(ReaderStates.names(fromMultiString: Array("Virtual PCD 00 00\0Virtual PCD 00 01\0\0".utf8))
                == ["Virtual PCD 00 00", "Virtual PCD 00 01"])
        #expect(ReaderStates.names(fromMultiString: []) == [])
        #expect(ReaderStates.names(fromMultiString: [0, 0]) == [])
        #expect(ReaderStates.names(fromMultiString: Array("飞天诚信 ePass3003\0\0".utf8)) == ["飞天诚信 ePass3003"])
        #expect(ReaderStates.names(fromMultiString: Array("no terminator".utf8)) == ["no terminator"])
    }

    @Test func protocolNames() {
        #expect(PCSCCardSession.protocolName(1) == "T=0")
        #expect(PCSCCardSession.protocolName(2) == "T=1")
        #expect(PCSCCardSession.protocolName(4) == "RAW")
        #expect(PCSCCardSession.protocolName(0) == "unknown")
    }
}
