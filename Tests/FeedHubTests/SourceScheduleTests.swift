import FeedHub
import Foundation
import Testing

@Suite struct SourceScheduleTests {
    let now = Date(timeIntervalSince1970: 1_748_500_000)
    let schedule = SourceSchedule()

    @Test("Backoff doubles from 10 minutes, with ±20% jitter, and is capped at a day")
    func exponentialWithJitterAndCap() {
        func delay(_ failures: Int, _ jitter: Double) -> Double {
            schedule.nextAttempt(failures: failures, retryAfter: nil, now: now, jitter: jitter)!.timeIntervalSince(now)
        }
        #expect(delay(1, 0.5) == 600)
        #expect(delay(2, 0.5) == 1200)
        #expect(delay(3, 0.0) == 2400 * 0.8)
        #expect(delay(3, 1.0) == 2400 * 1.2)
        #expect(delay(30, 0.5) == 86_400)
        #expect(schedule.nextAttempt(failures: 0, retryAfter: nil, now: now, jitter: 0.5) == nil, "healthy: cron decides")
    }

    @Test("Retry-After is honoured in seconds or as an HTTP date, never beyond the cap")
    func retryAfter() {
        let inSeconds = SourceSchedule.retryAfter("3600", now: now)
        #expect(inSeconds == now.addingTimeInterval(3600))
        let date = SourceSchedule.retryAfter("Thu, 29 May 2025 09:00:00 GMT", now: now)
        #expect(date == Date(timeIntervalSince1970: 1_748_509_200))
        #expect(SourceSchedule.retryAfter("soon", now: now) == nil)
        let next = schedule.nextAttempt(failures: 1, retryAfter: now.addingTimeInterval(7200), now: now, jitter: 0.5)
        #expect(next == now.addingTimeInterval(7200), "the later of backoff and Retry-After")
        let capped = schedule.nextAttempt(failures: 1, retryAfter: now.addingTimeInterval(10 * 86_400), now: now, jitter: 0.5)
        #expect(capped == now.addingTimeInterval(86_400))
    }
}
