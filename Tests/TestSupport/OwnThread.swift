internal import Foundation

/// Runs blocking work (waiting for a child process) on a thread of its own, so that it does not hold
/// one of the few threads of Swift's cooperative pool while tests run in parallel: servers that other
/// tests run in this process need those threads.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
