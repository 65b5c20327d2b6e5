/// A bound, in bytes, on fetched sources waiting for the writer: a new transfer starts only while what
/// waits is under `limit`. Fetch slots no longer wait for the writer, so without it a slow disk would let
/// 4x `fetch.concurrency` parsed feeds of up to `fetch.max_bytes` pile up in memory.
///
/// A source that is holding bytes never waits here again (it only goes on to the writer and then
/// releases them), so the budget cannot deadlock; the first source to wait always gets through once the
/// writer has taken what is held.
actor WaitingBudget {
    let limit: Int
    private(set) var held = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    /// Returns once what waits for the writer is under the limit.
    func roomForTransfer() async {
        if held < limit { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Runs `body` (the write of a fetched source) with its `bytes` held, as ``HostLimiter`` runs a transfer in a slot.
    nonisolated func holding<T: Sendable>(_ bytes: Int, _ body: @Sendable () async throws -> T) async throws -> T {
        await hold(bytes)
        do {
            let result = try await body()
            await release(bytes)
            return result
        } catch {
            await release(bytes)
            throw error
        }
    }

    /// A fetched source's items now wait for the writer.
    func hold(_ bytes: Int) { held += bytes }

    /// The writer took them.
    func release(_ bytes: Int) {
        held -= bytes
        while held < limit, !waiting.isEmpty { waiting.removeFirst().resume() }
    }

    /// About what `record`'s items occupy in memory: their text and fingerprints.
    static func size(of record: FetchRecord) -> Int {
        record.items.reduce(0) { total, item in
            total + item.title.utf8.count + (item.summary?.utf8.count ?? 0) + (item.content?.utf8.count ?? 0)
                + 8 * (item.fingerprint.titleWords.count + item.fingerprint.shingles.count) + 512
        }
    }
}
