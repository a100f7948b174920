// Small, allocation-light file reads for sysfs through libc (open/openat/read/readlinkat):
// Foundation's String(contentsOfFile:) took about twice as long per file here, and a scan reads
// thousands of tiny attribute files (see the 200-device figure in the tests).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

enum SysfsIO {
    /// Why a directory could not be listed.
    enum ListError: Error, Equatable {
        case missing
        case notADirectory
        case unreadable(errno: Int32)
    }

    /// The whole content of a small file, or nil when it is missing, a directory or unreadable.
    static func readBytes(_ path: String, limit: Int = 1 << 16) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readAll(fd, limit: limit)
    }

    /// Names in the directory at `path` (following a symlink to it), without "." and "..", unsorted.
    static func listDirectory(_ path: String) -> Result<[String], ListError> {
        guard let directory = openDirectory(path) else {
            switch errno {
            case ENOENT: return .failure(.missing)
            case ENOTDIR: return .failure(.notADirectory)
            case let code: return .failure(.unreadable(errno: code))
            }
        }
        return directory.list().map { .success($0) } ?? .failure(.unreadable(errno: errno))
    }

    /// nil with `errno` set when the directory cannot be opened. (Opened before the object
    /// exists: a failed class initialiser would still run deinit and clobber errno.)
    static func openDirectory(_ path: String) -> Directory? {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        return fd >= 0 ? Directory(fd: fd) : nil
    }

    static func openDirectory(_ name: String, in parent: Directory) -> Directory? {
        let fd = openat(parent.fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        return fd >= 0 ? Directory(fd: fd) : nil
    }

    /// An open directory whose attribute files are read relative to it (openat), so the kernel
    /// resolves the long /sys/bus/usb/devices/... → /sys/devices/pci.../usb1/1-2 path once per
    /// device instead of once per file.
    final class Directory {
        fileprivate let fd: Int32

        fileprivate init(fd: Int32) { self.fd = fd }

        deinit { close(fd) }

        func readBytes(_ name: String, limit: Int = 1 << 16) -> [UInt8]? {
            let file = openat(fd, name, O_RDONLY | O_CLOEXEC)
            guard file >= 0 else { return nil }
            defer { close(file) }
            return SysfsIO.readAll(file, limit: limit)
        }

        /// A text attribute with the kernel's trailing newline (and stray blanks) removed.
        /// nil when missing, unreadable or empty. Invalid UTF-8 is repaired, never trapped on.
        func readText(_ name: String) -> String? {
            guard let bytes = readBytes(name) else { return nil }
            var end = bytes.count
            while end > 0, SysfsIO.isBlank(bytes[end - 1]) { end -= 1 }
            var start = 0
            while start < end, SysfsIO.isBlank(bytes[start]) { start += 1 }
            guard start < end else { return nil }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }

        /// A hexadecimal attribute such as `idVendor` ("096e\n") or `bInterfaceClass` ("0b\n").
        func readHex<T: FixedWidthInteger & UnsignedInteger>(_ name: String, as type: T.Type) -> T? {
            readText(name).flatMap { T($0, radix: 16) }
        }

        /// A decimal attribute such as `busnum` ("1\n").
        func readDecimal(_ name: String) -> Int? {
            readText(name).flatMap { Int($0, radix: 10) }
        }

        /// The last path component of a symlink's target, without following it (so a dangling
        /// link still names its driver). nil when `name` is not a symlink.
        func readLinkName(_ name: String) -> String? {
            let capacity = Int(PATH_MAX) + 1
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer -> String? in
                let n = buffer.withMemoryRebound(to: CChar.self) { readlinkat(fd, name, $0.baseAddress!, capacity - 1) }
                guard n > 0 else { return nil }
                let target = String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<n]), as: UTF8.self)
                return target.split(separator: "/").last.map(String.init)
            }
        }

        /// Entry names without "." and "..", unsorted; nil when the directory cannot be read.
        func list() -> [String]? {
            // fdopendir takes ownership of the descriptor it is given: hand it a duplicate, and
            // rewind because the duplicate shares the read position with earlier listings.
            let copy = dup(fd)
            guard copy >= 0 else { return nil }
            guard let stream = fdopendir(copy) else {
                close(copy)
                return nil
            }
            defer { closedir(stream) }
            rewinddir(stream)
            var names: [String] = []
            while let entry = readdir(stream) {
                let name = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                    tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                        String(cString: $0)
                    }
                }
                if name == "." || name == ".." { continue }
                names.append(name)
            }
            return names
        }
    }

    /// Reads to end of file (or `limit`); nil on a read error such as EISDIR or EIO from a
    /// device that went away.
    private static func readAll(_ fd: Int32, limit: Int) -> [UInt8]? {
        var result: [UInt8] = []
        let chunk = 4096
        while result.count < limit {
            var failed = false
            let count = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: chunk) { buffer -> Int in
                let n = read(fd, buffer.baseAddress, chunk)
                if n > 0 { result.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<n])) }
                if n < 0 && errno != EINTR { failed = true }
                return n
            }
            if failed { return nil }
            // A short read of a regular or sysfs file means end of file (sysfs hands over the whole
            // attribute at once): skipping the read() that would return 0 halves the read calls.
            if count >= 0 && count < chunk { break }
        }
        return result
    }

    fileprivate static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x0A || byte == 0x0D || byte == 0x20 || byte == 0x09 || byte == 0x00
    }
}
