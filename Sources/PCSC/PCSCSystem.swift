// SmartCardSystem over pcsclite. The adapter stays thin: pcsclite calls, buffer handling and
// return codes; the decisions it needs (state words, error meanings) live in ReaderStates and
// PCSCStatus, which are pure.
import CPCSCLite
import SmartCard
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed pcsclite call: its return code and the reader involved.
struct PCSCFailure: Error {
    let code: UInt32
    let reader: String?

    var domainError: SmartCardError {
        PCSCStatus.error(for: code, reader: reader) ?? .other(code: code, text: "unexpected success")
    }
}

/// Throws the failure for a pcsclite return code unless it is SCARD_S_SUCCESS.
@inline(__always)
func check(_ rv: LONG, reader: String? = nil) throws(PCSCFailure) {
    let code = PCSCStatus.code(rv)
    if code != PCSCStatus.success { throw PCSCFailure(code: code, reader: reader) }
}

/// The PC/SC service through pcsclite.
///
/// Contexts are established lazily and replaced after the service went away, so a
/// PCSCSystem made while pcscd is down starts working once it is back. Waiting uses a
/// context of its own: pcsclite holds a context's lock for the whole SCardGetStatusChange,
/// and a probe on another thread must not queue behind a long wait. Safe to call from any
/// thread; `cancelWait()` exists for exactly that.
public final class PCSCSystem: SmartCardSystem, @unchecked Sendable {
    private enum Role { case commands, waiting }

    private struct State {
        var commandContext: SCARDCONTEXT?
        var waitContext: SCARDCONTEXT?
        /// What the caller last saw, per reader: the state word including pcsclite's event
        /// counter (upper 16 bits), so a quick pull-and-reinsert still counts as a change.
        /// nil until the first listing or wait.
        var baseline: [String: DWORD]?
    }

    private let state = Mutex(State())

    public init() {}

    deinit {
        let contexts = state.withLock { [$0.commandContext, $0.waitContext] }
        for case let context? in contexts { _ = SCardReleaseContext(context) }
    }

    // MARK: - SmartCardSystem

    public func listReaders() throws(SmartCardError) -> [ReaderSnapshot] {
        try withContext(.commands) { context throws(PCSCFailure) in
            let snapshots = try self.snapshots(context)
            self.state.withLock { state in
                state.baseline = Dictionary(snapshots.map { ($0.snapshot.name, $0.word) }, uniquingKeysWith: { a, _ in a })
            }
            return snapshots.map(\.snapshot)
        }
    }

    public func connect(reader: String) throws(SmartCardError) -> any CardSession {
        try openSession(reader: reader)
    }

    /// Blocks up to `timeoutMs` (negative: without limit) until a card is inserted or removed,
    /// or a reader appears or disappears, compared with what the last `listReaders` or
    /// `waitForChange` saw. Returns false on timeout or after `cancelWait()`.
    public func waitForChange(timeoutMs: Int) throws(SmartCardError) -> Bool {
        try withContext(.waiting) { context throws(PCSCFailure) in
            let names = try self.readerNames(context)
            let known = self.state.withLock { $0.baseline }
            guard let known else {
                // First look: what is there now becomes the baseline, then wait for a change.
                try self.rememberBaseline(context, names: names)
                return try self.blockUntilChange(context, timeoutMs: timeoutMs)
            }
            if Set(known.keys) != Set(names) {
                // Readers came or went since the caller last looked.
                try self.rememberBaseline(context, names: names)
                return true
            }
            return try self.blockUntilChange(context, timeoutMs: timeoutMs)
        }
    }

    // MARK: - Beyond the protocol

    /// Interrupts a `waitForChange` blocked in another thread; it then returns false.
    public func cancelWait() {
        if let context = state.withLock({ $0.waitContext }) {
            _ = SCardCancel(context)
        }
    }

    /// Typed variant of `connect(reader:)`.
    public func openSession(reader: String) throws(SmartCardError) -> PCSCCardSession {
        try withContext(.commands) { context throws(PCSCFailure) in
            let connection = try Self.connectCard(context, reader: reader)
            return PCSCCardSession(system: self, reader: reader, connection: connection)
        }
    }

    /// Blocks until `reader` holds a card that answered its reset (PRESENT without MUTE).
    /// Returns false when `timeoutMs` passes first (negative: without limit) or after
    /// `cancelWait()`.
    public func waitForCard(in reader: String, timeoutMs: Int) throws(SmartCardError) -> Bool {
        try withContext(.waiting) { context throws(PCSCFailure) in
            let deadline = timeoutMs < 0 ? nil : ContinuousClock.now + .milliseconds(timeoutMs)
            var current = DWORD(ReaderStates.unaware)
            while true {
                var remaining = -1
                if let deadline {
                    remaining = max(0, Int((deadline - ContinuousClock.now) / .milliseconds(1)))
                }
                let result: [ReaderStatus]?
                do throws(PCSCFailure) {
                    result = try Self.statusChange(context, readers: [(reader, current)], timeoutMs: remaining)
                } catch where error.code == PCSCStatus.cancelled {
                    return false
                }
                guard let word = result?.first?.word else { return false } // timed out
                if ReaderStates.cardState(eventState: UInt(word)) == .present { return true }
                if remaining == 0 { return false }
                current = word & ~DWORD(ReaderStates.changed)
            }
        }
    }

    // MARK: - Contexts

    /// Runs `call` with a live context of the given role. When the call fails because the
    /// context died with the service, the context is dropped; if it was an old one (pcscd may
    /// have restarted since), the call is tried once more with a fresh context.
    private func withContext<T>(_ role: Role, _ call: (SCARDCONTEXT) throws(PCSCFailure) -> T) throws(SmartCardError) -> T {
        var mayRetry = true
        while true {
            let (context, fresh) = try obtainContext(role)
            do {
                return try call(context)
            } catch {
                guard PCSCStatus.meansContextLost(error.code) else { throw error.domainError }
                dropContext(role, context)
                if fresh || !mayRetry { throw error.domainError }
                mayRetry = false
            }
        }
    }

    private func obtainContext(_ role: Role) throws(SmartCardError) -> (SCARDCONTEXT, fresh: Bool) {
        let result: Result<(SCARDCONTEXT, Bool), SmartCardError> = state.withLock { state in
            if let existing = role == .commands ? state.commandContext : state.waitContext {
                return .success((existing, false))
            }
            var context: SCARDCONTEXT = 0
            let code = PCSCStatus.code(SCardEstablishContext(DWORD(SCARD_SCOPE_SYSTEM), nil, nil, &context))
            if let error = PCSCStatus.error(for: code) { return .failure(error) }
            if role == .commands { state.commandContext = context } else { state.waitContext = context }
            return .success((context, true))
        }
        return try result.get()
    }

    private func dropContext(_ role: Role, _ context: SCARDCONTEXT) {
        let owned = state.withLock { state -> Bool in
            switch role {
            case .commands where state.commandContext == context: state.commandContext = nil
            case .waiting where state.waitContext == context: state.waitContext = nil
            default: return false
            }
            // A new pcscd numbers its event counters afresh.
            state.baseline = nil
            return true
        }
        // Frees the client side; the service is gone, so the return code says nothing new.
        if owned { _ = SCardReleaseContext(context) }
    }

    /// Called by a session whose card handle died with the service.
    func serviceLost() {
        if let context = state.withLock({ $0.commandContext }) {
            dropContext(.commands, context)
        }
    }

    // MARK: - pcsclite calls

    /// Reader names, with the two-call size pattern. No readers is [], not an error.
    private func readerNames(_ context: SCARDCONTEXT) throws(PCSCFailure) -> [String] {
        for _ in 0..<3 {
            var length: DWORD = 0
            var rv = SCardListReaders(context, nil, nil, &length)
            if PCSCStatus.code(rv) == PCSCStatus.noReadersAvailable { return [] }
            try check(rv)
            var buffer = [UInt8](repeating: 0, count: Int(length))
            rv = buffer.withUnsafeMutableBufferPointer { raw in
                raw.withMemoryRebound(to: CChar.self) { SCardListReaders(context, nil, $0.baseAddress, &length) }
            }
            switch PCSCStatus.code(rv) {
            case PCSCStatus.noReadersAvailable: return []
            case PCSCStatus.insufficientBuffer: continue // a reader arrived between the two calls
            default: try check(rv)
            }
            return ReaderStates.names(fromMultiString: Array(buffer.prefix(Int(min(length, DWORD(buffer.count))))))
        }
        throw PCSCFailure(code: PCSCStatus.insufficientBuffer, reader: nil)
    }

    /// Every reader with its current state word, read without waiting.
    private func snapshots(_ context: SCARDCONTEXT) throws(PCSCFailure) -> [(snapshot: ReaderSnapshot, word: DWORD)] {
        var lastFailure = PCSCFailure(code: PCSCStatus.unknownReader, reader: nil)
        // A reader can vanish between listing and asking for its state: list again.
        for _ in 0..<3 {
            let names = try readerNames(context)
            if names.isEmpty { return [] }
            do {
                let states = try Self.statusChange(context, readers: names.map { ($0, DWORD(ReaderStates.unaware)) }, timeoutMs: 0)
                guard let states else { return [] }
                return states.map { item in
                    let snapshot = ReaderSnapshot(
                        name: item.name,
                        state: ReaderStates.cardState(eventState: UInt(item.word)),
                        atr: item.word & DWORD(ReaderStates.present) != 0 ? item.atr : [])
                    return (snapshot, item.word & ~DWORD(ReaderStates.changed))
                }
            } catch where error.code == PCSCStatus.unknownReader {
                lastFailure = error
            }
        }
        throw lastFailure
    }

    private func rememberBaseline(_ context: SCARDCONTEXT, names: [String]) throws(PCSCFailure) {
        var baseline: [String: DWORD] = [:]
        if !names.isEmpty, let states = try Self.statusChange(context, readers: names.map { ($0, DWORD(ReaderStates.unaware)) }, timeoutMs: 0) {
            for item in states { baseline[item.name] = item.word & ~DWORD(ReaderStates.changed) }
        }
        state.withLock { $0.baseline = baseline }
    }

    /// Waits on every known reader plus the plug-and-play pseudo reader.
    private func blockUntilChange(_ context: SCARDCONTEXT, timeoutMs: Int) throws(PCSCFailure) -> Bool {
        let baseline = state.withLock { $0.baseline } ?? [:]
        var watched = baseline.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        // pcsclite compares the upper 16 bits of the PnP entry with its reader count.
        watched.append((ReaderStates.plugAndPlayReader, DWORD(baseline.count) << 16))
        do {
            guard let states = try Self.statusChange(context, readers: watched, timeoutMs: timeoutMs) else {
                return false
            }
            let readers = states.filter { $0.name != ReaderStates.plugAndPlayReader }
            let readerListChanged = states.contains {
                $0.name == ReaderStates.plugAndPlayReader && $0.word & DWORD(ReaderStates.changed) != 0
            }
            if readerListChanged {
                // Take in the new list now, so the next wait does not report this change again.
                try rememberBaseline(context, names: try readerNames(context))
            } else {
                state.withLock { state in
                    var updated: [String: DWORD] = [:]
                    for item in readers where item.word & DWORD(ReaderStates.unknown) == 0 {
                        updated[item.name] = item.word & ~DWORD(ReaderStates.changed)
                    }
                    state.baseline = updated
                }
            }
            return true
        } catch where error.code == PCSCStatus.cancelled {
            return false
        } catch where error.code == PCSCStatus.unknownReader {
            // A watched reader is gone: that is a change.
            state.withLock { $0.baseline = nil }
            return true
        }
    }

    struct ReaderStatus {
        let name: String
        let word: DWORD
        let atr: [UInt8]
    }

    /// One SCardGetStatusChange over `readers` (name, current state word). Returns nil when it
    /// timed out, else every reader's event state word and ATR.
    static func statusChange(_ context: SCARDCONTEXT, readers: [(name: String, current: DWORD)], timeoutMs: Int) throws(PCSCFailure) -> [ReaderStatus]? {
        // szReader must stay valid during the call: own C copies, freed on the way out.
        let cNames = readers.map { strdup($0.name) }
        defer { cNames.forEach { free($0) } }
        if cNames.contains(where: { $0 == nil }) { throw PCSCFailure(code: 0x8010_0006, reader: nil) } // SCARD_E_NO_MEMORY

        var states = zip(readers, cNames).map { reader, cName -> SCARD_READERSTATE in
            var state = SCARD_READERSTATE()
            state.szReader = UnsafePointer(cName)
            state.dwCurrentState = reader.current
            return state
        }
        // INFINITE is 0xFFFFFFFF; pcsclite takes the timeout as a DWORD of milliseconds.
        let timeout = timeoutMs < 0 ? DWORD(INFINITE) : DWORD(min(timeoutMs, Int(UInt32.max - 1)))
        let rv = SCardGetStatusChange(context, timeout, &states, DWORD(states.count))
        if PCSCStatus.code(rv) == PCSCStatus.timeout { return nil }
        try check(rv)
        return zip(readers, states).map { reader, state in
            let atrLength = min(Int(state.cbAtr), Int(MAX_ATR_SIZE))
            let atr = withUnsafeBytes(of: state.rgbAtr) { Array($0.prefix(atrLength)) }
            return ReaderStatus(name: reader.name, word: state.dwEventState, atr: atr)
        }
    }

    struct Connection {
        let handle: SCARDHANDLE
        let protocolValue: DWORD
        let atr: [UInt8]
    }

    /// SCardConnect in shared mode (T=0 or T=1), then ATR and active protocol from SCardStatus.
    static func connectCard(_ context: SCARDCONTEXT, reader: String) throws(PCSCFailure) -> Connection {
        var handle: SCARDHANDLE = 0
        var active: DWORD = 0
        try check(SCardConnect(context, reader, DWORD(SCARD_SHARE_SHARED),
                               DWORD(SCARD_PROTOCOL_T0) | DWORD(SCARD_PROTOCOL_T1), &handle, &active), reader: reader)
        var nameBuffer = [CChar](repeating: 0, count: Int(MAX_READERNAME))
        var nameLength = DWORD(nameBuffer.count)
        var cardState: DWORD = 0
        var statusProtocol: DWORD = 0
        var atr = [UInt8](repeating: 0, count: Int(MAX_ATR_SIZE))
        var atrLength = DWORD(atr.count)
        let rv = SCardStatus(handle, &nameBuffer, &nameLength, &cardState, &statusProtocol, &atr, &atrLength)
        do {
            try check(rv, reader: reader)
        } catch {
            _ = SCardDisconnect(handle, DWORD(SCARD_LEAVE_CARD))
            throw error
        }
        return Connection(handle: handle, protocolValue: statusProtocol != 0 ? statusProtocol : active,
                          atr: Array(atr.prefix(Int(min(atrLength, DWORD(atr.count))))))
    }
}
