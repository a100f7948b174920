// What the fuzz targets share: reading the input piece by piece, checking properties (a broken
// property aborts, which libFuzzer records as a crash), the shipped content, a fixed clock.
import Certificates
import Diagnosis
import Foundation
import Guides
import SmartCard
import USBDevices
import X509OpenSSL

/// The input libFuzzer hands `LLVMFuzzerTestOneInput`, as an array.
public func fuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// A property the code under test must keep. A violation prints why and aborts, so libFuzzer
/// saves the input as a crash like any trap.
public func require(_ condition: Bool, _ message: @autoclosure () -> String,
                    file: StaticString = #fileID, line: UInt = #line) {
    guard !condition else { return }
    FileHandle.standardError.write(Data("PROPERTY VIOLATED at \(file):\(line): \(message())\n".utf8))
    abort()
}

/// Keeps a result alive so the optimiser cannot drop the work that made it.
@inline(never)
public func consume<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// Reads an input front to back; every read is total (short input gives short pieces, never a trap).
public struct FuzzReader {
    public let bytes: [UInt8]
    public private(set) var position = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var isAtEnd: Bool { position >= bytes.count }

    public mutating func byte() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    /// Up to `count` bytes.
    public mutating func take(_ count: Int) -> [UInt8] {
        let end = min(bytes.count, position + max(0, count))
        defer { position = end }
        return Array(bytes[position..<end])
    }

    /// A two-byte big-endian number, nil at the end.
    public mutating func uint16() -> Int? {
        guard let high = byte() else { return nil }
        let low = byte() ?? 0
        return Int(high) << 8 | Int(low)
    }

    public mutating func rest() -> [UInt8] { take(bytes.count - position) }
}

/// The fixed "now" of every target, so a crash replays the same way on any day: 2026-03-01 UTC.
public let fuzzNow = Date(timeIntervalSince1970: 1_772_323_200)

/// The repository root, found from this file (Fuzz/Sources/FuzzSupport/FuzzSupport.swift).
public let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

public enum ShippedContent {
    /// Every YAML file under `Content/`, as the app reads a content folder.
    public static func files(root: URL = repositoryRoot.appendingPathComponent("Content")) -> [ContentFile] {
        let rootPath = root.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: rootPath) else { return [] }
        var files: [ContentFile] = []
        for case let relative as String in enumerator where relative.hasSuffix(".yaml") {
            let path = rootPath + "/" + relative
            guard let data = FileManager.default.contents(atPath: path),
                  let text = String(data: data, encoding: .utf8) else { continue }
            files.append(ContentFile(relativePath: relative, displayPath: "Content/" + relative, text: text))
        }
        return files.sorted { $0.relativePath < $1.relativePath }
    }

    /// The shipped guides compiled once (the probe's findings and profiles need a library).
    public static let library: ContentLibrary = {
        let result = ContentCompiler.compile(layers: [files()])
        if let error = result.errors.first {
            FileHandle.standardError.write(Data("shipped content has errors: \(error)\n".utf8))
        }
        return result.library
    }()
}

/// The fuzz-piv input: the ATR, then the card's answers in order.
///
///     ATR length (1 byte) · ATR · { answer length (2 bytes, big-endian) · answer }*
///
/// An answer length of FFxx is not an answer but a transport failure (xx picks which), so the
/// probe meets a card pulled out or a dead service at any point. Past the end the card says 6A82.
public enum PIVScript {
    public enum Step: Equatable {
        case answer([UInt8])
        case failure(SmartCardError)
    }

    /// The failures a transport reports (Transport.swift), in a fixed order for the FFxx codes.
    public static let failures: [SmartCardError] = [
        .cardRemoved, .cardReset, .cardMute, .notTransacted, .timeout, .noService,
        .malformedResponse("fuzz"), .protocolMismatch, .other(code: 0x8010_0001, text: "fuzz"),
    ]

    public static func encode(atr: [UInt8], steps: [Step]) -> [UInt8] {
        var out: [UInt8] = [UInt8(min(atr.count, 255))] + atr.prefix(255)
        for step in steps {
            switch step {
            case .answer(let bytes):
                let piece = bytes.prefix(0xFEFF)
                out += [UInt8(piece.count >> 8), UInt8(piece.count & 0xFF)] + piece
            case .failure(let error):
                out += [0xFF, UInt8(failures.firstIndex(of: error) ?? 0)]
            }
        }
        return out
    }

    public static func decode(_ bytes: [UInt8]) -> (atr: [UInt8], steps: [Step]) {
        var reader = FuzzReader(bytes)
        let atr = reader.take(Int(reader.byte() ?? 0))
        var steps: [Step] = []
        while let length = reader.uint16() {
            if length >= 0xFF00 {
                steps.append(.failure(failures[(length & 0xFF) % failures.count]))
            } else {
                steps.append(.answer(reader.take(length)))
            }
        }
        return (atr, steps)
    }
}

/// The fuzz-atr-catalog input: an ATR, then smartcard_list.txt text.
///
///     ATR length (1 byte) · ATR · list bytes
public enum CatalogInput {
    public static func encode(atr: [UInt8], list: [UInt8]) -> [UInt8] {
        [UInt8(min(atr.count, 255))] + atr.prefix(255) + list
    }

    public static func decode(_ bytes: [UInt8]) -> (atr: [UInt8], list: [UInt8]) {
        var reader = FuzzReader(bytes)
        let atr = reader.take(Int(reader.byte() ?? 0))
        return (atr, reader.rest())
    }
}

/// A probe environment as the app builds one, over `system`, with the fixed clock.
public func probeEnvironment(system: any SmartCardSystem, usb: USBScanResult = USBScanResult(root: "fuzz", devices: []),
                             host: HostInfo = HostInfo(domesticOS: true, osName: "Fuzz")) -> ProbeEnvironment {
    ProbeEnvironment(
        system: system,
        scanUSB: { usb },
        parseCertificate: { bytes in
            do throws(CertificateError) { return .success(try X509Reader.summary(of: bytes)) } catch { return .failure(error) }
        },
        nameATR: { ATRNamer(catalog: nil).identify($0).bestName },
        usbNaming: { _ in USBDeviceNaming() },
        host: host,
        now: { fuzzNow },
        releaseDate: fuzzNow.addingTimeInterval(-86_400 * 30))
}
