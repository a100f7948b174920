// A stand-in for pcscd's socket, so tests can make "the service" vanish, come back, or refuse
// us without touching the shared pcscd. The client library is pointed at it with
// PCSCLITE_CSOCK_NAME, which pcsclite reads once per process: hence exit tests (a child
// process each) set it before their first PC/SC call.
import Foundation
import Synchronization

final class UnixSocketProxy: Sendable {
    enum Mode: Sendable {
        /// Relay every connection to pcscd's real socket.
        case relay(to: String)
        /// What pcscd does to a client polkit refuses: close the connection without reading
        /// the client's first message, so the client sees a reset (ECONNRESET).
        case reject
    }

    let path: String
    private let mode: Mode
    private let state = Mutex<(listener: Int32, connections: Set<Int32>)>((-1, []))

    init(path: String, mode: Mode) {
        self.path = path
        self.mode = mode
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// Binds `path` and starts accepting in a background thread.
    func start() throws {
        // stop() removed the folder along with the socket; a restart makes it again.
        mkdir((path as NSString).deletingLastPathComponent, 0o700)
        unlink(path)
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        guard bindOrConnect(listener, path, bind: true) else {
            close(listener)
            throw Failure(description: "bind \(path): errno \(errno)")
        }
        guard listen(listener, 16) == 0 else {
            close(listener)
            throw Failure(description: "listen: errno \(errno)")
        }
        state.withLock { $0.listener = listener }
        Thread.detachNewThread { [self] in acceptLoop(listener) }
    }

    /// Closes the listening socket and every relayed connection, and removes the path:
    /// to the client it is as if pcscd had died.
    func stop() {
        let (listener, connections) = state.withLock { state in
            let taken = (state.listener, state.connections)
            state.listener = -1
            state.connections = []
            return taken
        }
        if listener >= 0 {
            // shutdown wakes the thread blocked in accept(); it closes the descriptor.
            shutdown(listener, Int32(SHUT_RDWR))
        }
        for fd in connections { shutdown(fd, Int32(SHUT_RDWR)) }
        unlink(path)
        // The folder from privateSocketFolder(); rmdir leaves any other folder alone unless empty.
        rmdir((path as NSString).deletingLastPathComponent)
    }

    private func acceptLoop(_ listener: Int32) {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                break
            }
            switch mode {
            case .reject:
                // Let the client's first message arrive (pcscd spends that time asking polkit
                // over D-Bus) and leave it unread: closing then sends RST. Closing earlier looks
                // like a dead service instead (measured: SCARD_E_NO_SERVICE), and the client
                // writes its header and body separately, hence the pause after the first byte.
                var poller = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
                _ = poll(&poller, 1, 1000)
                usleep(50_000)
                close(client)
            case .relay(let target):
                let upstream = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
                guard upstream >= 0, bindOrConnect(upstream, target, bind: false) else {
                    if upstream >= 0 { close(upstream) }
                    close(client)
                    continue
                }
                let tracked = state.withLock { state -> Bool in
                    guard state.listener == listener else { return false } // stopped meanwhile
                    state.connections.formUnion([client, upstream])
                    return true
                }
                guard tracked else {
                    close(client)
                    close(upstream)
                    continue
                }
                Thread.detachNewThread { [self] in pump(client, upstream) }
            }
        }
        close(listener)
    }

    /// Copies bytes both ways until either side closes.
    private func pump(_ a: Int32, _ b: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        var fds = [pollfd(fd: a, events: Int16(POLLIN), revents: 0), pollfd(fd: b, events: Int16(POLLIN), revents: 0)]
        loop: while true {
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for (index, item) in fds.enumerated() where item.revents != 0 {
                let from = item.fd, to = index == 0 ? b : a
                let count = buffer.withUnsafeMutableBytes { recv(from, $0.baseAddress, $0.count, 0) }
                if count <= 0 { break loop }
                var sent = 0
                while sent < count {
                    let n = buffer.withUnsafeBytes { send(to, $0.baseAddress! + sent, count - sent, Int32(MSG_NOSIGNAL)) }
                    if n <= 0 { break loop }
                    sent += n
                }
            }
        }
        state.withLock { $0.connections.subtract([a, b]) }
        close(a)
        close(b)
    }
}

private func bindOrConnect(_ fd: Int32, _ path: String, bind: Bool) -> Bool {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let capacity = MemoryLayout.size(ofValue: address.sun_path)
    let utf8 = Array(path.utf8)
    guard utf8.count < capacity else { return false }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        raw.copyBytes(from: utf8)
        raw[utf8.count] = 0
    }
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            let length = socklen_t(MemoryLayout<sockaddr_un>.size)
            return bind ? Glibc.bind(fd, $0, length) == 0 : Glibc.connect(fd, $0, length) == 0
        }
    }
}

/// A fresh private folder for sockets (sun_path is short: keep it under /tmp).
func privateSocketFolder() -> String {
    var template = Array("/tmp/ukd-pcsc-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { buffer in
        buffer.baseAddress.flatMap { mkdtemp($0) }
    }
    guard made != nil else { return "/tmp" }
    return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
