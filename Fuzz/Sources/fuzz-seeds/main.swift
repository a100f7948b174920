// Writes seed inputs for every fuzz target under the folder given (one subfolder per target),
// from what the tests and the simulator already use: ATRs of smartcard_list.txt and of the
// scenarios, the PIV answers a simulated card gives, certificates the factory makes, the
// shipped content and scenarios. scripts/fuzz/run merges them into Fuzz/Corpus/<target>.
//
//     fuzz-seeds OUTPUT-DIR
import Foundation
import FuzzSupport
import Guides
import Simulator
import SmartCard
import USBDevices
import X509OpenSSL

guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: fuzz-seeds OUTPUT-DIR\n".utf8))
    exit(2)
}
let output = URL(fileURLWithPath: CommandLine.arguments[1])
nonisolated(unsafe) var written: [String: Int] = [:]

func write(_ target: String, _ name: String, _ bytes: [UInt8]) {
    let folder = output.appendingPathComponent(target)
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" })
    _ = FileManager.default.createFile(atPath: folder.appendingPathComponent(safe).path, contents: Data(bytes))
    written[target, default: 0] += 1
}

// MARK: ATRs

/// smartcard_list.txt entries as (ATR with wildcards filled in, the entry's lines).
let listBytes = FileManager.default.contents(atPath: ATRCatalog.defaultPath).map { Array($0) } ?? []
let listText = String(decoding: listBytes, as: UTF8.self)
let listEntries: [(atr: [UInt8], text: String)] = listText.components(separatedBy: "\n\n").compactMap { block in
    guard let line = block.split(separator: "\n").first(where: { !$0.hasPrefix("#") && !$0.hasPrefix("\t") }) else { return nil }
    // ".." wildcards become 00; patterns with other regex syntax are kept as text only.
    let filled = line.replacingOccurrences(of: ".", with: "0")
    guard let atr = Hex.decode(filled), !atr.isEmpty else { return nil }
    return (atr, block.trimmingCharacters(in: .newlines) + "\n\n")
}
if listEntries.isEmpty { FileHandle.standardError.write(Data("note: \(ATRCatalog.defaultPath) not found, no list seeds\n".utf8)) }
for (index, entry) in listEntries.enumerated() {
    write("fuzz-atr", "list-\(index)", entry.atr)
}
for token in KnownTokens.all {
    if let atr = Hex.decode(token.pattern.text.replacingOccurrences(of: ".", with: "0")) {
        write("fuzz-atr", "token-\(token.vendor)-\(token.model)", atr)
    }
}
write("fuzz-atr", "yubikey", SimulatedPIVCard.yubiKeyATR)

// ATR + a few neighbouring entries of the list, and the same with regex-heavy lines.
for index in stride(from: 0, to: listEntries.count, by: 7) {
    let neighbours = listEntries[index..<min(listEntries.count, index + 6)].map(\.text).joined()
    write("fuzz-atr-catalog", "list-\(index)", CatalogInput.encode(atr: listEntries[index].atr, list: Array(neighbours.utf8)))
}
let mini = repositoryRoot.appendingPathComponent("Tests/SmartCardTests/Fixtures/mini_smartcard_list.txt")
if let data = FileManager.default.contents(atPath: mini.path) {
    for (index, entry) in listEntries.prefix(20).enumerated() {
        write("fuzz-atr-catalog", "mini-\(index)", CatalogInput.encode(atr: entry.atr, list: Array(data)))
    }
    write("fuzz-atr-catalog", "mini-yubikey", CatalogInput.encode(atr: SimulatedPIVCard.yubiKeyATR, list: Array(data)))
}

// MARK: Content and scenarios

// fuzz-content reads `#= PATH` lines as file starts: each file alone, and each profile whole.
let content = ShippedContent.files()
var bundles: [String: String] = [:]
for file in content {
    if file.relativePath.hasPrefix("scenarios/") {
        write("fuzz-scenario", file.relativePath, Array(file.text.utf8))
        continue
    }
    let marked = "#= \(file.relativePath)\n" + file.text
    write("fuzz-content", file.relativePath, Array(marked.utf8))
    let parts = file.relativePath.split(separator: "/")
    if parts.count >= 2, parts[0] == "profiles" { bundles[String(parts[1]), default: ""] += marked + "\n" }
}
for (profile, text) in bundles { write("fuzz-content", "bundle-\(profile)", Array(text.utf8)) }
// Each guide's header and contacts without its trees (the menu dropped, it names them): small, and
// valid over fuzz-content's base, so the rules reach the code that evaluates them.
for file in content where file.relativePath.hasSuffix("/profile.yaml") {
    var lines: [Substring] = []
    var inMenu = false
    for line in file.text.split(separator: "\n", omittingEmptySubsequences: false) {
        if !line.hasPrefix(" ") && !line.hasPrefix("-") { inMenu = line.hasPrefix("menu:") }
        if !inMenu { lines.append(line) }
    }
    let folder = file.relativePath.dropLast("profile.yaml".count)
    let contacts = content.first { $0.relativePath == folder + "contacts.yaml" }.map { "#= \($0.relativePath)\n" + $0.text } ?? ""
    let header = "#= \(file.relativePath)\n" + lines.joined(separator: "\n") + "\n" + contacts
    write("fuzz-content", "header-" + folder.split(separator: "/").last.map(String.init)!, Array(header.utf8))
}

// MARK: Cards: the answers of simulated PIV cards, as the probe reads them

/// Records every answer a card gives to a real PIVReader probe.
final class RecordingCard: CardTransport {
    let card: SimulatedPIVCard
    var answers: [[UInt8]] = []
    var commands: [[UInt8]] = []
    init(_ card: SimulatedPIVCard) { self.card = card }
    func transmit(_ command: [UInt8]) throws(SmartCardError) -> [UInt8] {
        let answer = card.respond(to: command)
        commands.append(command)
        answers.append(answer)
        return answer
    }
}

let now = Date(timeIntervalSince1970: 1_772_323_200)
var certificates: [(name: String, der: [UInt8])] = []
for file in content where file.relativePath.hasPrefix("scenarios/") {
    guard let scenario = ScenarioLoader.load(file).scenario else { continue }
    for (r, reader) in scenario.readers.enumerated() {
        guard let spec = reader.card, let card = try? ScenarioBuilder.makeCard(spec, now: now) else { continue }
        write("fuzz-atr", "\(scenario.id)-\(r)", spec.atr)
        for (tag, der) in card.certificates.sorted(by: { $0.key < $1.key }) {
            certificates.append(("\(scenario.id)-\(String(tag, radix: 16))", der))
        }
        // Whole answers, then chained in 61xx pieces of 200 and of 16 bytes.
        for chunk in [0, 200, 16] {
            var chunked = spec
            chunked.chunkSize = chunk
            guard let chained = try? ScenarioBuilder.makeCard(chunked, now: now) else { continue }
            let recorder = RecordingCard(chained)
            _ = chained.powerOn()
            _ = PIVReader(transport: recorder).probe()
            let name = "\(scenario.id)-\(r)-chunk\(chunk)"
            write("fuzz-piv", name, PIVScript.encode(atr: spec.atr, steps: recorder.answers.map { .answer($0) }))
            for (k, answer) in recorder.answers.enumerated() where chunk == 0 {
                write("fuzz-tlv", "\(name)-answer\(k)", Array(answer.dropLast(2)))
                write("fuzz-tlv", "\(name)-command\(k)", recorder.commands[k])
            }
            // The same card failing half-way (pulled out, mute).
            if chunk == 200, recorder.answers.count > 2 {
                let half = recorder.answers.count / 2
                write("fuzz-piv", name + "-pulled", PIVScript.encode(
                    atr: spec.atr, steps: recorder.answers.prefix(half).map { .answer($0) } + [.failure(.cardRemoved)]))
            }
        }
    }
}

// MARK: Certificates

let fixtures = [
    "Tests/CertificatesTests/Fixtures/sm2-openssl-cli.der",
    "Tests/PCSCTests/Fixtures/piv-auth-rsa2048.der",
]
for path in fixtures {
    if let data = FileManager.default.contents(atPath: repositoryRoot.appendingPathComponent(path).path) {
        certificates.append((URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, Array(data)))
    }
}
// The factory's own: each key type, with and without an ID number, names in Chinese.
let factory = CertificateFactory.shared
for algorithm in [CertificateSpec.KeyAlgorithm.sm2, .rsa2048, .ecP256] {
    let subject = [CertificateSpec.Attribute("C", "CN"), .init("O", "贵州省监狱管理局"), .init("CN", "张三")]
    let issuer = [CertificateSpec.Attribute("C", "CN"), .init("O", "北京数字认证股份有限公司"), .init("CN", "BJCA SM2 CA")]
    let spec = CertificateSpec(keyAlgorithm: algorithm, subject: subject, issuer: issuer,
                               notBefore: now.addingTimeInterval(-86_400 * 300), notAfter: now.addingTimeInterval(86_400 * 65),
                               serial: [0x01, 0x02, 0x03], idNumber: CertificateSpec.IDNumber("11010519491231002X"))
    if let der = try? factory.makeCertificate(spec) { certificates.append(("factory-\(algorithm)", der)) }
    if let ca = try? factory.makeCACertificate(name: issuer, keyAlgorithm: algorithm, notBefore: now.addingTimeInterval(-86_400 * 3000),
                                               notAfter: now.addingTimeInterval(86_400 * 3000)) {
        certificates.append(("factory-ca-\(algorithm)", ca))
    }
}
for (name, der) in certificates {
    write("fuzz-certificate", name + ".der", der)
    write("fuzz-certificate", name + ".pem", Array(CertificateFactory.pem(der).utf8))
    write("fuzz-tlv", name + ".der", der)
}
// A chain in one PEM file, DER laid end to end, bare base64, a PEM with a key block first.
if certificates.count >= 2 {
    let (a, b) = (certificates[0].der, certificates[1].der)
    write("fuzz-certificate", "chain.pem", Array((CertificateFactory.pem(a) + CertificateFactory.pem(b)).utf8))
    write("fuzz-certificate", "chain.der", a + b)
    write("fuzz-certificate", "bare.b64", Array(Data(a).base64EncodedString(options: .lineLength64Characters).utf8))
    if let key = try? factory.privateKeyPEM(.sm2) {
        write("fuzz-certificate", "key-then-cert.pem", Array((key + CertificateFactory.pem(b)).utf8))
    }
    write("fuzz-certificate", "trusted.pem", Array(CertificateFactory.pem(a, label: "TRUSTED CERTIFICATE").utf8))
}

// MARK: USB (fuzz-usb's line format: D / I / NAME=VALUE / H / K, then #ids and a usb.ids text)

func usbLines(_ devices: [USBDevice]) -> String {
    func hex<T: BinaryInteger>(_ value: T?, _ width: Int) -> String? {
        value.map { String(format: "%0\(width)x", Int($0)) }
    }
    var lines: [String] = []
    for device in devices {
        lines.append("D \(device.sysfsName)")
        if let v = hex(device.vendorId, 4) { lines.append("idVendor=\(v)") }
        if let p = hex(device.productId, 4) { lines.append("idProduct=\(p)") }
        if let c = hex(device.deviceClass, 2) { lines.append("bDeviceClass=\(c)") }
        if let m = device.manufacturer { lines.append("manufacturer=\(m)") }
        if let p = device.product { lines.append("product=\(p)") }
        if let s = device.serial { lines.append("serial=\(s.value)") }
        if let b = device.busNumber { lines.append("busnum=\(b)") }
        for interface in device.interfaces {
            lines.append("I \(interface.name)")
            if let n = hex(interface.number, 2) { lines.append("bInterfaceNumber=\(n)") }
            if let c = hex(interface.classCode, 2) { lines.append("bInterfaceClass=\(c)") }
            if let c = hex(interface.subclassCode, 2) { lines.append("bInterfaceSubClass=\(c)") }
            if let c = hex(interface.protocolCode, 2) { lines.append("bInterfaceProtocol=\(c)") }
            if let driver = interface.driver { lines.append("K \(driver)") }
            if let pages = interface.hidUsagePages {
                // Usage Page items (06 lo hi), each with a Usage and an empty collection.
                let items = pages.map { String(format: "06%02X%02X0901A101C0", Int($0 & 0xFF), Int($0 >> 8)) }
                lines.append("H " + items.joined())
            }
        }
    }
    return lines.joined(separator: "\n") + "\n"
}
for file in content where file.relativePath.hasPrefix("scenarios/") {
    guard let scenario = ScenarioLoader.load(file).scenario else { continue }
    let devices = ScenarioBuilder.usbScan(scenario).devices
    guard !devices.isEmpty else { continue }
    write("fuzz-usb", scenario.id, Array(usbLines(devices).utf8))
}
let fixture = repositoryRoot.appendingPathComponent("Tests/USBDevicesTests/Fixtures/sysfs-basic/sys/bus/usb/devices").path
let fixtureScan = USBScanner(root: fixture).scan()
if !fixtureScan.devices.isEmpty {
    let lines = usbLines(fixtureScan.devices)
    write("fuzz-usb", "fixture-sysfs-basic", Array(lines.utf8))
    if let ids = FileManager.default.contents(atPath: "/usr/share/misc/usb.ids") {
        let head = String(decoding: ids, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).prefix(400)
        write("fuzz-usb", "fixture-with-ids", Array((lines + "#ids\n" + head.joined(separator: "\n")).utf8))
    }
}

for (target, count) in written.sorted(by: { $0.key < $1.key }) { print("\(target): \(count) seeds") }
