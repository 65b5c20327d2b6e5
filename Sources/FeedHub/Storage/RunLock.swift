internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// The lock that keeps two `feedhub fetch` runs (a cron overlap) from running at once.
///
/// It is an advisory `flock` on `<database>.lock`: the kernel drops it when the holder exits or is killed,
/// so a dead process never blocks the next run. The second run polls for `wait`, then gives up.
public final class RunLock: RunLease {
    private let fd: Int32

    /// Takes the lock for the database at `databasePath` (the file `<databasePath><suffix>`), waiting up to `wait`.
    /// - Throws: ``StorageError/locked(path:waited:)`` when another run still holds it after `wait`;
    ///   ``StorageError/open(path:message:)`` when the lock file cannot be created.
    public init(databasePath: String, wait: Duration, suffix: String = ".lock") throws {
        let lockPath = databasePath + suffix
        try? FileManager.default.createDirectory(
            at: URL(fileURLWithPath: lockPath).deletingLastPathComponent(), withIntermediateDirectories: true)
        // Work on a local descriptor and store it only once locked: a throwing initializer that had
        // initialized `fd` would still run deinit, closing the descriptor twice (the second close could hit
        // a socket or database file opened meanwhile by another thread).
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw StorageError.open(path: lockPath, message: String(cString: strerror(errno))) }
        let clock = ContinuousClock()
        let deadline = clock.now + wait
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, clock.now < deadline else {
                close(descriptor)
                throw StorageError.locked(path: databasePath, waited: wait)
            }
            usleep(100_000)
        }
        fd = descriptor
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

/// The run lock of an in-memory database: released when the lease goes.
final class MemoryRunLease: RunLease {
    private let release: @Sendable () -> Void
    init(release: @escaping @Sendable () -> Void) { self.release = release }
    deinit { release() }
}
