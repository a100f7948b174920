// Naming cards by ATR, from pcsc-tools' smartcard_list.txt (read at run time, never copied
// into the repository) and from our own table of tokens met in Chinese deployments.
//
// smartcard_list.txt format: an ATR line is a regular expression over the ATR written as
// upper-case hex bytes separated by single spaces ("3B 9F 95 .. 0[01] .*"); the tab-indented
// lines that follow describe it; an empty line ends the entry. ATR_analysis matches
// with Perl `m/^$line$/i`, so we match the whole ATR text, ignoring case.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One ATR line compiled for matching. Supports what the file uses: literal characters,
/// `.`, bracket sets with ranges (`[1-5]`, `[2C]`), and the quantifiers `*`, `+`, `?`.
public struct ATRPattern: Equatable, Sendable, CustomStringConvertible {
    public let text: String
    /// Each position accepts a set of ASCII characters, kept as a 128-bit mask (lo: 0-63, hi: 64-127).
    let pieces: [Piece]
    /// Set when the pattern has no quantifier: the ATR text must have exactly this length.
    let fixedLength: Int?
    /// TS and T0 when the pattern starts with them as plain bytes ("3B 9F"), for bucketing.
    let leadingBytes: UInt16?

    struct Piece: Equatable, Sendable {
        var lo: UInt64
        var hi: UInt64
        var min: Int
        var max: Int   // Int.max for * and +

        @inline(__always)
        func accepts(_ c: UInt8) -> Bool {
            c < 64 ? lo & (1 << UInt64(c)) != 0 : (c < 128 && hi & (1 << UInt64(c &- 64)) != 0)
        }

        /// The one character this position accepts, letters folded to upper case
        /// (a literal letter accepts both cases); nil for a wildcard or a set.
        var literalCharacter: UInt8? {
            var members: [UInt8] = []
            for c in UInt8(0)..<128 where accepts(c) {
                members.append(ATRPattern.upper(c))
                if members.count > 2 { return nil }
            }
            guard let first = members.first, members.allSatisfy({ $0 == first }) else { return nil }
            return first
        }
    }

    public var description: String { text }

    /// Compiles an ATR line; nil when it is not a pattern we can read (e.g. an unclosed `[`).
    public init?(_ line: String) {
        var raw = Array(line.utf8)
        while let last = raw.last, last == 0x20 || last == 0x09 || last == 0x0D { raw.removeLast() }
        guard !raw.isEmpty else { return nil }
        var pieces: [Piece] = []
        var i = 0
        while i < raw.count {
            let c = raw[i]
            var lo: UInt64 = 0, hi: UInt64 = 0
            func add(_ ch: UInt8) {
                for variant in ATRPattern.caseVariants(ch) where variant < 128 {
                    if variant < 64 { lo |= 1 << UInt64(variant) } else { hi |= 1 << UInt64(variant - 64) }
                }
            }
            switch c {
            case UInt8(ascii: "."):
                lo = ~0 & ~(1 << 0x0A)   // any character but newline, as in Perl
                hi = ~0
                i += 1
            case UInt8(ascii: "["):
                i += 1
                var negate = false
                if i < raw.count, raw[i] == UInt8(ascii: "^") { negate = true; i += 1 }
                var closed = false
                var first = true
                while i < raw.count {
                    let m = raw[i]
                    if m == UInt8(ascii: "]") && !first { closed = true; i += 1; break }
                    first = false
                    if i + 2 < raw.count, raw[i + 1] == UInt8(ascii: "-"), raw[i + 2] != UInt8(ascii: "]") {
                        let end = raw[i + 2]
                        guard m <= end else { return nil }
                        for ch in m...end { add(ch) }
                        i += 3
                    } else {
                        add(m)
                        i += 1
                    }
                }
                guard closed else { return nil }
                if negate { lo = ~lo; hi = ~hi }
            case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
                return nil   // a quantifier with nothing before it
            case UInt8(ascii: "\\"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "|"),
                 UInt8(ascii: "{"), UInt8(ascii: "^"), UInt8(ascii: "$"):
                return nil   // regex syntax the file does not use; refuse rather than misread
            default:
                add(ATRPattern.upper(c))   // the ATR text is upper case; letters match either case
                i += 1
            }
            var minCount = 1, maxCount = 1
            if i < raw.count {
                switch raw[i] {
                case UInt8(ascii: "*"): minCount = 0; maxCount = Int.max; i += 1
                case UInt8(ascii: "+"): minCount = 1; maxCount = Int.max; i += 1
                case UInt8(ascii: "?"): minCount = 0; maxCount = 1; i += 1
                default: break
                }
            }
            pieces.append(Piece(lo: lo, hi: hi, min: minCount, max: maxCount))
        }
        self.text = String(decoding: raw, as: UTF8.self)
        self.pieces = pieces
        fixedLength = pieces.allSatisfy { $0.min == 1 && $0.max == 1 } ? pieces.count : nil
        // "3B 9F…": five single characters, hex digits around a space.
        var lead: [UInt8] = []
        for piece in pieces.prefix(5) {
            guard piece.min == 1, piece.max == 1, let ch = piece.literalCharacter else { break }
            lead.append(ch)
        }
        if lead.count == 5, lead[2] == 0x20, let two = Hex.decode(String(decoding: lead, as: UTF8.self)), two.count == 2 {
            leadingBytes = UInt16(two[0]) << 8 | UInt16(two[1])
        } else {
            leadingBytes = nil
        }
    }

    /// Matches ATR bytes.
    public func matches(_ atr: [UInt8]) -> Bool {
        matches(text: ATRPattern.text(for: atr))
    }

    /// Matches the ATR already written as "3B FD 13 …" (upper case, single spaces).
    func matches(text: [UInt8]) -> Bool {
        if let fixedLength {
            guard fixedLength == text.count else { return false }
            return pieces.withUnsafeBufferPointer { p in
                text.withUnsafeBufferPointer { t in
                    for k in 0..<fixedLength where !p[k].accepts(t[k]) { return false }
                    return true
                }
            }
        }
        return runAutomaton(on: text)
    }

    /// Runs the pattern as an automaton: the set of pieces the text so far can have reached, one
    /// character at a time. Linear in pattern × text; backtracking took exponential time on lines
    /// like "3B .*.*..*.*." (found by fuzz-atr-catalog). Quantifiers are only ?, * and +, so a piece
    /// is left after one character (max 1) or may take another (max Int.max).
    private func runAutomaton(on text: [UInt8]) -> Bool {
        let n = pieces.count
        var current = [Bool](repeating: false, count: n + 1)
        var next = current
        current[0] = true
        skipOptional(&current)
        for c in text {
            for p in 0...n { next[p] = false }
            var any = false
            for p in 0..<n where current[p] && pieces[p].accepts(c) {
                if pieces[p].max > 1 { next[p] = true }
                next[p + 1] = true
                any = true
            }
            guard any else { return false }
            skipOptional(&next)
            swap(&current, &next)
        }
        return current[n]
    }

    /// A piece that may take no character (?, *) passes its state on to the next piece.
    private func skipOptional(_ states: inout [Bool]) {
        for p in 0..<pieces.count where states[p] && pieces[p].min == 0 { states[p + 1] = true }
    }

    /// "3B FD 13": the form the patterns are written against.
    static func text(for atr: [UInt8]) -> [UInt8] {
        Hex.encodeASCII(atr)
    }

    static func upper(_ c: UInt8) -> UInt8 {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) ? c - 32 : c
    }

    static func caseVariants(_ c: UInt8) -> [UInt8] {
        if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) { return [c, c - 32] }
        if (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c) { return [c, c + 32] }
        return [c]
    }
}

public enum ATRCatalogError: Error, Equatable, Sendable {
    case unreadable(path: String, reason: String)
}

/// The entries of a smartcard_list.txt, compiled once and matched many times.
public struct ATRCatalog: Sendable {
    public struct Entry: Equatable, Sendable {
        public let pattern: ATRPattern
        /// The tab-indented lines under the ATR line, tab removed.
        public let descriptions: [String]
        /// 1-based line of the ATR line in the file.
        public let line: Int
    }

    public static let defaultPath = "/usr/share/pcsc/smartcard_list.txt"

    public let entries: [Entry]
    /// Lines that looked like ATR patterns but could not be compiled.
    public let unreadableLines: [Int]
    /// Entries whose pattern starts with plain TS and T0 bytes, by those two bytes.
    private let buckets: [UInt16: [Int]]
    /// Entries without such a start ("3B .. …"); tried for every ATR.
    private let unbucketed: [Int]
    /// The fixed-length patterns flattened for speed: entry i owns masks
    /// [maskStart[i], maskStart[i] + maskLength[i]); maskLength is -1 for patterns with quantifiers.
    private let maskLo: [UInt64]
    private let maskHi: [UInt64]
    private let maskStart: [Int]
    private let maskLength: [Int]

    public var count: Int { entries.count }

    /// Reads the catalog at `path`. A missing or unreadable file is an error value.
    public static func load(path: String = defaultPath) throws(ATRCatalogError) -> ATRCatalog {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        return ATRCatalog(listBytes: Array(data))
    }

    public init(listText: String) {
        self.init(listBytes: Array(listText.utf8))
    }

    /// Parses the file's bytes. Invalid UTF-8 in descriptions is repaired, never fatal.
    public init(listBytes bytes: [UInt8]) {
        var entries: [Entry] = []
        var unreadable: [Int] = []
        var current: (pattern: ATRPattern, line: Int, descriptions: [String])? = nil
        var lineNumber = 0
        var start = 0

        func flush() {
            if let c = current { entries.append(Entry(pattern: c.pattern, descriptions: c.descriptions, line: c.line)) }
            current = nil
        }

        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            if start == bytes.count { break }
            lineNumber += 1
            var line = bytes[start..<end]
            if line.last == 0x0D { line = line.dropLast() }
            start = end + 1

            guard let first = line.first else {
                flush()          // an empty line ends the entry
                continue
            }
            if first == UInt8(ascii: "#") { continue }
            if first == 0x09 {
                if var entry = current {
                    entry.descriptions.append(String(decoding: line.dropFirst(), as: UTF8.self))
                    current = entry
                }
                continue
            }
            if first == 0x20 { continue }
            flush()
            if let pattern = ATRPattern(String(decoding: line, as: UTF8.self)) {
                current = (pattern, lineNumber, [])
            } else {
                unreadable.append(lineNumber)
            }
        }
        flush()
        self.init(entries: entries, unreadableLines: unreadable)
    }

    public init(entries: [Entry], unreadableLines: [Int] = []) {
        self.entries = entries
        self.unreadableLines = unreadableLines
        var buckets: [UInt16: [Int]] = [:]
        var rest: [Int] = []
        for (index, entry) in entries.enumerated() {
            if let key = entry.pattern.leadingBytes {
                buckets[key, default: []].append(index)
            } else {
                rest.append(index)
            }
        }
        self.buckets = buckets
        self.unbucketed = rest
        var lo: [UInt64] = [], hi: [UInt64] = [], starts: [Int] = [], lengths: [Int] = []
        for entry in entries {
            starts.append(lo.count)
            if let n = entry.pattern.fixedLength {
                lengths.append(n)
                for piece in entry.pattern.pieces {
                    lo.append(piece.lo)
                    hi.append(piece.hi)
                }
            } else {
                lengths.append(-1)
            }
        }
        maskLo = lo
        maskHi = hi
        maskStart = starts
        maskLength = lengths
    }

    private func entryMatches(_ index: Int, _ text: UnsafeBufferPointer<UInt8>, _ textArray: [UInt8]) -> Bool {
        let n = maskLength[index]
        if n < 0 { return entries[index].pattern.matches(text: textArray) }
        guard n == text.count else { return false }
        let base = maskStart[index]
        return maskLo.withUnsafeBufferPointer { lo in
            maskHi.withUnsafeBufferPointer { hi in
                for k in 0..<n {
                    let c = text[k]
                    let hit = c < 64 ? lo[base + k] & (1 << UInt64(c)) != 0
                                     : c < 128 && hi[base + k] & (1 << UInt64(c &- 64)) != 0
                    if !hit { return false }
                }
                return true
            }
        }
    }

    /// Every entry whose pattern matches the ATR, in file order.
    public func matches(for atr: [UInt8]) -> [Entry] {
        matches(for: atr, text: ATRPattern.text(for: atr))
    }

    func matches(for atr: [UInt8], text: [UInt8]) -> [Entry] {
        var hits: [Int] = []
        text.withUnsafeBufferPointer { t in
            if atr.count >= 2, let bucket = buckets[UInt16(atr[0]) << 8 | UInt16(atr[1])] {
                for index in bucket where entryMatches(index, t, text) { hits.append(index) }
            }
            for index in unbucketed where entryMatches(index, t, text) { hits.append(index) }
        }
        if !unbucketed.isEmpty { hits.sort() }
        return hits.map { entries[$0] }
    }
}

/// A token model met in Chinese deployments, recognised by ATR. Every ATR here is taken
/// from a public source, named in `source`.
public struct KnownToken: Equatable, Sendable {
    public let vendor: String
    public let vendorZh: String
    public let model: String
    public let pattern: ATRPattern
    /// Where the ATR comes from.
    public let source: String
    /// The OpenSC card driver that handles it, where OpenSC's own code names it.
    public let openscDriver: String?

    public var displayName: String { "\(vendor) \(model)" }
}

public enum KnownTokens {
    private static func token(_ vendor: String, _ vendorZh: String, _ model: String, _ pattern: String,
                              _ source: String, driver: String? = nil) -> KnownToken? {
        guard let compiled = ATRPattern(pattern) else { return nil }
        return KnownToken(vendor: vendor, vendorZh: vendorZh, model: model, pattern: compiled,
                          source: source, openscDriver: driver)
    }

    private static let smartcardList = "pcsc-tools smartcard_list.txt (2023-01 edition, Debian 12)"

    /// Our table. OpenSC masks are written as patterns: mask byte 00 becomes "..".
    public static let all: [KnownToken] = [
        // OpenSC src/libopensc/card-epass2003.c, epass2003_atrs: ATR
        // 3B:9F:95:81:31:FE:9F:00:66:46:53:05:00:00:00:71:DF:00:00:00:00:00:00 with mask
        // FF×12 00 00 00 FF FF FF FF 00 00 00 00. The same prefix appears in smartcard_list.txt
        // ("Feitian ePass2003 token", "FT ePass2003Auto USB Token", lines 9318-9369).
        token("Feitian", "飞天诚信", "ePass2003",
              "3B 9F 95 81 31 FE 9F 00 66 46 53 05 .. .. .. 71 DF 00 00 .. .. .. ..",
              "OpenSC card-epass2003.c epass2003_atrs (mask); \(smartcardList) lines 9318-9369",
              driver: "epass2003"),
        // OpenSC src/libopensc/card-entersafe.c, entersafe_atrs: "ePass3000",
        // 3b:0f:00:65:46:53:05:19:05:71:df:00:00:00:00:00:00 mask ff×7 00 ff ff ff 00×6.
        // smartcard_list.txt lines 349-356 list three ePass3000 ATRs of this shape.
        token("Feitian", "飞天诚信", "ePass3000",
              "3B 0F 00 65 46 53 05 .. 05 71 DF .. .. .. .. .. ..",
              "OpenSC card-entersafe.c entersafe_atrs (mask); \(smartcardList) lines 349-356",
              driver: "entersafe"),
        // OpenSC card-entersafe.c: "FTCOS/PK-01C",
        // 3b:9f:95:81:31:fe:9f:00:65:46:53:05:30:06:71:df:00:00:00:80:6a:82:5e, byte 12 and the
        // last four masked. smartcard_list.txt line 9309 names the family "Feitian PKI, FTCOS/PK-01C".
        token("Feitian", "飞天诚信", "FTCOS/PK-01C (PKI card/token)",
              "3B 9F 95 81 31 FE 9F 00 65 46 53 05 .. 06 71 DF 00 00 00 .. .. .. ..",
              "OpenSC card-entersafe.c entersafe_atrs (mask); \(smartcardList) line 9309",
              driver: "entersafe"),
        // smartcard_list.txt line 12395: "ePass 2000".
        token("Feitian", "飞天诚信", "ePass2000",
              "3B F9 94 00 00 81 31 FE 65 46 54 20 56 31 30 30 90 00 83",
              "\(smartcardList) line 12395"),
        // smartcard_list.txt line 8861: "USB Token mToken CryptoID by Longmai".
        token("Longmai", "龙脉", "mToken CryptoID",
              "3B 9F 11 81 31 FE 9F 00 6A 6D 54 6F 6B 65 6E 2D 46 00 00 81 90 00 79",
              "\(smartcardList) line 8861"),
        // smartcard_list.txt line 8865: "Longmai mToken CryptoIDA Reader".
        token("Longmai", "龙脉", "mToken CryptoIDA",
              "3B 9F 11 81 31 FE 9F 00 6A 6D 54 6F 6B 65 6E 2D 50 00 05 81 90 00 6A",
              "\(smartcardList) line 8865"),
        // smartcard_list.txt lines 3182-3213: Watchdata USB keys (each ATR exactly as listed).
        token("Watchdata", "握奇", "USB Key (Brazil CSP v1.0)",
              "3B 6E 00 00 57 44 36 13 69 86 93 02 32 12 56 28 25 32", "\(smartcardList) line 3182"),
        token("Watchdata", "握奇", "USB Key",
              "3B 6E 00 00 57 44 36 19 69 86 93 02 21 18 15 50 0E 2B", "\(smartcardList) line 3186"),
        token("Watchdata", "握奇", "USB Key",
              "3B 6E 00 00 57 44 36 19 69 86 93 02 21 18 15 50 20 27", "\(smartcardList) line 3190"),
        token("Watchdata", "握奇", "USB Key",
              "3B 6E 00 00 57 44 36 19 69 86 93 02 24 11 75 42 1D 0E", "\(smartcardList) line 3198"),
        token("Watchdata", "握奇", "USB Key",
              "3B 6E 00 00 57 44 36 19 69 86 93 02 25 11 75 42 32 2B", "\(smartcardList) line 3201"),
        token("Watchdata", "握奇", "USB Key",
              "3B 6E 00 00 57 44 36 19 69 86 93 02 31 18 15 50 06 15", "\(smartcardList) line 3205"),
        token("Watchdata", "握奇", "USB Key",
              "3B 6E 00 00 57 44 36 19 69 86 93 02 33 11 75 42 33 1E", "\(smartcardList) line 3208"),
        token("Watchdata", "握奇", "USB Key",
              "3B 6E 00 00 57 44 36 19 69 86 93 02 35 11 75 42 16 30", "\(smartcardList) line 3212"),
        // smartcard_list.txt line 2730: "WatchData Proxkey (PKI)".
        token("Watchdata", "握奇", "Proxkey",
              "3B 6D 00 00 57 44 36 41 01 86 93 .. .. .. .. .. ..", "\(smartcardList) line 2730"),
    ].compactMap { $0 }

    public static func matches(for atr: [UInt8]) -> [KnownToken] {
        let text = ATRPattern.text(for: atr)
        return all.filter { $0.pattern.matches(text: text) }
    }
}

/// What we can say about a card from its ATR alone.
public struct ATRIdentification: Equatable, Sendable {
    public let knownTokens: [KnownToken]
    public let listMatches: [ATRCatalog.Entry]

    /// Our own table first, then the first description of the first smartcard_list match.
    public var bestName: String? {
        if let token = knownTokens.first { return token.displayName }
        return listMatches.first?.descriptions.first
    }
}

/// Names ATRs from an optional smartcard_list catalog plus our token table.
public struct ATRNamer: Sendable {
    public let catalog: ATRCatalog?
    public let tokens: [KnownToken]

    public init(catalog: ATRCatalog?, tokens: [KnownToken] = KnownTokens.all) {
        self.catalog = catalog
        self.tokens = tokens
    }

    /// Loads the catalog from `path`; when it cannot be read, names come from our table only
    /// and the error is returned alongside so the caller can report it.
    public static func load(path: String = ATRCatalog.defaultPath) -> (namer: ATRNamer, error: ATRCatalogError?) {
        do {
            return (ATRNamer(catalog: try ATRCatalog.load(path: path)), nil)
        } catch {
            return (ATRNamer(catalog: nil), error)
        }
    }

    public func identify(_ atr: [UInt8]) -> ATRIdentification {
        let text = ATRPattern.text(for: atr)
        return ATRIdentification(knownTokens: tokens.filter { $0.pattern.matches(text: text) },
                                 listMatches: catalog?.matches(for: atr, text: text) ?? [])
    }
}

extension ATRCatalog {
    /// The entries that match one ATR, found in one pass over the list's bytes, compiling only the
    /// patterns whose first two bytes can match. A probe names one or two cards per run: this skips
    /// building the whole catalog (about 4,000 patterns) at every start.
    public static func matches(for atr: [UInt8], listBytes bytes: [UInt8]) -> [Entry] {
        let text = ATRPattern.text(for: atr)
        var entries: [Entry] = []
        var current: (pattern: ATRPattern, line: Int, descriptions: [String])?
        var skipping = false
        var lineNumber = 0
        var start = 0
        func flush() {
            if let c = current { entries.append(Entry(pattern: c.pattern, descriptions: c.descriptions, line: c.line)) }
            current = nil
        }
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            var line = bytes[start..<end]
            if line.last == 0x0D { line = line.dropLast() }
            start = end + 1
            guard let first = line.first else {
                flush()
                skipping = false
                continue
            }
            if first == UInt8(ascii: "#") || first == 0x20 { continue }
            if first == 0x09 {
                if !skipping, var entry = current {
                    entry.descriptions.append(String(decoding: line.dropFirst(), as: UTF8.self))
                    current = entry
                }
                continue
            }
            flush()
            skipping = !prefixCanMatch(line, text)
            if !skipping, let pattern = ATRPattern(String(decoding: line, as: UTF8.self)), pattern.matches(text: text) {
                current = (pattern, lineNumber, [])
            } else {
                skipping = true
            }
        }
        flush()
        return entries
    }

    /// "3B FD" against the pattern's first five characters: hex digits must be equal (any case),
    /// `.` matches anything; anything else (regex syntax) is left to the full pattern.
    static func prefixCanMatch(_ line: ArraySlice<UInt8>, _ text: [UInt8]) -> Bool {
        var index = line.startIndex
        for k in 0..<min(5, text.count) {
            guard index < line.endIndex else { return false }
            // A quantified character ("3 ?B", "3BF?") may stand for none or several: from here
            // on characters no longer line up, so only the full pattern can tell.
            let next = line.index(after: index)
            if next < line.endIndex, [UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?")].contains(line[next]) {
                return true
            }
            let p = line[index], t = text[k]
            let isHex = (0x30...0x39).contains(p) || (0x41...0x46).contains(p) || (0x61...0x66).contains(p)
            if p == UInt8(ascii: ".") || p == t || (isHex && p | 0x20 == t | 0x20) {
                index += 1
                continue
            }
            return isHex || p == 0x20 ? false : true
        }
        return true
    }
}

extension ATRNamer {
    /// The best name for one ATR without loading the whole catalog: our token table, then the
    /// first matching description of the list at `path` (nil when neither knows it).
    public static func name(_ atr: [UInt8], listPath: String = ATRCatalog.defaultPath) -> String? {
        let text = ATRPattern.text(for: atr)
        if let token = KnownTokens.all.first(where: { $0.pattern.matches(text: text) }) { return token.displayName }
        guard let data = FileManager.default.contents(atPath: listPath) else { return nil }
        return ATRCatalog.matches(for: atr, listBytes: Array(data)).first?.descriptions.first
    }
}
