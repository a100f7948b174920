// Probe findings: stable ids (DESIGN.md), each handled by a tree that lists it under `findings:`.

public enum FindingSeverity: String, Sendable, Codable, Comparable {
    case info, warning, error

    private var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: FindingSeverity, b: FindingSeverity) -> Bool { a.rank < b.rank }
}

public enum FindingCatalog {
    /// Every finding id the probe can produce, with its severity.
    public static let all: [(id: String, severity: FindingSeverity)] = [
        ("service-not-running", .error),
        ("service-no-access", .error),
        ("no-reader", .error),
        ("no-card", .error),
        ("several-tokens", .warning),
        ("card-mute", .error),
        ("probe-interrupted", .error),
        ("usb-token-not-pcsc", .error),
        ("unknown-card", .warning),
        ("no-certificate", .error),
        ("cert-unreadable", .error),
        ("cert-expired", .error),
        ("cert-expiring", .warning),
        ("cert-too-late", .error),
        ("pin-blocked", .error),
        ("pin-low", .warning),
        ("clock-wrong", .error),
    ]

    public static let ids: Set<String> = Set(all.map(\.id))

    public static func severity(of id: String) -> FindingSeverity? { all.first { $0.id == id }?.severity }
}
