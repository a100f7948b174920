// swift-tools-version:6.0
import PackageDescription

// Pure core (Guides, SmartCard, Certificates, TerminalUI, Diagnosis, Simulator) and thin
// adapters around the three C libraries (PCSC, X509OpenSSL, CursesBackend). See DECISIONS.md.
let package = Package(
    name: "ukey-doctor",
    products: [
        .executable(name: "ukey-doctor", targets: ["ukey-doctor"]),
        .executable(name: "ukey-vcard", targets: ["ukey-vcard"]),
        // The parsers and the probe, for the fuzz package in Fuzz/ (a package of its own, so
        // `swift build` and `swift test` here never build it).
        .library(name: "UKeyDoctorCore", targets: [
            "SmartCard", "Certificates", "X509OpenSSL", "Guides", "USBDevices", "Diagnosis", "Simulator",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // System libraries: a module map and a shim header each (platform-findings.md).
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw",
                       pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CPCSCLite", path: "Sources/CPCSCLite",
                       pkgConfig: "libpcsclite", providers: [.apt(["libpcsclite-dev"])]),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL",
                       pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibcExtras", path: "Sources/CLibcExtras"),

        // Pure core.
        .target(name: "Guides", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "SmartCard"),
        .target(name: "Certificates"),
        .target(name: "USBDevices"),
        .target(name: "TerminalUI", dependencies: ["CLibcExtras"], exclude: ["README.md"]),
        .target(name: "Diagnosis", dependencies: ["Guides", "SmartCard", "Certificates", "USBDevices"]),
        .target(name: "Simulator", dependencies: ["Guides", "SmartCard", "Certificates", "USBDevices", "Diagnosis", "X509OpenSSL", .product(name: "Yams", package: "Yams")]),

        // Thin adapters over C.
        .target(name: "PCSC", dependencies: ["CPCSCLite", "SmartCard"]),
        .target(name: "X509OpenSSL", dependencies: ["COpenSSL", "Certificates"]),
        .target(name: "CursesBackend", dependencies: ["CNcursesw", "CLibcExtras", "TerminalUI"]),
        // Where the shipped and the site's content live (for both executables).
        .target(name: "ContentLocation"),

        // The application: commands and screens, as a library so tests can drive it.
        .target(name: "UKeyDoctor", dependencies: [
            "Guides", "SmartCard", "Certificates", "USBDevices", "Diagnosis", "Simulator",
            "PCSC", "X509OpenSSL", "TerminalUI", "CursesBackend", "CLibcExtras", "ContentLocation",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "ukey-doctor", dependencies: ["UKeyDoctor"]),
        .executableTarget(name: "ukey-vcard", dependencies: ["Simulator", "Guides", "SmartCard", "USBDevices", "ContentLocation"]),

        .testTarget(name: "GuidesTests", dependencies: ["Guides"]),
        .testTarget(name: "SmartCardTests", dependencies: ["SmartCard"], exclude: ["Fixtures"]),
        .testTarget(name: "CertificatesTests", dependencies: ["Certificates", "X509OpenSSL"], exclude: ["Fixtures"]),
        .testTarget(name: "USBDevicesTests", dependencies: ["USBDevices"], exclude: ["Fixtures"]),
        .testTarget(name: "PCSCTests", dependencies: ["PCSC", "SmartCard", "Diagnosis", "Simulator"], exclude: ["Fixtures"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "CursesBackend"]),
        .testTarget(name: "UKeyDoctorTests", dependencies: ["UKeyDoctor", "Guides", "Diagnosis", "Simulator"], exclude: ["Fixtures", "Golden", "Snapshots"]),
    ]
)
