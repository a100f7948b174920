// Transports for tests and benchmarks: a scripted card and a recorder that counts what passes.

/// A card that answers from a table (command bytes -> response bytes), then from an optional
/// closure, then with a fallback status. Records every command it receives.
public final class ScriptedTransport: CardTransport {
    /// Computes a response for commands the table does not hold; nil falls through to `fallback`.
    public var responder: (([UInt8]) -> [UInt8]?)?
    /// The answer to anything unscripted (default 6D00, instruction not supported).
    public var fallback: [UInt8]
    /// Makes the transport fail: after `after` successful exchanges, every transmit throws `error`.
    public var failure: (after: Int, error: SmartCardError)?

    public private(set) var sent: [[UInt8]] = []
    private var table: [[UInt8]: [[UInt8]]] = [:]
    private var served: [[UInt8]: Int] = [:]

    public init(fallback: [UInt8] = [0x6D, 0x00], responder: (([UInt8]) -> [UInt8]?)? = nil) {
        self.fallback = fallback
        self.responder = responder
    }

    /// Answers `command` with `reply` every time.
    public func on(_ command: [UInt8], reply: [UInt8]) {
        table[command] = [reply]
        served[command] = 0
    }

    /// Answers `command` with the replies in turn; the last one repeats.
    public func on(_ command: [UInt8], replies: [[UInt8]]) {
        guard !replies.isEmpty else { return }
        table[command] = replies
        served[command] = 0
    }

    /// Hex convenience for tests: returns false when either side is not hex.
    @discardableResult
    public func on(hex command: String, reply: String) -> Bool {
        guard let c = Hex.decode(command), let r = Hex.decode(reply) else { return false }
        on(c, reply: r)
        return true
    }

    public func transmit(_ command: [UInt8]) throws(SmartCardError) -> [UInt8] {
        if let failure, sent.count >= failure.after {
            sent.append(command)
            throw failure.error
        }
        sent.append(command)
        if let replies = table[command] {
            let n = served[command, default: 0]
            served[command] = n + 1
            return replies[min(n, replies.count - 1)]
        }
        if let responder, let reply = responder(command) { return reply }
        return fallback
    }
}

/// Passes commands through and keeps count: APDUs, bytes each way, and a log.
public final class RecordingTransport: CardTransport {
    public struct Exchange: Equatable, Sendable {
        public let command: [UInt8]
        /// nil when the exchange failed.
        public let response: [UInt8]?
        public let error: SmartCardError?
    }

    public let inner: any CardTransport
    public let keepsLog: Bool
    public private(set) var exchanges: [Exchange] = []
    public private(set) var commandCount = 0
    public private(set) var bytesSent = 0
    public private(set) var bytesReceived = 0

    public init(_ inner: any CardTransport, keepsLog: Bool = true) {
        self.inner = inner
        self.keepsLog = keepsLog
    }

    public func transmit(_ command: [UInt8]) throws(SmartCardError) -> [UInt8] {
        commandCount += 1
        bytesSent += command.count
        do {
            let response = try inner.transmit(command)
            bytesReceived += response.count
            if keepsLog { exchanges.append(Exchange(command: command, response: response, error: nil)) }
            return response
        } catch {
            if keepsLog { exchanges.append(Exchange(command: command, response: nil, error: error)) }
            throw error
        }
    }

    public func reset() {
        exchanges = []
        commandCount = 0
        bytesSent = 0
        bytesReceived = 0
    }
}
