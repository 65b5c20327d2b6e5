import Foundation
import GRDB
import Synchronization
import Testing

@testable import FeedHub

/// Concurrent fetch results share a write transaction, and each keeps its own result.
@Suite struct GroupCommitTests {
    struct Odd: Error, Equatable { let value: Int }

    /// The batches a queue ran, as they ran.
    final class Batches: Sendable {
        let seen = Mutex<[[Int]]>([])
    }

    @Test("Jobs arriving while a batch runs share the next one; each caller gets its own result or error")
    func batchesShareAndKeepResults() async throws {
        let queue = GroupCommit<Int, Int>()
        let batches = Batches()
        let results = await withTaskGroup(of: (Int, Result<Int, Odd>).self) { group in
            for value in 0..<40 {
                group.addTask {
                    do {
                        let doubled = try await queue.submit(value) { jobs in
                            batches.seen.withLock { $0.append(jobs) }
                            try await Task.sleep(for: .milliseconds(20))
                            return jobs.map { $0 % 2 == 1 ? .failure(Odd(value: $0)) : .success($0 * 2) }
                        }
                        return (value, .success(doubled))
                    } catch {
                        return (value, .failure(try! #require(error as? Odd)))
                    }
                }
            }
            return await group.reduce(into: [Int: Result<Int, Odd>]()) { $0[$1.0] = $1.1 }
        }
        #expect(results.count == 40)
        for (value, result) in results {
            #expect(result == (value % 2 == 1 ? .failure(Odd(value: value)) : .success(value * 2)))
        }
        let seen = batches.seen.withLock { $0 }
        #expect(seen.flatMap { $0 }.sorted() == Array(0..<40))
        #expect(seen.count < 10, "40 jobs arriving together took \(seen.count) transactions")
    }

    @Test("A leader cancelled while its batch runs fails no one: the batch completes for it and the others")
    func leaderCancellation() async throws {
        let queue = GroupCommit<Int, Int>()
        let run: @Sendable ([Int]) async throws -> [Result<Int, any Error>] = { jobs in
            try await Task.sleep(for: .milliseconds(200))
            return jobs.map { .success($0 * 2) }
        }
        let first = Task { try await queue.submit(0, run: run) }
        try await Task.sleep(for: .milliseconds(50))
        let leader = Task { try await queue.submit(1, run: run) }  // leads the second batch
        try await Task.sleep(for: .milliseconds(50))
        let follower = Task { try await queue.submit(2, run: run) }  // joins it
        try await Task.sleep(for: .milliseconds(200))  // the second batch is running
        leader.cancel()
        #expect(try await first.value == 0)
        #expect(try await follower.value == 4)
        #expect(try await leader.value == 2)
    }

    @Test("A batch that fails as a whole (a commit that fails) fails every job in it")
    func failedBatchFailsAll() async throws {
        let queue = GroupCommit<Int, Int>()
        let failures = await withTaskGroup(of: Bool.self) { group in
            for value in 0..<8 {
                group.addTask {
                    do {
                        _ = try await queue.submit(value) { _ in
                            try await Task.sleep(for: .milliseconds(10))
                            throw Odd(value: -1)
                        }
                        return false
                    } catch {
                        return (error as? Odd) == Odd(value: -1)
                    }
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(failures == 8)
    }

    @Test("Concurrent fetches of a store: one naming an unknown source fails alone, the others are stored")
    func storeRecordsFailAlone() async throws {
        let outlets = (1...12).map { "Outlet \($0)" }
        let temporary = try await TemporaryStore("group", outlets: outlets)
        defer { temporary.remove() }
        let store = temporary.store
        let policy = TemporaryStore.policy
        let now = Date(timeIntervalSince1970: 1_748_500_000)
        func record(_ source: String) -> FetchRecord {
            let items = (1...5).map { n in
                // Words of its own in each item: no two are near duplicates of each other.
                let own = (0..<4).map { _ in String(UUID().uuidString.prefix(8)) }.joined(separator: " ")
                let title = "Astana International Forum \(own) — Астанинский международный форум"
                let text = "\(own) \(own.reversed()) \(source) on the Astana International Forum, day \(n)."
                return IncomingItem(
                    identity: "https://\(source.filter(\.isNumber)).example.kz/aif-\(n)", guid: nil,
                    link: "https://\(source.filter(\.isNumber)).example.kz/aif-\(n)", canonicalURL: nil, title: title, summary: text,
                    content: nil, author: nil, published: now.addingTimeInterval(Double(-n * 3600)), updated: nil,
                    fingerprint: TextFingerprint(title: title, text: text),
                    decision: RelevanceDecision(relevant: true, rule: "include \"Astana International Forum\" (title)"))
            }
            return TemporaryStore.fetch(source, items: items, at: now)
        }
        let outcomes = await withTaskGroup(of: (String, Result<IngestCounts, any Error>).self) { group in
            for source in outlets + ["Unlisted Outlet"] {
                group.addTask {
                    do { return (source, .success(try await store.record(record(source), policy: policy))) } catch {
                        return (source, .failure(error))
                    }
                }
            }
            return await group.reduce(into: [String: Result<IngestCounts, any Error>]()) { $0[$1.0] = $1.1 }
        }
        for source in outlets {
            #expect((try? outcomes[source]?.get())?.new == 5, "\(source)")
        }
        guard case .failure(let error) = outcomes["Unlisted Outlet"], case StorageError.unknownSource(let name) = error else {
            Issue.record("an unknown source must fail with unknownSource: \(String(describing: outcomes["Unlisted Outlet"]))")
            return
        }
        #expect(name == "Unlisted Outlet")
        #expect(try await store.stories().count == 60)
        #expect(try await store.sourceStates().allSatisfy { $0.lastOutcome == "ok" })
        #expect(try await store.integrityCheck() == "ok")
        // The batch with the failing fetch was rolled back and written again: the cache holds what is stored.
        #expect(try await KeyFilterTests.covers(store), "every stored key is found, none of the rolled-back writes")
        let keys = try await store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM dedupKeyRecent") ?? 0 }
        let cached = try await store.write { db in try store.withIndexCache(db) { $0.recent.count } }
        #expect(keys == cached && keys > 0, "\(keys) keys stored, \(cached) in the cache")
    }
}
