internal import CCurl
internal import CCurlShim
internal import Foundation
internal import Synchronization

/// Drives every transfer of the process on one libcurl multi handle, on one dedicated thread.
///
/// Callers never block: ``perform(_:)`` queues the transfer, wakes the loop with `curl_multi_wakeup`, and
/// suspends until libcurl reports it done. The loop thread sleeps in `curl_multi_poll` while transfers
/// wait on the network, so a thousand slow hosts cost one thread, not the cooperative pool.
/// `curl_global_init` runs once, here; SIGPIPE is ignored (a closed peer must not kill the process).
///
/// `@unchecked Sendable`: `multi` is used only on the loop thread, except by `curl_multi_wakeup`, which
/// libcurl documents as callable from any thread; the queue of new transfers is behind a `Mutex`.
final class CurlMultiLoop: @unchecked Sendable {
    /// The process-wide loop, started on first use.
    static let shared = CurlMultiLoop()

    private let multi: UnsafeMutableRawPointer
    private let incoming = Mutex<[CurlTransfer]>([])

    private init() {
        curl_global_init(Int(CURL_GLOBAL_ALL))
        signal(SIGPIPE, SIG_IGN)
        multi = curl_multi_init()!
        // Reuse connections across sources on the same host; 64 idle connections kept at most.
        fh_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, 64)
        let thread = Thread { [self] in Self.run(multi: multi, loop: self) }
        thread.name = "feedhub-curl"
        thread.start()
    }

    /// Runs `transfer` to completion and returns libcurl's result code. Cancelling the task aborts it.
    func perform(_ transfer: CurlTransfer) async -> CURLcode {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                transfer.continuation = continuation
                incoming.withLock { $0.append(transfer) }
                curl_multi_wakeup(multi)
            }
        } onCancel: {
            transfer.cancelled.store(true, ordering: .relaxed)
            curl_multi_wakeup(multi)
        }
    }

    private func takeIncoming() -> [CurlTransfer] {
        incoming.withLock { queue in
            defer { queue.removeAll() }
            return queue
        }
    }

    private static func run(multi: UnsafeMutableRawPointer, loop: CurlMultiLoop) {
        var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
        var stillRunning: Int32 = 0
        while true {
            for transfer in loop.takeIncoming() {
                if curl_multi_add_handle(multi, transfer.handle) == CURLM_OK {
                    active[transfer.handle] = transfer
                } else {
                    transfer.finish(CURLE_FAILED_INIT)
                }
            }
            curl_multi_perform(multi, &stillRunning)
            var left: Int32 = 0
            while let message = curl_multi_info_read(multi, &left) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                let code = fh_curl_msg_result(message)
                curl_multi_remove_handle(multi, easy)
                active.removeValue(forKey: easy)?.finish(code)
            }
            // Cancelled transfers are aborted by their progress callback during curl_multi_perform.
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }
}
