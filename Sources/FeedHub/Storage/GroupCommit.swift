internal import Synchronization

/// Group commit: jobs that arrive while a transaction is running wait, and the next transaction takes
/// them all. One caller at a time leads: it runs one batch (its own job and every job waiting), hands each
/// its result, and passes the lead to the next waiter if any. So concurrent callers share commits, and no
/// caller waits for more than the batch in progress and its own.
///
/// A commit writes every page its transaction dirtied, so N small transactions that touch the same pages
/// of an index write them N times; one transaction for N jobs writes them once.
final class GroupCommit<Job: Sendable, Output: Sendable>: Sendable {
    /// What a caller gets when it is its turn: its result, or the lead over the next batch.
    private enum Turn: Sendable {
        case done(Result<Output, any Error>)
        case lead
    }

    private struct Waiter: Sendable {
        let job: Job
        let continuation: CheckedContinuation<Turn, Never>
    }

    private struct State: Sendable {
        var leading = false
        var waiting: [Waiter] = []
    }

    private let state = Mutex(State())
    /// The most jobs one transaction takes (the rest wait for the next).
    let maximumBatch: Int

    init(maximumBatch: Int = 256) {
        self.maximumBatch = maximumBatch
    }

    /// Runs `job` in a batch; `run` executes one batch in one transaction and returns one result per job,
    /// in order (a job's failure is its own; a thrown error fails the whole batch).
    func submit(
        _ job: Job, run: @escaping @Sendable ([Job]) async throws -> [Result<Output, any Error>]
    ) async throws -> Output {
        let turn: Turn = await withCheckedContinuation { continuation in
            let leads = state.withLock { state in
                if state.leading {
                    state.waiting.append(Waiter(job: job, continuation: continuation))
                    return false
                }
                state.leading = true
                return true
            }
            if leads { continuation.resume(returning: .lead) }
        }
        if case .done(let result) = turn { return try result.get() }
        let others = state.withLock { state in
            let taken = Array(state.waiting.prefix(maximumBatch - 1))
            state.waiting.removeFirst(taken.count)
            return taken
        }
        let results: [Result<Output, any Error>]
        do {
            // Not in the leader's task: its cancellation must not fail the others' writes (nor its own,
            // once fetched: a batch is short, and it commits).
            let jobs = [job] + others.map(\.job)
            results = try await Task { try await run(jobs) }.value
            precondition(results.count == others.count + 1, "GroupCommit: one result per job")
        } catch {
            results = Array(repeating: .failure(error), count: others.count + 1)
        }
        for (waiter, result) in zip(others, results.dropFirst()) { waiter.continuation.resume(returning: .done(result)) }
        let next = state.withLock { state in
            if state.waiting.isEmpty {
                state.leading = false
                return nil as Waiter?
            }
            return state.waiting.removeFirst()
        }
        next?.continuation.resume(returning: .lead)
        return try results[0].get()
    }
}
