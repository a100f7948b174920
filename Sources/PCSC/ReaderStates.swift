// Pure decoding of what pcsclite hands back: reader multi-strings and reader state words.
import SmartCard

enum ReaderStates {
    // SCARD_STATE_* (pcsclite.h); the Swift import is Int32, so they are restated as UInt.
    static let unaware: UInt = 0x0000
    static let ignore: UInt = 0x0001
    static let changed: UInt = 0x0002
    static let unknown: UInt = 0x0004
    static let unavailable: UInt = 0x0008
    static let empty: UInt = 0x0010
    static let present: UInt = 0x0020
    static let exclusive: UInt = 0x0080
    static let inUse: UInt = 0x0100
    static let mute: UInt = 0x0200
    static let unpowered: UInt = 0x0400

    /// The reader name pcsclite watches for readers appearing and disappearing.
    static let plugAndPlayReader = "\\\\?PnP?\\Notification"

    /// Splits a PC/SC multi-string ("a\0b\0\0") into names; tolerates a missing final NUL.
    static func names(fromMultiString bytes: [UInt8]) -> [String] {
        bytes.split(separator: 0, omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The card state a reader reports. The upper 16 bits of the word are pcsclite's event
    /// counter and are masked off. INUSE alone (shared) counts as present: our own open
    /// session sets it, and shared mode lets us read anyway; EXCLUSIVE locks us out.
    static func cardState(eventState: UInt) -> ReaderSnapshot.CardState {
        let state = eventState & 0xFFFF
        if state & (unknown | unavailable | ignore) != 0 { return .unavailable }
        if state & empty != 0 { return .empty }
        guard state & present != 0 else { return .unavailable }
        if state & mute != 0 { return .mute }
        if state & exclusive != 0 { return .inUse }
        return .present
    }
}
