// Answer To Reset, decoded after ISO/IEC 7816-3:2006 §8 (interface bytes) and
// ISO/IEC 7816-4:2013 §8.1.1 (historical bytes). Any input decodes: what cannot be read
// is listed in `issues`, and decoding goes on as far as the bytes allow.

/// Something wrong or unusual in an ATR. `code` is stable; `message` is English.
public struct ATRIssue: Equatable, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public let code: String
    public let severity: Severity
    public let message: String

    public init(_ code: String, _ severity: Severity, _ message: String) {
        self.code = code
        self.severity = severity
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

public struct ATR: Equatable, Sendable, CustomStringConvertible {
    public enum Convention: String, Sendable { case direct, inverse }

    /// Which part of the protocol an interface byte speaks for.
    public enum Scope: Equatable, Sendable {
        case global                 // TA1, TB1, TC1, TA2, TB2 and bytes after T=15
        case protocolT(Int)         // TC2 (T=0) and bytes after a TD announcing T
    }

    public struct InterfaceByte: Equatable, Sendable {
        public enum Letter: String, Sendable { case a = "A", b = "B", c = "C", d = "D" }
        public let letter: Letter
        /// i in TAi: 1 for TA1, 2 for TA2, …
        public let index: Int
        public let value: UInt8
        public let scope: Scope
        /// What the byte says; the first line is the summary, more lines add detail.
        public let meaning: [String]

        /// "TA1", "TD2", …
        public var name: String { "T\(letter.rawValue)\(index)" }
    }

    public enum TCKState: Equatable, Sendable {
        case absent                     // only T=0 indicated, no TCK: as it should be
        case correct
        case wrong(expected: UInt8)
        case missing                    // required (a protocol other than T=0) but not there
    }

    // Raw facts.
    public let bytes: [UInt8]
    public let ts: UInt8?
    public let convention: Convention?
    public let t0: UInt8?
    /// K, the number of historical bytes T0 announces.
    public let declaredHistoricalCount: Int
    public let interfaceBytes: [InterfaceByte]
    public let historicalBytes: [UInt8]
    public let tck: UInt8?
    public let tckRequired: Bool
    public let tckState: TCKState
    /// Bytes after TCK (or after the historical bytes) that the structure does not account for.
    public let extraBytes: [UInt8]
    /// Protocols the card offers (TD bytes, T=15 excluded); T=0 when no TD1.
    public let protocols: [Int]
    public let parameters: Parameters
    public let historical: HistoricalBytes
    public let issues: [ATRIssue]

    /// True when nothing is wrong (warnings allowed).
    public var isWellFormed: Bool { !issues.contains { $0.severity == .error } }

    public func interfaceByte(_ letter: InterfaceByte.Letter, _ index: Int) -> InterfaceByte? {
        interfaceBytes.first { $0.letter == letter && $0.index == index }
    }

    /// Transmission parameters after the ISO defaults, overridden by what the ATR says.
    public struct Parameters: Equatable, Sendable {
        /// Fi, Di and f(max) from TA1 (defaults 372, 1, 5 MHz); nil when TA1 holds an RFU value.
        public var fi: Int? = 372
        public var di: Int? = 1
        public var fmaxMHz: Double? = 5
        /// N from TC1, extra guard time in ETU (255: the minimum, 12 ETU for T=0, 11 for T=1).
        public var extraGuardTime: Int = 0
        /// WI from TC2 (T=0 work waiting time 960·WI·Fi/f).
        public var waitingIntegerT0: Int = 10
        /// TA2 present: the card runs in specific mode with this protocol.
        public var specificMode: SpecificMode? = nil
        /// T=1: IFSC from the first TA for T=1 (default 32).
        public var ifsc: Int = 32
        /// T=1: BWI and CWI from the first TB for T=1 (defaults 4 and 13).
        public var blockWaitingInteger: Int = 4
        public var characterWaitingInteger: Int = 13
        /// T=1: error detection code from the first TC for T=1 (default LRC).
        public var errorDetection: ErrorDetection = .lrc
        /// From the first TA after T=15: clock stop support and voltage classes; nil when absent.
        public var clockStop: ClockStop? = nil
        public var classes: [VoltageClass]? = nil

        public var cyclesPerETU: Double? {
            guard let fi, let di else { return nil }
            return Double(fi) / Double(di)
        }
    }

    public struct SpecificMode: Equatable, Sendable {
        public let protocolType: Int
        public let canChange: Bool
        /// True: transmission parameters are implicit, not those of TA1.
        public let implicitParameters: Bool

        public init(protocolType: Int, canChange: Bool, implicitParameters: Bool) {
            self.protocolType = protocolType
            self.canChange = canChange
            self.implicitParameters = implicitParameters
        }
    }

    public enum ErrorDetection: String, Sendable { case lrc = "LRC", crc = "CRC" }

    public enum ClockStop: String, Sendable {
        case notSupported = "not supported", stateL = "state L", stateH = "state H", noPreference = "no preference"
    }

    public enum VoltageClass: String, Sendable {
        case a = "A (5 V)", b = "B (3 V)", c = "C (1.8 V)"
    }

    // ISO 7816-3:2006 table 7 (Fi, f(max)) and table 8 (Di). nil = RFU.
    static let fiTable: [Int?] = [372, 372, 558, 744, 1116, 1488, 1860, nil, nil, 512, 768, 1024, 1536, 2048, nil, nil]
    static let fmaxTable: [Double?] = [4, 5, 6, 8, 12, 16, 20, nil, nil, 5, 7.5, 10, 15, 20, nil, nil]
    static let diTable: [Int?] = [nil, 1, 2, 4, 8, 16, 32, 64, 12, 20, nil, nil, nil, nil, nil, nil]

    public init(hex: String) {
        self.init(bytes: Hex.decode(hex) ?? [])
    }

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        var issues: [ATRIssue] = []
        var interface: [InterfaceByte] = []
        var parameters = Parameters()
        var tdProtocols: [Int] = []

        guard let ts = bytes.first else {
            self.ts = nil; convention = nil; t0 = nil; declaredHistoricalCount = 0
            interfaceBytes = []; historicalBytes = []; tck = nil; tckRequired = false
            tckState = .absent; extraBytes = []; protocols = []; self.parameters = parameters
            historical = HistoricalBytes(bytes: [])
            self.issues = [ATRIssue("empty", .error, "The ATR is empty")]
            return
        }
        self.ts = ts
        switch ts {
        case 0x3B: convention = .direct
        case 0x3F: convention = .inverse
        default:
            convention = nil
            issues.append(ATRIssue("bad-ts", .error, "TS is \(Hex.byte(ts)), not 3B (direct) or 3F (inverse); not a microprocessor card ATR"))
        }
        if bytes.count > 33 {
            issues.append(ATRIssue("too-long", .warning, "\(bytes.count) bytes; ISO 7816-3 allows at most 33"))
        }
        guard bytes.count >= 2 else {
            t0 = nil; declaredHistoricalCount = 0; interfaceBytes = []; historicalBytes = []
            tck = nil; tckRequired = false; tckState = .absent; extraBytes = []; protocols = []
            self.parameters = parameters
            historical = HistoricalBytes(bytes: [])
            issues.append(ATRIssue("too-short", .error, "Only TS; T0 is missing"))
            self.issues = issues
            return
        }
        let t0 = bytes[1]
        self.t0 = t0
        let k = Int(t0 & 0x0F)
        declaredHistoricalCount = k

        // Interface bytes: Y(i) says which of TAi TBi TCi TDi follow; TDi carries Y(i+1) and T.
        var y = t0 >> 4
        var index = 1
        var position = 2
        var scopeProtocol: Int? = nil          // T of TD(i-1), for i >= 3
        var seenForT1: Set<InterfaceByte.Letter> = []
        var seenForT15: Set<InterfaceByte.Letter> = []
        var truncated = false
        outer: while true {
            var nextY: UInt8? = nil
            for letter in [InterfaceByte.Letter.a, .b, .c, .d] {
                let bit: UInt8 = switch letter { case .a: 1; case .b: 2; case .c: 4; case .d: 8 }
                guard y & bit != 0 else { continue }
                guard position < bytes.count else {
                    issues.append(ATRIssue("truncated-interface-bytes", .error,
                                           "T\(letter.rawValue)\(index) is announced but the ATR ends"))
                    truncated = true
                    break outer
                }
                let value = bytes[position]
                position += 1
                let scope: Scope
                if index <= 2 {
                    scope = (index == 2 && letter == .c) ? .protocolT(0) : .global
                } else if let t = scopeProtocol, t != 15 {
                    scope = .protocolT(t)
                } else {
                    scope = .global
                }
                var meaning: [String]
                if letter == .d {
                    let t = Int(value & 0x0F)
                    tdProtocols.append(t)
                    nextY = value >> 4
                    meaning = Self.describeTD(value)
                    if index == 1 && t == 15 {
                        issues.append(ATRIssue("td1-t15", .error, "TD1 indicates T=15, which ISO 7816-3 forbids in TD1"))
                    }
                } else if index <= 2 {
                    meaning = Self.describeGlobal(letter, index, value, &parameters, &issues)
                } else {
                    let t = scopeProtocol ?? 0
                    var first = false
                    if t == 1 { first = seenForT1.insert(letter).inserted }
                    if t == 15 { first = seenForT15.insert(letter).inserted }
                    meaning = Self.describeSpecific(letter, index, value, protocolType: t, first: first,
                                                    &parameters, &issues)
                }
                interface.append(InterfaceByte(letter: letter, index: index, value: value, scope: scope, meaning: meaning))
            }
            guard let ny = nextY else { break }
            y = ny
            scopeProtocol = tdProtocols.last
            index += 1
        }
        interfaceBytes = interface
        self.parameters = parameters

        var offered: [Int] = []
        for t in tdProtocols where t != 15 && !offered.contains(t) { offered.append(t) }
        if tdProtocols.isEmpty || offered.isEmpty { offered = [0] }
        protocols = offered
        // ISO 7816-3 §8.2.5: TCK is absent if only T=0 is indicated, present in all other cases.
        let needsTCK = tdProtocols.contains { $0 != 0 }
        tckRequired = needsTCK

        // Historical bytes, then TCK.
        let remaining = truncated ? 0 : bytes.count - position
        var historicalBytes: [UInt8] = []
        var tck: UInt8? = nil
        var extra: [UInt8] = []
        var state = TCKState.absent
        if !truncated {
            let available = min(k, remaining)
            historicalBytes = Array(bytes[position..<(position + available)])
            if remaining < k {
                issues.append(ATRIssue("truncated-historical-bytes", .error,
                                       "T0 announces \(k) historical bytes but only \(remaining) follow"))
            }
            let afterHistorical = position + available
            let leftover = bytes.count - afterHistorical
            if needsTCK {
                if leftover >= 1 {
                    tck = bytes[afterHistorical]
                    extra = Array(bytes[(afterHistorical + 1)...])
                } else {
                    state = .missing
                    issues.append(ATRIssue("missing-tck", .error,
                                           "A protocol other than T=0 is indicated, so TCK is required, but it is missing"))
                }
            } else if leftover == 1 {
                // Only T=0, yet one byte more: read it as a TCK (as ATR_analysis does) and say so.
                tck = bytes[afterHistorical]
                issues.append(ATRIssue("unexpected-tck", .warning,
                                       "Only T=0 is indicated, so TCK should be absent, but one more byte follows"))
            } else if leftover > 1 {
                extra = Array(bytes[afterHistorical...])
            }
            if let tck {
                var check: UInt8 = 0
                for b in bytes[1..<(afterHistorical)] { check ^= b }
                if check == tck {
                    state = .correct
                } else {
                    state = .wrong(expected: check)
                    issues.append(ATRIssue("bad-tck", .error,
                                           "TCK is \(Hex.byte(tck)) but the XOR of T0…T\(k) gives \(Hex.byte(check))"))
                }
            }
            if !extra.isEmpty {
                issues.append(ATRIssue("extra-bytes", .error,
                                       "\(extra.count) byte(s) after the end of the ATR structure: \(Hex.encode(extra))"))
            }
        } else if needsTCK {
            state = .missing
        }
        self.historicalBytes = historicalBytes
        self.tck = tck
        tckState = state
        extraBytes = extra
        historical = HistoricalBytes(bytes: historicalBytes)
        issues.append(contentsOf: historical.issues)
        self.issues = issues
    }

    // MARK: Meanings of the interface bytes

    static func describeTD(_ value: UInt8) -> [String] {
        let t = value & 0x0F
        let y = value >> 4
        var text = "Y(i+1) = \(bits4(y)), Protocol T = \(t)"
        if t == 15 { text += " - Global interface bytes following" }
        return [text]
    }

    static func describeGlobal(_ letter: InterfaceByte.Letter, _ index: Int, _ value: UInt8,
                               _ p: inout Parameters, _ issues: inout [ATRIssue]) -> [String] {
        switch (letter, index) {
        case (.a, 1):
            let fIndex = Int(value >> 4), dIndex = Int(value & 0x0F)
            let fi = fiTable[fIndex], di = diTable[dIndex], fmax = fmaxTable[fIndex]
            p.fi = fi
            p.di = di
            p.fmaxMHz = fmax
            let fiText = fi.map(String.init) ?? "RFU", diText = di.map(String.init) ?? "RFU"
            guard let fi, let di, let fmax else {
                issues.append(ATRIssue("rfu-ta1", .warning, "TA1 = \(Hex.byte(value)) uses a reserved Fi or Di value"))
                return ["Fi=\(fiText), Di=\(diText) (reserved value)"]
            }
            let cycles = Double(fi) / Double(di)
            return ["Fi=\(fi), Di=\(di), \(formatNumber(cycles)) cycles/ETU",
                    "\(Int(4_000_000 / cycles)) bits/s at 4 MHz, fMax for Fi = \(formatNumber(fmax)) MHz => \(Int(fmax * 1_000_000 / cycles)) bits/s"]
        case (.b, 1):
            // Deprecated since ISO 7816-3:2006 (VPP programming voltage and current of the 1997 edition).
            if value == 0 { return ["VPP is not electrically connected"] }
            return ["Deprecated VPP byte: PI1 = \(value & 0x1F), II = \((value >> 5) & 0x03) (ignored since ISO 7816-3:2006)"]
        case (.c, 1):
            p.extraGuardTime = Int(value)
            if value == 0xFF { return ["Extra guard time: 255 (special value: minimum, 12 ETU for T=0, 11 ETU for T=1)"] }
            return ["Extra guard time: \(value)"]
        case (.a, 2):
            let t = Int(value & 0x0F)
            let canChange = value & 0x80 == 0
            let implicit = value & 0x10 != 0
            p.specificMode = SpecificMode(protocolType: t, canChange: canChange, implicitParameters: implicit)
            return ["Protocol to be used in spec mode: T=\(t)"
                    + (canChange ? " - Capable to change" : " - Unable to change")
                    + (implicit ? " - implicitly defined" : " - defined by interface bytes")]
        case (.b, 2):
            return ["Deprecated VPP byte: PI2 = \(value) (ignored since ISO 7816-3:2006)"]
        case (.c, 2):
            if value == 0 {
                issues.append(ATRIssue("rfu-tc2", .warning, "TC2 = 00 is reserved (WI must be 1-255)"))
                return ["Work waiting time: WI = 0 (reserved value)"]
            }
            p.waitingIntegerT0 = Int(value)
            return ["Work waiting time: 960 x \(value) x (Fi/F)"]
        default:
            return []
        }
    }

    static func describeSpecific(_ letter: InterfaceByte.Letter, _ index: Int, _ value: UInt8,
                                 protocolType t: Int, first: Bool,
                                 _ p: inout Parameters, _ issues: inout [ATRIssue]) -> [String] {
        switch t {
        case 1:
            guard first else { return ["Further T=1 byte, not defined by ISO 7816-3"] }
            switch letter {
            case .a:
                if value == 0x00 || value == 0xFF {
                    issues.append(ATRIssue("rfu-ifsc", .warning, "IFSC \(value) is reserved (valid 1-254)"))
                    return ["IFSC: \(value) (reserved value)"]
                }
                p.ifsc = Int(value)
                return ["IFSC: \(value)"]
            case .b:
                let bwi = Int(value >> 4), cwi = Int(value & 0x0F)
                p.blockWaitingInteger = bwi
                p.characterWaitingInteger = cwi
                if bwi > 9 {
                    issues.append(ATRIssue("rfu-bwi", .warning, "BWI \(bwi) is reserved (valid 0-9)"))
                }
                return ["Block Waiting Integer: \(bwi) - Character Waiting Integer: \(cwi)"]
            case .c:
                p.errorDetection = value & 0x01 == 0 ? .lrc : .crc
                if value & 0xFE != 0 {
                    issues.append(ATRIssue("rfu-tc-t1", .warning, "TC\(index) for T=1 has reserved bits set"))
                }
                return ["Error detection code: \(p.errorDetection.rawValue)"]
            case .d:
                return []
            }
        case 15:
            guard first else { return ["Further global byte, not defined by ISO 7816-3"] }
            switch letter {
            case .a:
                let clock: ClockStop = switch value >> 6 {
                case 0: .notSupported
                case 1: .stateL
                case 2: .stateH
                default: .noPreference
                }
                var classes: [VoltageClass] = []
                if value & 0x01 != 0 { classes.append(.a) }
                if value & 0x02 != 0 { classes.append(.b) }
                if value & 0x04 != 0 { classes.append(.c) }
                p.clockStop = clock
                p.classes = classes
                let classText = classes.isEmpty ? "none" : classes.map(\.rawValue).joined(separator: ", ")
                let rfu = value & 0x38 != 0 ? " (reserved class bits set)" : ""
                return ["Clock stop: \(clock.rawValue) - Class accepted by the card: \(classText)\(rfu)"]
            case .b:
                if value == 0 { return ["SPU (contact C6): not used"] }
                return [value & 0x80 != 0 ? "SPU (contact C6): proprietary use (\(Hex.byte(value & 0x7F)))"
                                          : "SPU (contact C6): standard use (\(Hex.byte(value & 0x7F)))"]
            case .c:
                return ["Global byte, reserved for future use"]
            case .d:
                return []
            }
        case 0:
            return ["Not defined by ISO 7816-3 for T=0"]
        default:
            return ["Specific to T=\(t), not interpreted"]
        }
    }

    static func bits4(_ nibble: UInt8) -> String {
        var s = ""
        for shift in stride(from: 3, through: 0, by: -1) { s += (nibble >> UInt8(shift)) & 1 == 1 ? "1" : "0" }
        return s
    }

    /// "93", "46.5", "7.5": integers without a fraction, others in shortest form (like %g).
    static func formatNumber(_ x: Double) -> String {
        if x.rounded() == x && abs(x) < 1e15 { return String(Int(x)) }
        return String(x)
    }

    // MARK: Text, as ATR_analysis / pcsc_scan print it

    /// One line per fact, close to the output of pcsc-tools' ATR_analysis, plus issue lines.
    public var descriptionLines: [String] {
        var lines = ["ATR: \(Hex.encode(bytes))"]
        guard let ts else {
            lines.append(contentsOf: issues.map { "! \($0.message)" })
            return lines
        }
        switch convention {
        case .direct: lines.append("+ TS = \(Hex.byte(ts)) --> Direct Convention")
        case .inverse: lines.append("+ TS = \(Hex.byte(ts)) --> Inverse Convention")
        case nil: lines.append("+ TS = \(Hex.byte(ts)) --> UNDEFINED")
        }
        if let t0 {
            lines.append("+ T0 = \(Hex.byte(t0)), Y(1): \(Self.bits4(t0 >> 4)), K: \(declaredHistoricalCount) (historical bytes)")
        }
        for byte in interfaceBytes {
            let head = "  T\(byte.letter.rawValue)(\(byte.index)) = \(Hex.byte(byte.value)) --> "
            lines.append(head + (byte.meaning.first ?? ""))
            for more in byte.meaning.dropFirst() { lines.append("    " + more) }
            if byte.letter == .d { lines.append("-----") }
        }
        if t0 != nil {
            lines.append(historicalBytes.isEmpty ? "+ Historical bytes: none"
                                                 : "+ Historical bytes: " + Hex.encode(historicalBytes))
            lines.append(contentsOf: historical.lines)
        }
        switch tckState {
        case .correct: lines.append("+ TCK = \(Hex.byte(tck ?? 0)) (correct checksum)")
        case .wrong(let expected):
            lines.append("+ TCK = \(Hex.byte(tck ?? 0)) WRONG CHECKSUM, expected \(Hex.byte(expected))")
        case .missing: lines.append("+ TCK = missing (required because a protocol other than T=0 is indicated)")
        case .absent: break
        }
        if t0 != nil {
            lines.append("+ Protocols offered: " + protocols.map { "T=\($0)" }.joined(separator: ", "))
        }
        for issue in issues { lines.append("! \(issue.message)") }
        return lines
    }

    public var description: String { descriptionLines.joined(separator: "\n") }
}

/// Historical bytes broken down after ISO 7816-4 §8.1.1 (category indicator, compact-TLV).
public struct HistoricalBytes: Equatable, Sendable {
    public enum Format: Equatable, Sendable {
        case absent
        case compactTLVWithStatus       // category 00: objects, then a 3-byte status indicator
        case compactTLV                 // category 80: objects (status indicator optional, tag 8)
        case dirReference               // category 10: one byte, a DIR data reference
        case reserved                   // categories 81-8F
        case proprietary                // anything else
    }

    public struct CompactTLVObject: Equatable, Sendable {
        public let tag: UInt8
        public let value: [UInt8]
        /// The length nibble; more than `value.count` when the historical bytes end early.
        public let declaredLength: Int
        public var name: String { HistoricalBytes.compactTagNames[Int(tag)] ?? "unknown" }
    }

    public let bytes: [UInt8]
    public let format: Format
    public var category: UInt8? { bytes.first }
    public let objects: [CompactTLVObject]
    /// Life cycle status byte (ISO 7816-4 table 15), when a status indicator carries one.
    public let lifeCycleStatus: UInt8?
    /// SW1 SW2 from a status indicator.
    public let status: StatusWord?
    public let dirReference: UInt8?
    public let issues: [ATRIssue]

    static let compactTagNames: [Int: String] = [
        0x1: "country code, ISO 3166-1", 0x2: "issuer identification number, ISO 7812-1",
        0x3: "card service data byte", 0x4: "initial access data", 0x5: "card issuer's data",
        0x6: "pre-issuing data", 0x7: "card capabilities", 0x8: "status indicator",
        0xF: "application identifier",
    ]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        var issues: [ATRIssue] = []
        var objects: [CompactTLVObject] = []
        var lcs: UInt8? = nil
        var status: StatusWord? = nil
        var dir: UInt8? = nil
        guard let category = bytes.first else {
            format = .absent
            self.objects = []; lifeCycleStatus = nil; self.status = nil; dirReference = nil; self.issues = []
            return
        }
        let rest = Array(bytes.dropFirst())
        switch category {
        case 0x00:
            format = .compactTLVWithStatus
            if rest.count < 3 {
                issues.append(ATRIssue("historical-status-missing", .warning,
                                       "Category 00 needs a 3-byte status indicator at the end; only \(rest.count) byte(s) follow"))
                objects = Self.compactObjects(rest, &issues)
            } else {
                objects = Self.compactObjects(Array(rest.dropLast(3)), &issues)
                lcs = rest[rest.count - 3]
                status = StatusWord(rest[rest.count - 2], rest[rest.count - 1])
            }
        case 0x80:
            format = .compactTLV
            objects = Self.compactObjects(rest, &issues)
            if let indicator = objects.first(where: { $0.tag == 0x8 }) {
                switch indicator.value.count {
                case 1: lcs = indicator.value[0]
                case 2: status = StatusWord(indicator.value[0], indicator.value[1])
                case 3:
                    lcs = indicator.value[0]
                    status = StatusWord(indicator.value[1], indicator.value[2])
                default: break
                }
            }
        case 0x10:
            format = .dirReference
            dir = rest.first
            if rest.isEmpty {
                issues.append(ATRIssue("historical-dir-missing", .warning, "Category 10 announces a DIR data reference, but it is missing"))
            }
        case 0x81...0x8F:
            format = .reserved
        default:
            format = .proprietary
        }
        self.objects = objects
        lifeCycleStatus = lcs
        self.status = status
        dirReference = dir
        self.issues = issues
    }

    static func compactObjects(_ bytes: [UInt8], _ issues: inout [ATRIssue]) -> [CompactTLVObject] {
        var out: [CompactTLVObject] = []
        var i = 0
        while i < bytes.count {
            let header = bytes[i]
            i += 1
            let tag = header >> 4
            let length = Int(header & 0x0F)
            let available = min(length, bytes.count - i)
            if available < length {
                issues.append(ATRIssue("historical-tlv-truncated", .warning,
                                       "Compact-TLV object tag \(Hex.encode([tag]).dropFirst()) announces \(length) byte(s), \(available) follow"))
            }
            out.append(CompactTLVObject(tag: tag, value: Array(bytes[i..<(i + available)]), declaredLength: length))
            i += available
        }
        return out
    }

    /// The breakdown, indented as ATR_analysis prints it under "+ Historical bytes:".
    public var lines: [String] {
        guard let category else { return [] }
        var out: [String] = []
        let c = Hex.byte(category)
        switch format {
        case .absent: return []
        case .compactTLVWithStatus, .compactTLV:
            out.append("  Category indicator byte: \(c) (compact TLV data object)")
            for object in objects { out.append(contentsOf: Self.lines(for: object)) }
            if format == .compactTLVWithStatus, let lifeCycleStatus, let status {
                out.append("    Mandatory status indicator (3 last bytes)")
                out.append("      LCS (life card cycle): \(Hex.byte(lifeCycleStatus)) (\(Self.lifeCycleText(lifeCycleStatus)))")
                out.append("      SW: \(status.hex) (\(status.meaning))")
            }
        case .dirReference:
            out.append("  Category indicator byte: \(c) (next byte is the DIR data reference)")
            if let dirReference { out.append("   DIR data reference: \(Hex.byte(dirReference))") }
        case .reserved:
            out.append("  Category indicator byte: \(c) (Reserved for future use)")
        case .proprietary:
            out.append("  Category indicator byte: \(c) (proprietary format)")
            if let text = Self.printable(bytes) { out.append("    As text: \"\(text)\"") }
        }
        return out
    }

    static func lines(for object: CompactTLVObject) -> [String] {
        let tagText = String(Hex.byte(object.tag).dropFirst())
        var out = ["    Tag: \(tagText), len: \(String(object.declaredLength, radix: 16, uppercase: true)) (\(object.name))"]
        let v = object.value
        switch object.tag {
        case 0x1: out.append("      Country code: \(Hex.encode(v))")
        case 0x2: out.append("      Issuer identification number: \(Hex.encode(v))")
        case 0x3:
            if let cs = v.first {
                out.append("      Card service data byte: \(Hex.byte(cs))")
                out.append(contentsOf: cardServiceLines(cs))
            }
        case 0x4: out.append("      Initial access data: \(Hex.encode(v))")
        case 0x5:
            var line = "      Card issuer data: \(Hex.encode(v))"
            if let text = printable(v) { line += " (\"\(text)\")" }
            out.append(line)
        case 0x6:
            var line = "      Data: \(Hex.encode(v))"
            if let text = printable(v) { line += " (\"\(text)\")" }
            out.append(line)
        case 0x7:
            if v.count >= 1 {
                out.append("      Selection methods: \(Hex.byte(v[0]))")
                out.append(contentsOf: selectionMethodLines(v[0]))
            }
            if v.count >= 2 {
                out.append("      Data coding byte: \(Hex.byte(v[1]))")
                out.append(contentsOf: dataCodingLines(v[1]))
            }
            if v.count >= 3 {
                out.append("      Command chaining, length fields and logical channels: \(Hex.byte(v[2]))")
                out.append(contentsOf: chainingLines(v[2]))
            }
        case 0x8:
            switch v.count {
            case 1: out.append("      LCS (life card cycle): \(Hex.byte(v[0])) (\(lifeCycleText(v[0])))")
            case 2:
                let sw = StatusWord(v[0], v[1])
                out.append("      SW: \(sw.hex) (\(sw.meaning))")
            case 3:
                let sw = StatusWord(v[1], v[2])
                out.append("      LCS (life card cycle): \(Hex.byte(v[0])) (\(lifeCycleText(v[0])))")
                out.append("      SW: \(sw.hex) (\(sw.meaning))")
            default: out.append("      Value: \(Hex.encode(v))")
            }
        case 0xF:
            out.append("      Application identifier: \(Hex.encode(v))")
        default:
            if !v.isEmpty { out.append("      Value: \(Hex.encode(v))") }
        }
        return out
    }

    // ISO 7816-4 table 15.
    public static func lifeCycleText(_ lcs: UInt8) -> String {
        switch lcs {
        case 0x00: "No information given"
        case 0x01: "Creation state"
        case 0x03: "Initialisation state"
        case 0x04, 0x06: "Operational state (deactivated)"
        case 0x05, 0x07: "Operational state (activated)"
        case 0x0C...0x0F: "Termination state"
        case 0x10...: "Proprietary"
        default: "RFU"
        }
    }

    // ISO 7816-4 table 85: card service data byte.
    static func cardServiceLines(_ b: UInt8) -> [String] {
        var out: [String] = []
        if b & 0x80 != 0 { out.append("        - Application selection: by full DF name") }
        if b & 0x40 != 0 { out.append("        - Application selection: by partial DF name") }
        if b & 0x20 != 0 { out.append("        - BER-TLV data objects available in EF.DIR") }
        if b & 0x10 != 0 { out.append("        - BER-TLV data objects available in EF.ATR") }
        let access = (b >> 1) & 0x07
        let accessText = switch access {
        case 4: "by READ BINARY command"
        case 2: "by GET DATA command"
        case 0: "by READ RECORD(s) command"
        default: "reserved for future use"
        }
        out.append("        - EF.DIR and EF.ATR access services: \(accessText)")
        out.append(b & 0x01 != 0 ? "        - Card without MF" : "        - Card with MF")
        return out
    }

    // ISO 7816-4 table 86: first software function table.
    static func selectionMethodLines(_ b: UInt8) -> [String] {
        let names = ["DF selection by full DF name", "DF selection by partial DF name", "DF selection by path",
                     "DF selection by file identifier", "Implicit DF selection", "Short EF identifier supported",
                     "Record number supported", "Record identifier supported"]
        var out: [String] = []
        for (n, name) in names.enumerated() where b & (0x80 >> UInt8(n)) != 0 {
            out.append("        - \(name)")
        }
        return out
    }

    // ISO 7816-4 table 87: second software function table (data coding byte).
    static func dataCodingLines(_ b: UInt8) -> [String] {
        var out: [String] = []
        if b & 0x80 != 0 { out.append("        - EF of TLV structure supported") }
        let write = switch (b >> 5) & 0x03 {
        case 0: "one-time write"
        case 1: "proprietary"
        case 2: "write OR"
        default: "write AND"
        }
        out.append("        - Behaviour of write functions: \(write)")
        out.append("        - Value 'FF' for the first byte of BER-TLV tag fields: \(b & 0x10 != 0 ? "valid" : "invalid")")
        out.append("        - Data unit in quartets: \(1 << Int(b & 0x0F))")
        return out
    }

    // ISO 7816-4 table 88: third software function table.
    static func chainingLines(_ b: UInt8) -> [String] {
        var out: [String] = []
        if b & 0x80 != 0 { out.append("        - Command chaining") }
        if b & 0x40 != 0 { out.append("        - Extended Lc and Le fields") }
        if b & 0x20 != 0 { out.append("        - Extended length information in EF.ATR/INFO") }
        let assignment = switch (b >> 3) & 0x03 {
        case 0: "No logical channel"
        case 1: "by the interface device"
        case 2: "by the card"
        default: "by the interface device and card"
        }
        out.append("        - Logical channel number assignment: \(assignment)")
        out.append("        - Maximum number of logical channels: \(Int(b & 0x07) + 1)")
        return out
    }

    /// The bytes as text when at least three and all printable ASCII, trailing 00 padding
    /// aside (many tokens name themselves so: "mToken-F", "YubiKey").
    static func printable(_ bytes: [UInt8]) -> String? {
        var text = bytes[...]
        while text.last == 0x00 { text = text.dropLast() }
        guard text.count >= 3, text.allSatisfy({ (0x20...0x7E).contains($0) }) else { return nil }
        return String(decoding: text, as: UTF8.self)
    }
}
