// swift-tools-version:5.4
// libFuzzer targets for the parsers that read what a card, a file or a content author hands the
// tool. A package of its own so the main package's `swift build` / `swift test` never build it;
// scripts/fuzz/run builds it with `-sanitize=fuzzer,address` into .build-fuzz. See README.md.
//
// Tools version 5.4 on purpose: from 5.5 on, SwiftPM links every executable with
// `--defsym main=<module>_main` (so tests can import executables), a symbol that code built
// with -parse-as-library never defines; libFuzzer brings its own `main`.
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder (main, wt-fuzz, ukey-doctor…), so the
// product reference below must use whatever the repository's folder is called here.
let repositoryFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let mainPackage = repositoryFolder.lastPathComponent.lowercased()
let core = Target.Dependency.product(name: "UKeyDoctorCore", package: mainPackage)

let package = Package(
    name: "ukey-doctor-fuzz",
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        .target(name: "FuzzSupport", dependencies: [core]),
        .executableTarget(name: "fuzz-atr", dependencies: ["FuzzSupport", core]),
        .executableTarget(name: "fuzz-atr-catalog", dependencies: ["FuzzSupport", core]),
        .executableTarget(name: "fuzz-tlv", dependencies: ["FuzzSupport", core]),
        .executableTarget(name: "fuzz-piv", dependencies: ["FuzzSupport", core]),
        .executableTarget(name: "fuzz-certificate", dependencies: ["FuzzSupport", core]),
        .executableTarget(name: "fuzz-content", dependencies: ["FuzzSupport", core]),
        .executableTarget(name: "fuzz-scenario", dependencies: ["FuzzSupport", core]),
        .executableTarget(name: "fuzz-usb", dependencies: ["FuzzSupport", core]),
        // Writes the seed inputs (built without the fuzzer: it has a main of its own).
        .executableTarget(name: "fuzz-seeds", dependencies: ["FuzzSupport", core]),
    ]
)
