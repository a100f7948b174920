// A stand-in for a pcscd that refuses this user, the way polkit makes it do on remote sessions:
// it accepts each connection and, once the client's first message is in, closes it without
// reading, so the client sees the connection reset and pcsclite reports SCARD_W_SECURITY_VIOLATION.
import Foundation

enum RefusingService {
    static func run(path: String) -> Int32 {
        unlink(path)
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { return fail("socket: errno \(errno)") }
        // Bound and listening under a temporary name, then renamed: callers wait for the socket
        // file to appear, and one that connected between bind() and listen() would get
        // ECONNREFUSED, which pcsclite reports as "no service".
        let temporary = path + ".\(getpid()).tmp"
        unlink(temporary)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(temporary.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return fail("socket path too long: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { return fail("bind/listen \(temporary): errno \(errno)") }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            return fail("rename \(temporary) to \(path): errno \(errno)")
        }
        while !stopRequested.load(ordering: .relaxed) {
            var readable = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&readable, 1, 200) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            waitForFirstMessage(client)
            close(client)
        }
        close(listener)
        unlink(path)
        return 0
    }

    /// pcsclite's first message, CMD_VERSION, is an 8-byte header and a 12-byte body written one
    /// after the other. Closed after the header only, the client's second write fails (EPIPE)
    /// and pcsclite says "no service" (seen under load); closed with the whole message unread,
    /// its read gets the reset and it says "access denied", as with a pcscd polkit refused.
    private static func waitForFirstMessage(_ client: Int32) {
        let firstMessage: Int32 = 8 + 12
        let deadline = ContinuousClock.now + .milliseconds(500)
        while ContinuousClock.now < deadline {
            var pending: Int32 = 0
            if ioctl(client, UInt(FIONREAD), &pending) != 0 || pending >= firstMessage { return }
            var incoming = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            // Woken by more data (or the client hanging up); poll reports data already there at once.
            if pending > 0 { usleep(1000) } else { _ = poll(&incoming, 1, 100) }
        }
    }

    private static func fail(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("ukey-vcard: \(message)\n".utf8))
        return 2
    }
}
