// The PC/SC service down, refusing us, dying and coming back. Each case runs in a child
// process (an exit test) that points pcsclite at its own socket path through
// PCSCLITE_CSOCK_NAME, so the shared pcscd is never disturbed. A child that crashes or traps
// fails the exit condition; a failed check is written to the child's stderr, which the parent
// turns into an issue (Swift Testing hands back the output only when the condition was met,
// so a failed check still exits 0).
import Foundation
import PCSC
import SmartCard
import Testing

let realSocket = "/run/pcscd/pcscd.comm"

/// In the child: stop, leaving the reason for the parent, unless `condition` holds.
func requireInChild(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition {
        FileHandle.standardError.write(Data("check failed: \(message())\n".utf8))
        exit(0)
    }
}

/// In the child: the error `body` throws (nil when it succeeds).
func errorOf<T>(_ body: () throws -> T) -> SmartCardError? {
    do {
        _ = try body()
        return nil
    } catch let error as SmartCardError {
        return error
    } catch {
        return .other(code: 0, text: "not a SmartCardError: \(error)")
    }
}

/// Must run before the child's first PC/SC call: pcsclite reads the variable once.
func pointPCSCLite(at path: String) {
    setenv("PCSCLITE_CSOCK_NAME", path, 1)
}

func reportChildFailures(_ result: ExitTest.Result?, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let result else { return } // the exit condition failed: already an issue
    let output = String(decoding: result.standardErrorContent, as: UTF8.self)
    for line in output.split(separator: "\n") where line.hasPrefix("check failed: ") {
        Issue.record(Comment(rawValue: String(line)), sourceLocation: sourceLocation)
    }
}

@Suite struct PCSCServiceFailureTests {
    @Test func serviceNotRunningIsNoService() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            pointPCSCLite(at: "/nonexistent/ukd-\(getpid())/pcscd.comm") // nothing listens there
            let system = PCSCSystem()
            let started = ContinuousClock.now
            let listError = errorOf { try system.listReaders() }
            requireInChild(listError == .noService, "listReaders: \(String(describing: listError))")
            requireInChild(ContinuousClock.now - started < .milliseconds(500), "noService took \(ContinuousClock.now - started)")
            let connectError = errorOf { try system.connect(reader: "Virtual PCD 00 00") }
            requireInChild(connectError == .noService, "connect: \(String(describing: connectError))")
            let waitError = errorOf { try system.waitForChange(timeoutMs: 100) }
            requireInChild(waitError == .noService, "waitForChange: \(String(describing: waitError))")
            let cardError = errorOf { try system.waitForCard(in: "Virtual PCD 00 00", timeoutMs: 100) }
            requireInChild(cardError == .noService, "waitForCard: \(String(describing: cardError))")
        }
        reportChildFailures(result)
    }

    @Test func refusedConnectionIsNoAccess() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            let folder = privateSocketFolder()
            // pcscd closes the connection of a client polkit does not authorize.
            let refusing = UnixSocketProxy(path: folder + "/pcscd.comm", mode: .reject)
            do { try refusing.start() } catch { requireInChild(false, "\(error)") }
            pointPCSCLite(at: refusing.path)
            let system = PCSCSystem()
            let listError = errorOf { try system.listReaders() }
            requireInChild(listError == .noAccess, "listReaders: \(String(describing: listError))")
            let waitError = errorOf { try system.waitForChange(timeoutMs: 100) }
            requireInChild(waitError == .noAccess, "waitForChange: \(String(describing: waitError))")
            refusing.stop()
        }
        reportChildFailures(result)
    }

    /// pcscd down when the program starts, then up, then gone, then back: the same
    /// PCSCSystem follows without being rebuilt.
    @Test(.enabled(if: !Rig.skipped, "UKD_SKIP_RIG=1"))
    func contextIsReestablishedWhenTheServiceComesBack() async throws {
        guard FileManager.default.fileExists(atPath: realSocket) else {
            throw Rig.Missing(description: "pcscd is not running (no \(realSocket)): run scripts/rig/install, "
                              + "then scripts/rig/start (or set UKD_SKIP_RIG=1 to skip the rig tests)")
        }
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            let folder = privateSocketFolder()
            let service = UnixSocketProxy(path: folder + "/pcscd.comm", mode: .relay(to: realSocket))
            pointPCSCLite(at: service.path)
            let system = PCSCSystem()

            // 1. Not running yet.
            requireInChild(errorOf { try system.listReaders() } == .noService, "before start: expected noService")

            // 2. Started: the next call establishes a context.
            do { try service.start() } catch { requireInChild(false, "\(error)") }
            var readers: [ReaderSnapshot] = []
            do { readers = try system.listReaders() } catch { requireInChild(false, "after start: \(error)") }
            requireInChild(readers.contains { $0.name == "Virtual PCD 00 00" }, "after start: readers \(readers.map(\.name))")
            do { _ = try system.waitForChange(timeoutMs: 50) } catch { requireInChild(false, "wait after start: \(error)") }

            // 3. Gone: the context dies with it; calls say noService, nothing traps.
            service.stop()
            let goneError = errorOf { try system.listReaders() }
            requireInChild(goneError == .noService, "after stop: \(String(describing: goneError))")
            let waitGone = errorOf { try system.waitForChange(timeoutMs: 50) }
            requireInChild(waitGone == .noService, "wait after stop: \(String(describing: waitGone))")

            // 4. Back: a new context, same PCSCSystem.
            do { try service.start() } catch { requireInChild(false, "\(error)") }
            do { readers = try system.listReaders() } catch { requireInChild(false, "after restart: \(error)") }
            requireInChild(readers.contains { $0.name == "Virtual PCD 00 00" }, "after restart: readers \(readers.map(\.name))")
            do { _ = try system.waitForChange(timeoutMs: 50) } catch { requireInChild(false, "wait after restart: \(error)") }
            service.stop()
        }
        reportChildFailures(result)
    }
}
