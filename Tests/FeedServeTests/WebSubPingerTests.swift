import FeedServe
import Foundation
import Logging
import Synchronization
import TestSupport
import Testing

@Suite struct WebSubPingerTests {
    static let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }()

    @Test("A hub that fails once is tried again; a hub that keeps failing is given up on, with its status")
    func retries() async throws {
        let calls = Atomic<Int>(0)
        let hub = try LoopbackServer { _ in
            calls.add(1, ordering: .relaxed).newValue == 1 ? .response(status: 503) : .response(status: 202)
        }
        defer { hub.stop() }
        let pinger = WebSubPinger(hub: hub.url("/"), userAgent: "FeedHub-test", logger: Self.logger, delays: [.milliseconds(50)])
        let topic = "https://astanaforum.org/feed.atom"
        #expect(await pinger.ping(topics: [topic]) == [topic: .accepted(status: 202)])
        #expect(hub.requests.count == 2)
        #expect(
            String(decoding: hub.requests[1].body, as: UTF8.self) == "hub.mode=publish&hub.url=https%3A%2F%2Fastanaforum.org%2Ffeed.atom")

        let cyrillic = "https://astanaforum.org/новости/feed.atom"
        _ = await pinger.ping(topics: [cyrillic])
        #expect(
            String(decoding: hub.requests.last!.body, as: UTF8.self)
                == "hub.mode=publish&hub.url=https%3A%2F%2Fastanaforum.org%2F%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8%2Ffeed.atom",
            "non-ASCII letters are percent-encoded as UTF-8 bytes")

        let broken = try LoopbackServer { _ in .response(status: 500) }
        defer { broken.stop() }
        let failing = WebSubPinger(
            hub: broken.url("/"), userAgent: "FeedHub-test", logger: Self.logger, delays: [.milliseconds(20), .milliseconds(20)])
        #expect(await failing.ping(topics: [topic]) == [topic: .failed("HTTP 500")])
        #expect(broken.requests.count == 3)
    }
}
