/// A growable byte buffer with manual memory, for the hot SAX text path (no array uniqueness or
/// exclusivity checks per append).
///
/// Owned by exactly one ``SAXTreeBuilder`` and used only inside its synchronous parse; the owner calls
/// ``deallocate()`` in its deinit.
/// Mutable state is `@exclusivity(unchecked)` for the reason given on ``SAXTreeBuilder``.
final class ByteBuffer {
    @exclusivity(unchecked) private var storage: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private(set) var count = 0

    init(capacity: Int = 4096) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    /// The bytes gathered so far (valid until the next append or removal).
    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }

    /// Appends bytes, growing geometrically.
    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        let needed = count + bytes.count
        if needed > capacity { grow(to: needed) }
        (storage + count).update(from: bytes.baseAddress!, count: bytes.count)
        count = needed
    }

    /// Forgets the contents, keeping the memory.
    func removeAll() { count = 0 }

    /// Frees the memory; the buffer must not be used afterwards.
    func deallocate() { storage.deallocate() }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: storage, count: count)
        storage.deallocate()
        storage = bigger
        capacity = newCapacity
    }
}
