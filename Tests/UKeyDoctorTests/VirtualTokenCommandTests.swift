import Foundation
import Testing

/// `ukey-vcard --scenario` as a trainer types it: a scenario's id, found where ukey-doctor finds it.
@Suite struct VirtualTokenCommandTests {
    @Test func scenarioByIdWritesItsUSBDevices() throws {
        let sysfs = FileManager.default.temporaryDirectory.appendingPathComponent("ukd-vcard-id-\(getpid())")
        defer { try? FileManager.default.removeItem(at: sysfs) }
        let result = try CLI.run(["--scenario", "usb-hid-token", "--write-sysfs", sysfs.path], binary: "ukey-vcard")
        #expect(result.exitCode == 0, "\(result.stderr)")
        let vendor = try String(contentsOf: sysfs.appendingPathComponent("1-1/idVendor"), encoding: .utf8)
        #expect(vendor.trimmingCharacters(in: .whitespacesAndNewlines) == "096e")
    }

    @Test func siteScenarioComesFirst() throws {
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("ukd-vcard-site-\(getpid())")
        defer { try? FileManager.default.removeItem(at: site) }
        try FileManager.default.createDirectory(at: site.appendingPathComponent("scenarios"), withIntermediateDirectories: true)
        let shipped = try String(contentsOf: CLI.repository.appendingPathComponent("Content/scenarios/usb-hid-token.yaml"), encoding: .utf8)
        try shipped.replacingOccurrences(of: "vendor-id: \"096e\"", with: "vendor-id: \"1ea8\"")
            .write(to: site.appendingPathComponent("scenarios/usb-hid-token.yaml"), atomically: true, encoding: .utf8)
        let sysfs = site.appendingPathComponent("sysfs")
        let result = try CLI.run(["--scenario", "usb-hid-token", "--write-sysfs", sysfs.path],
                                 environment: ["UKEY_DOCTOR_SITE": site.path], binary: "ukey-vcard")
        #expect(result.exitCode == 0, "\(result.stderr)")
        let vendor = try String(contentsOf: sysfs.appendingPathComponent("1-1/idVendor"), encoding: .utf8)
        #expect(vendor.trimmingCharacters(in: .whitespacesAndNewlines) == "1ea8")
    }

    @Test func unknownScenarioListsTheKnownOnes() throws {
        let result = try CLI.run(["--scenario", "expird"], binary: "ukey-vcard")
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("no scenario expird; known: "))
        #expect(result.stderr.contains("expired, expired-locked"))
        #expect(result.stdout.isEmpty)
    }
}
