import Foundation
import SmartCard

/// A PC/SC service made of simulated readers and cards, in process. It behaves like pcsclite
/// through the `SmartCardSystem` protocol, including a trainer pulling and re-inserting a key.
public final class SimulatedSystem: SmartCardSystem, @unchecked Sendable {
    public struct SimulatedReader {
        public var name: String
        /// The card as configured; nil for an empty reader.
        public var card: SimulatedPIVCard?
        public var state: ReaderSnapshot.CardState
        /// A trainer pulled the key out (`pull`) — the card stays configured for `insert`.
        public var pulled = false
    }

    public let service: Scenario.ServiceState
    private let lock = NSCondition()
    private var readers: [SimulatedReader]
    private var generation = 0

    public init(service: Scenario.ServiceState, readers: [SimulatedReader]) {
        self.service = service
        self.readers = readers
    }

    /// The cards, so tests can check what they received (no writes, no PIN tries used).
    public var cards: [SimulatedPIVCard] { lock.withLock { readers.compactMap(\.card) } }

    public func listReaders() throws(SmartCardError) -> [ReaderSnapshot] {
        try checkService()
        return lock.withLock {
            readers.map { reader in
                guard let card = reader.card, !reader.pulled else { return ReaderSnapshot(name: reader.name, state: .empty) }
                return ReaderSnapshot(name: reader.name, state: reader.state, atr: card.isMute ? [] : card.atr)
            }
        }
    }

    public func connect(reader name: String) throws(SmartCardError) -> any CardSession {
        try checkService()
        lock.lock()
        defer { lock.unlock() }
        guard let reader = readers.first(where: { $0.name == name }) else { throw .unknownReader(name) }
        guard let card = reader.card, !reader.pulled else { throw .noCard }
        if card.isMute || reader.state == .mute { throw .cardMute }
        if reader.state == .inUse { throw .cardInUse }
        return SimulatedSession(system: self, reader: name, card: card, atr: card.powerOn())
    }

    public func waitForChange(timeoutMs: Int) throws(SmartCardError) -> Bool {
        try checkService()
        lock.lock()
        defer { lock.unlock() }
        let start = generation
        let deadline = Date().addingTimeInterval(Double(max(0, timeoutMs)) / 1000)
        while generation == start {
            if !lock.wait(until: deadline) { return false }
        }
        return true
    }

    /// Takes the key out of a reader (all readers when nil), as a trainer would.
    public func pull(reader name: String? = nil) { setPulled(true, reader: name) }
    /// Puts it back.
    public func insert(reader name: String? = nil) { setPulled(false, reader: name) }

    private func setPulled(_ pulled: Bool, reader name: String?) {
        lock.withLock {
            for index in readers.indices where name == nil || readers[index].name == name {
                if readers[index].card != nil, readers[index].pulled != pulled {
                    readers[index].pulled = pulled
                    if pulled { readers[index].card?.powerOff() }
                    generation += 1
                }
            }
            lock.broadcast()
        }
    }

    fileprivate func isPresent(_ name: String) -> Bool {
        lock.withLock { readers.first { $0.name == name }.map { $0.card != nil && !$0.pulled } ?? false }
    }

    private func checkService() throws(SmartCardError) {
        switch service {
        case .running: return
        case .notRunning: throw .noService
        case .noAccess: throw .noAccess
        }
    }
}

/// A connection to a simulated card: APDUs go straight to the card model.
final class SimulatedSession: CardSession {
    private weak var system: SimulatedSystem?
    private let reader: String
    private let card: SimulatedPIVCard
    let atr: [UInt8]
    let activeProtocol = "T=1"

    init(system: SimulatedSystem, reader: String, card: SimulatedPIVCard, atr: [UInt8]) {
        self.system = system
        self.reader = reader
        self.card = card
        self.atr = atr
    }

    func transmit(_ command: [UInt8]) throws(SmartCardError) -> [UInt8] {
        guard system?.isPresent(reader) == true else { throw .cardRemoved }
        let response = card.respond(to: command)
        guard !response.isEmpty else { throw .cardMute }
        return response
    }

    func disconnect() {}
}
