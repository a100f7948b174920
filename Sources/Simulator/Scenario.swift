import Foundation
import Guides
import SmartCard
import Yams

/// A simulated token setup, as written in `Content/scenarios/<id>.yaml`: what the USB bus,
/// the PC/SC service, the readers and the card would show. Dates are days relative to today,
/// so "expiring" stays expiring whenever the demo runs.
public struct Scenario: Sendable, Equatable {
    public enum ServiceState: String, Sendable, CaseIterable {
        case running, notRunning = "not-running", noAccess = "no-access"
    }

    public struct USBEntry: Sendable, Equatable {
        public enum InterfaceClass: String, Sendable, CaseIterable {
            case smartCard = "smart-card", hid, massStorage = "mass-storage", vendorSpecific = "vendor-specific"

            public var code: UInt8 {
                switch self {
                case .smartCard: 0x0B
                case .hid: 0x03
                case .massStorage: 0x08
                case .vendorSpecific: 0xFF
                }
            }
        }

        public var vendorID: UInt16
        public var productID: UInt16
        public var manufacturer: String?
        public var product: String?
        public var interfaceClass: InterfaceClass
    }

    public enum KeyType: String, Sendable, CaseIterable {
        case sm2, rsa2048 = "rsa-2048", ecP256 = "ec-p256"
    }

    public struct CertificateSpec: Sendable, Equatable {
        /// PIV slot: 9a, 9c, 9d or 9e.
        public var slot: String
        /// Ordered name fields, e.g. [("CN", "电信测试1"), ("O", "中国电信"), ("C", "CN")].
        public var subject: [NameEntry]
        public var issuer: [NameEntry]
        public var key: KeyType
        /// Days relative to today.
        public var notBeforeDays: Int
        public var notAfterDays: Int
        public var serial: String?
        public var idNumber: String?
        /// Garbage in place of the certificate: tests what the probe does with undecodable data.
        public var corrupt: Bool
    }

    public struct NameEntry: Sendable, Equatable {
        public var field: String
        public var value: String
    }

    public struct Card: Sendable, Equatable {
        public enum State: String, Sendable, CaseIterable { case present, mute, inUse = "in-use" }
        public var state: State
        public var atr: [UInt8]
        public var piv: Bool
        /// PIN tries left; 0 means blocked.
        public var pinTries: Int
        public var certificates: [CertificateSpec]
        /// Bytes per response before 61xx chaining (0 = one piece).
        public var chunkSize: Int
    }

    public struct Reader: Sendable, Equatable {
        public var name: String
        public var card: Card?
    }

    public struct Host: Sendable, Equatable {
        public var windows: Bool
        public var domesticOS: Bool
        public var name: String
    }

    public var id: String
    public var title: LocalizedText
    public var summary: LocalizedText
    public var profile: String?
    public var host: Host?
    public var service: ServiceState
    public var usb: [USBEntry]
    public var readers: [Reader]
}

/// Reads and checks scenario files; problems are content issues (`content lint` reports them as UKD012).
public enum ScenarioLoader {
    public static let slots = ["9a", "9c", "9d", "9e"]

    /// The scenario, or nil with the issues that kept it from loading.
    public static func load(_ file: ContentFile) -> (scenario: Scenario?, issues: [ContentIssue]) {
        let reader = YAMLReader(file: file.displayPath)
        let expectedID = URL(fileURLWithPath: file.relativePath).deletingPathExtension().lastPathComponent
        var scenario: Scenario?
        if let root = reader.parse(file.text) {
            scenario = decode(root, expectedID: expectedID, reader)
        }
        let issues = reader.issues.map { ContentIssue(.scenarioDoesNotLoad, at: $0.location, $0.message) }
        return (issues.isEmpty ? scenario : nil, issues)
    }

    static func decode(_ root: Yams.Node, expectedID: String, _ reader: YAMLReader) -> Scenario? {
        guard let f = reader.fields(root, "scenario", allowed: ["id", "title", "summary", "profile", "host", "service", "usb", "readers"],
                                    required: ["id", "title", "service"]) else { return nil }
        let id = reader.identifier(f["id"], "scenario id") ?? expectedID
        if id != expectedID {
            reader.report(.invalidValue, f["id"], .init(zh: "场景 id `\(id)` 应与文件名 `\(expectedID)` 相同",
                                                        en: "scenario id `\(id)` must match its file name `\(expectedID)`"))
        }
        let serviceText = reader.string(f["service"], "service") ?? ""
        let service = Scenario.ServiceState(rawValue: serviceText)
        if service == nil {
            reader.report(.invalidValue, f["service"], .init(zh: "service 应为 running、not-running 或 no-access",
                                                             en: "service must be running, not-running or no-access"))
        }
        var host: Scenario.Host?
        if let node = f["host"], let h = reader.fields(node, "host", allowed: ["windows", "domestic-os", "name"]) {
            host = Scenario.Host(windows: reader.bool(h["windows"], "windows") ?? false,
                                 domesticOS: reader.bool(h["domestic-os"], "domestic-os") ?? false,
                                 name: reader.string(h["name"], "name") ?? "")
        }
        let usb = reader.sequence(f["usb"], "usb").compactMap { usbEntry($0, reader) }
        let readers = reader.sequence(f["readers"], "readers").compactMap { readerEntry($0, reader) }
        return Scenario(id: id, title: reader.text(f["title"], "title") ?? .empty,
                        summary: reader.text(f["summary"], "summary") ?? .empty,
                        profile: reader.identifier(f["profile"], "profile"), host: host,
                        service: service ?? .running, usb: usb, readers: readers)
    }

    static func usbEntry(_ node: Yams.Node, _ reader: YAMLReader) -> Scenario.USBEntry? {
        guard let f = reader.fields(node, "usb entry", allowed: ["vendor-id", "product-id", "manufacturer", "product", "interface-class"],
                                    required: ["vendor-id", "product-id", "interface-class"]) else { return nil }
        let vendor = hex16(f["vendor-id"], "vendor-id", reader)
        let product = hex16(f["product-id"], "product-id", reader)
        let classText = reader.string(f["interface-class"], "interface-class") ?? ""
        guard let interfaceClass = Scenario.USBEntry.InterfaceClass(rawValue: classText) else {
            reader.report(.invalidValue, f["interface-class"], .init(
                zh: "interface-class 应为 smart-card、hid、mass-storage 或 vendor-specific",
                en: "interface-class must be smart-card, hid, mass-storage or vendor-specific"))
            return nil
        }
        guard let vendor, let product else { return nil }
        return Scenario.USBEntry(vendorID: vendor, productID: product, manufacturer: reader.string(f["manufacturer"], "manufacturer"),
                                 product: reader.string(f["product"], "product"), interfaceClass: interfaceClass)
    }

    static func hex16(_ node: Yams.Node?, _ what: String, _ reader: YAMLReader) -> UInt16? {
        guard let text = reader.string(node, what) else { return nil }
        guard text.count == 4, let value = UInt16(text, radix: 16) else {
            reader.report(.invalidValue, node, .init(zh: "\(what) 应为 4 位十六进制，如 \"096e\"", en: "\(what) must be 4 hex digits, e.g. \"096e\""))
            return nil
        }
        return value
    }

    static func readerEntry(_ node: Yams.Node, _ reader: YAMLReader) -> Scenario.Reader? {
        guard let f = reader.fields(node, "reader", allowed: ["name", "card"], required: ["name"]),
              let name = reader.string(f["name"], "reader name") else { return nil }
        var card: Scenario.Card?
        if let cardNode = f["card"] {
            card = cardEntry(cardNode, reader)
        }
        return Scenario.Reader(name: name, card: card)
    }

    static func cardEntry(_ node: Yams.Node, _ reader: YAMLReader) -> Scenario.Card? {
        guard let f = reader.fields(node, "card", allowed: ["state", "atr", "piv", "pin-tries", "certificates", "chunk-size"],
                                    required: ["atr"]) else { return nil }
        let stateText = reader.string(f["state"], "state") ?? "present"
        guard let state = Scenario.Card.State(rawValue: stateText) else {
            reader.report(.invalidValue, f["state"], .init(zh: "state 应为 present、mute 或 in-use", en: "state must be present, mute or in-use"))
            return nil
        }
        let atrText = reader.string(f["atr"], "atr") ?? ""
        guard let atr = parseHex(atrText), !atr.isEmpty, atr.count <= 33 else {
            reader.report(.invalidValue, f["atr"], .init(zh: "atr 应为十六进制字节（最多 33 个）", en: "atr must be hex bytes (at most 33)"))
            return nil
        }
        let tries = f["pin-tries"].flatMap { reader.integer($0, "pin-tries") } ?? 3
        if !(0...15).contains(tries) {
            reader.report(.invalidValue, f["pin-tries"], .init(zh: "pin-tries 应在 0 到 15 之间", en: "pin-tries must be between 0 and 15"))
        }
        let chunk = f["chunk-size"].flatMap { reader.integer($0, "chunk-size") } ?? 256
        let certificates = reader.sequence(f["certificates"], "certificates").compactMap { certificateEntry($0, reader) }
        var slots: Set<String> = []
        for certificate in certificates where !slots.insert(certificate.slot).inserted {
            reader.report(.duplicateID, f["certificates"], .init(zh: "槽位 \(certificate.slot) 重复", en: "slot \(certificate.slot) repeated"))
        }
        return Scenario.Card(state: state, atr: atr, piv: f["piv"].flatMap { reader.bool($0, "piv") } ?? true,
                             pinTries: min(max(tries, 0), 15), certificates: certificates, chunkSize: max(0, chunk))
    }

    static func certificateEntry(_ node: Yams.Node, _ reader: YAMLReader) -> Scenario.CertificateSpec? {
        guard let f = reader.fields(node, "certificate", allowed: ["slot", "subject", "issuer", "key", "not-before", "not-after", "serial", "id-number", "corrupt"],
                                    required: ["slot", "subject", "issuer", "not-before", "not-after"]) else { return nil }
        let slot = (reader.string(f["slot"], "slot") ?? "").lowercased()
        guard slots.contains(slot) else {
            reader.report(.invalidValue, f["slot"], .init(zh: "slot 应为 9a、9c、9d 或 9e", en: "slot must be 9a, 9c, 9d or 9e"))
            return nil
        }
        let keyText = reader.string(f["key"], "key") ?? "sm2"
        guard let key = Scenario.KeyType(rawValue: keyText) else {
            reader.report(.invalidValue, f["key"], .init(zh: "key 应为 sm2、rsa-2048 或 ec-p256", en: "key must be sm2, rsa-2048 or ec-p256"))
            return nil
        }
        guard let notBefore = reader.integer(f["not-before"], "not-before"),
              let notAfter = reader.integer(f["not-after"], "not-after") else { return nil }
        var inRange = true
        for (key, days) in [("not-before", notBefore), ("not-after", notAfter)] where !dayRange.contains(days) {
            reader.report(.invalidValue, f[key], .init(
                zh: "\(key) 应在 \(dayRange.lowerBound) 到 \(dayRange.upperBound) 天之间",
                en: "\(key) must be between \(dayRange.lowerBound) and \(dayRange.upperBound) days"))
            inRange = false
        }
        guard inRange else { return nil }
        if notAfter <= notBefore {
            reader.report(.invalidValue, f["not-after"], .init(zh: "not-after 必须晚于 not-before", en: "not-after must come after not-before"))
        }
        if let serial = f["serial"].flatMap({ reader.string($0, "serial") }), parseHex(serial) == nil {
            reader.report(.invalidValue, f["serial"], .init(zh: "serial 应为十六进制", en: "serial must be hex"))
        }
        return Scenario.CertificateSpec(slot: slot, subject: names(f["subject"], "subject", reader), issuer: names(f["issuer"], "issuer", reader),
                                        key: key, notBeforeDays: notBefore, notAfterDays: notAfter,
                                        serial: f["serial"].flatMap { reader.string($0, "serial") },
                                        idNumber: f["id-number"].flatMap { reader.string($0, "id-number") },
                                        corrupt: f["corrupt"].flatMap { reader.bool($0, "corrupt") } ?? false)
    }

    static let nameFields: Set<String> = ["CN", "O", "OU", "C", "ST", "L", "serialNumber", "emailAddress"]

    /// Certificate dates, in days from today: a century either way is more than any demo needs,
    /// and keeps the dates inside what a certificate (and `time_t`) can hold.
    public static let dayRange = -36_500...36_500

    /// `[{CN: 电信测试1}, {O: 中国电信}, {C: CN}]`: an ordered list of one-key mappings.
    static func names(_ node: Yams.Node?, _ what: String, _ reader: YAMLReader) -> [Scenario.NameEntry] {
        let entries = reader.sequence(node, what).compactMap { item -> Scenario.NameEntry? in
            guard let mapping = item.mapping, mapping.count == 1, let (key, value) = mapping.first,
                  let field = key.scalar?.string, let text = value.scalar?.string else {
                reader.report(.invalidValue, item, .init(zh: "\(what) 的每一项应为 {字段: 值}", en: "each \(what) entry must be {FIELD: value}"))
                return nil
            }
            guard nameFields.contains(field) else {
                reader.report(.unknownKey, key, .init(zh: "未知的名称字段 `\(field)`", en: "unknown name field `\(field)`"))
                return nil
            }
            return Scenario.NameEntry(field: field, value: text)
        }
        if entries.isEmpty {
            reader.report(.missingField, node, .init(zh: "\(what) 至少要有一项", en: "\(what) needs at least one field"))
        }
        return entries
    }

    /// "3B 9F 95", "3b9f95" or "3B:9F:95".
    static func parseHex(_ text: String) -> [UInt8]? { Hex.decode(text) }
}
