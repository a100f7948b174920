import Foundation

/// Where the shipped content and a site's own content live, for every executable that reads
/// them (ukey-doctor, and ukey-vcard when it serves a scenario by name).
public enum ContentLocation {
    /// The shipped `Content/`: $UKEY_DOCTOR_CONTENT, else beside an installed binary
    /// (`../share/ukey-doctor/Content`), else the repository the binary was built in, else /usr/share.
    public static func shippedDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let path = environment["UKEY_DOCTOR_CONTENT"], !path.isEmpty { return path }
        let fm = FileManager.default
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        let installed = directory.appendingPathComponent("../share/ukey-doctor/Content").standardizedFileURL.path
        if fm.fileExists(atPath: installed + "/SCHEMA.md") { return installed }
        for _ in 0..<6 {
            let candidate = directory.appendingPathComponent("Content").path
            if fm.fileExists(atPath: candidate + "/SCHEMA.md") { return candidate }
            directory.deleteLastPathComponent()
        }
        let system = "/usr/share/ukey-doctor/Content"
        return fm.fileExists(atPath: system) ? system : nil
    }

    /// A site's own content, applied over the shipped content when the folder exists.
    public static let defaultSiteDirectory = "/etc/ukey-doctor"

    /// $UKEY_DOCTOR_SITE, else /etc/ukey-doctor.
    public static func siteDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["UKEY_DOCTOR_SITE"] ?? defaultSiteDirectory
    }
}
