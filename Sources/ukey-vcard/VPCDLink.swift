// The vpcd protocol (vsmartcard 3.3, virtualsmartcard/src/vpcd/vpcd.c): vpcd, loaded by pcscd,
// listens on TCP (35963 for "Virtual PCD 00 00", 35964 for "00 01" in Debian's
// /etc/reader.conf.d/vpcd); the virtual card connects to it. Every message, both ways, is a
// 2-byte big-endian length followed by that many bytes. From vpcd, a 1-byte message is a
// control command (00 power off, 01 power on, 02 reset: no answer; 04 get ATR: answered
// with the ATR); anything longer is a command APDU, answered with the response APDU.
// vpcd treats an empty answer as the card going away and closes the connection.
import Foundation
import Synchronization

struct VPCDLinkOptions {
    var host = "127.0.0.1"
    var port: UInt16 = 35963
    /// TCP_NODELAY plus a TCP_QUICKACK before every read. Without them Nagle's algorithm and
    /// delayed ACKs stall each APDU for about 40 ms (platform-findings §2). Off only to measure.
    var lowLatency = true
    /// After answering this many APDUs, drop the connection when the next one arrives, as if
    /// the card were pulled while the reader waits for its answer; then stop.
    var dieAfter: Int?
    /// How the connection drops: abruptly (TCP reset: vpcd sees a read error and pcscd reports
    /// SCARD_E_NOT_TRANSACTED) or orderly (FIN: vpcd passes on an empty answer).
    var abruptDeath = true
    /// Stop when this process ends: a test that dies half-way must not leave a card behind
    /// in the shared reader.
    var watchedProcess: Int32?
    /// Pause between attempts to reach vpcd (pcscd not running yet, or restarting).
    var retryInterval: Duration = .milliseconds(200)
}

/// Set from a signal handler; checked by the link between reads.
let stopRequested = Atomic<Bool>(false)

final class VPCDLink {
    enum Outcome: Equatable {
        case stopped     // SIGTERM / SIGINT
        case cardPulled  // --die-after reached
    }

    private static let controlPowerOff: UInt8 = 0x00
    private static let controlPowerOn: UInt8 = 0x01
    private static let controlReset: UInt8 = 0x02
    private static let controlGetATR: UInt8 = 0x04
    /// pcscd copies at most MAX_ATR_SIZE (33) bytes of ATR at power-up. A longer answer still
    /// tells vpcd "card present" (it only checks for a non-empty answer) but makes the power-up
    /// fail, so pcscd reports the card MUTE: what a real card that ignores reset looks like.
    /// Verified with vsmartcard-vpcd 3.3 and pcsc-lite 1.9.9 ("Card inserted, Unresponsive card").
    private static let muteAnswer = [UInt8](repeating: 0x3B, count: 34)

    private let card: VirtualCard
    private let options: VPCDLinkOptions
    private let log: EventLog
    private var apdusAnswered = 0

    init(card: VirtualCard, options: VPCDLinkOptions, log: EventLog) {
        self.card = card
        self.options = options
        self.log = log
    }

    /// Serves the card until stopped or pulled, reconnecting whenever vpcd goes away.
    func run() -> Outcome {
        var waitingNoted = false
        while !shouldStop() {
            guard let socket = connectToVPCD() else {
                if !waitingNoted {
                    log.note("waiting for vpcd on \(options.host):\(options.port) : is pcscd running, with vsmartcard-vpcd installed? (in the repository: scripts/rig/start)")
                    waitingNoted = true
                }
                sleepUnlessStopped(options.retryInterval)
                continue
            }
            waitingNoted = false
            log.note("connected to vpcd on \(options.host):\(options.port): card inserted")
            let outcome = serve(socket)
            close(socket)
            switch outcome {
            case .stopped: return .stopped
            case .cardPulled:
                log.note("card pulled after \(apdusAnswered) APDU(s) (--die-after)")
                return .cardPulled
            case .connectionLost:
                log.note("vpcd closed the connection (pcscd stopped or restarting); reconnecting")
                card.powerOff()
            }
        }
        return .stopped
    }

    private enum ServeOutcome { case stopped, cardPulled, connectionLost }

    private func serve(_ socket: Int32) -> ServeOutcome {
        while true {
            let message: [UInt8]
            switch readMessage(socket) {
            case .stopped: return .stopped
            case .closed: return .connectionLost
            case .message(let bytes): message = bytes
            }
            if message.count == 1 {
                if !handleControl(message[0], socket: socket) { return .connectionLost }
                continue
            }
            if let limit = options.dieAfter, apdusAnswered >= limit {
                log.trace("apdu > \(hex(message)) (not answered: pulling the card)")
                if options.abruptDeath {
                    // SO_LINGER 0: close() sends RST instead of FIN.
                    var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                    _ = setsockopt(socket, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                }
                return .cardPulled
            }
            var response = card.respond(to: message)
            log.trace("apdu > \(hex(message)) < \(hex(response))")
            // An empty frame would make vpcd drop the card; a silent card answers "no diagnosis".
            if response.isEmpty { response = [0x6F, 0x00] }
            apdusAnswered += 1
            if !writeMessage(response, to: socket) { return .connectionLost }
        }
    }

    /// Returns false when the answer could not be sent.
    private func handleControl(_ command: UInt8, socket: Int32) -> Bool {
        switch command {
        case Self.controlPowerOff:
            log.trace("ctrl power off")
            card.powerOff()
        case Self.controlPowerOn:
            let atr = card.powerOn()
            log.trace("ctrl power on (ATR \(atr.isEmpty ? "none: mute" : hex(atr)))")
        case Self.controlReset:
            log.trace("ctrl reset")
            card.reset()
        case Self.controlGetATR:
            // Asked at every presence poll: traced only at power-up to keep the log readable.
            let atr = card.answerToReset
            return writeMessage(atr.isEmpty ? Self.muteAnswer : atr, to: socket)
        default:
            log.trace("ctrl \(String(format: "%02X", command)) unknown, ignored")
        }
        return true
    }

    // MARK: - Socket

    private func connectToVPCD() -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = options.port.bigEndian
        guard inet_pton(AF_INET, options.host, &address.sin_addr) == 1 else {
            close(fd)
            return nil
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        if options.lowLatency {
            setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
        }
        return fd
    }

    private func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
        var value = value
        _ = setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    private enum ReadResult { case message([UInt8]), closed, stopped }

    private func readMessage(_ fd: Int32) -> ReadResult {
        switch readExactly(2, from: fd) {
        case .message(let header):
            let length = Int(header[0]) << 8 | Int(header[1])
            if length == 0 { return .message([]) }
            return readExactly(length, from: fd)
        case let other:
            return other
        }
    }

    private func readExactly(_ count: Int, from fd: Int32) -> ReadResult {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            // Wake up now and then to notice SIGTERM / SIGINT.
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 200)
            if shouldStop() { return .stopped }
            if ready == 0 || (ready < 0 && errno == EINTR) { continue }
            if ready < 0 { return .closed }
            if options.lowLatency {
                // Linux leaves quick-ACK mode by itself, so this is set again before each read.
                setOption(fd, Int32(IPPROTO_TCP), TCP_QUICKACK, 1)
            }
            let received = buffer.withUnsafeMutableBytes { raw in
                recv(fd, raw.baseAddress! + filled, count - filled, 0)
            }
            if received == 0 { return .closed }
            if received < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .closed
            }
            filled += received
        }
        return .message(buffer)
    }

    private func writeMessage(_ payload: [UInt8], to fd: Int32) -> Bool {
        guard payload.count <= 0xFFFF else { return false }
        let frame = [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)] + payload
        var sent = 0
        while sent < frame.count {
            // MSG_NOSIGNAL: a vpcd that went away must not kill us with SIGPIPE.
            let result = frame.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + sent, frame.count - sent, Int32(MSG_NOSIGNAL))
            }
            if result < 0 {
                if errno == EINTR { continue }
                return false
            }
            sent += result
        }
        return true
    }

    /// A signal arrived, or the watched process is gone (kill 0 probes without signalling).
    private func shouldStop() -> Bool {
        if stopRequested.load(ordering: .relaxed) { return true }
        if let pid = options.watchedProcess, kill(pid, 0) != 0, errno == ESRCH {
            stopRequested.store(true, ordering: .relaxed)
            log.note("watched process \(pid) ended")
            return true
        }
        return false
    }

    private func sleepUnlessStopped(_ interval: Duration) {
        let deadline = ContinuousClock.now + interval
        while !shouldStop(), ContinuousClock.now < deadline {
            usleep(20_000)
        }
    }
}
