import Foundation
import Certificates
@testable import X509OpenSSL

/// Shared helpers for the certificate tests.
enum TestSupport {
    static let utc: TimeZone = TimeZone(identifier: "UTC")!

    /// A UTC instant; traps only on a typo in the test itself.
    static func date(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return calendar.date(from: components)!
    }

    static let day: TimeInterval = 86_400

    /// A typical 12309 holder certificate with Chinese names.
    static func spec(_ algorithm: CertificateSpec.KeyAlgorithm,
                     subject: [CertificateSpec.Attribute]? = nil,
                     serial: [UInt8]? = [0x12, 0x34, 0xAB, 0xCD],
                     notBefore: Date = date(2025, 3, 1, 8, 30),
                     notAfter: Date = date(2027, 3, 1, 8, 29, 59),
                     idNumber: CertificateSpec.IDNumber? = nil) -> CertificateSpec {
        CertificateSpec(
            keyAlgorithm: algorithm,
            subject: subject ?? [.init("C", "CN"), .init("O", "绵阳市涪城区人民检察院"), .init("OU", "检察院"),
                                 .init("CN", "电信测试1")],
            issuer: CertificateSpec.sppIssuer,
            notBefore: notBefore, notAfter: notAfter, serial: serial, idNumber: idNumber)
    }

    static func make(_ spec: CertificateSpec) throws -> [UInt8] {
        try CertificateFactory.shared.makeCertificate(spec)
    }

    // MARK: - openssl command line

    struct CommandResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var opensslPath: String? {
        ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func openssl(_ arguments: [String]) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opensslPath ?? "/usr/bin/openssl")
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: stdout, as: UTF8.self),
                             stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Writes `bytes` to a fresh temporary file; the directory is removed by `cleanup`.
    static func temporaryFile(_ bytes: [UInt8], name: String) throws -> (url: URL, cleanup: () -> Void) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ukd-x509-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return (url, { try? FileManager.default.removeItem(at: directory) })
    }

    static func fixture(_ name: String, file: String = #filePath) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    /// Replaces the first occurrence of `pattern` in `bytes` (same length), for crafting broken certificates.
    static func replacing(_ pattern: [UInt8], with replacement: [UInt8], in bytes: [UInt8]) -> [UInt8]? {
        precondition(pattern.count == replacement.count)
        guard bytes.count >= pattern.count else { return nil }
        for start in 0...(bytes.count - pattern.count) where bytes[start..<start + pattern.count].elementsEqual(pattern) {
            var copy = bytes
            copy.replaceSubrange(start..<start + pattern.count, with: replacement)
            return copy
        }
        return nil
    }

    static func milliseconds(_ block: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try block()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
    }
}
