/// A growable array with manual memory, for the hot SAX paths: no copy-on-write uniqueness checks, no
/// exclusivity checks and no reference counting per access.
///
/// Noncopyable, so exactly one owner (an ``XTree`` or a ``SAXTreeBuilder``) frees it. Used only inside one
/// synchronous parse; a buffer from ``buffer`` or ``buffer(_:)`` is valid until the next append or removal.
struct FlatArray<Element>: ~Copyable {
    private var storage: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 64) {
        self.capacity = max(capacity, 1)
        storage = .allocate(capacity: self.capacity)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    subscript(_ index: Int) -> Element {
        @inline(__always) get { storage[index] }
        @inline(__always) set { storage[index] = newValue }
    }

    /// The last element; the array must not be empty.
    var last: Element { storage[count - 1] }

    var isEmpty: Bool { count == 0 }

    /// Appends one element, growing geometrically.
    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow(to: count + 1) }
        (storage + count).initialize(to: element)
        count += 1
    }

    /// Removes and returns the last element; the array must not be empty.
    mutating func removeLast() -> Element {
        count -= 1
        return (storage + count).move()
    }

    /// Drops the elements from `newCount` on, keeping the memory.
    mutating func truncate(to newCount: Int) {
        guard newCount < count else { return }
        (storage + newCount).deinitialize(count: count - newCount)
        count = newCount
    }

    fileprivate mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        bigger.moveInitialize(from: storage, count: count)
        storage.deallocate()
        storage = bigger
        capacity = newCapacity
    }

    fileprivate var base: UnsafeMutablePointer<Element> { storage }
}

extension FlatArray where Element == UInt8 {
    /// All the bytes.
    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// The bytes in `range`.
    @inline(__always)
    func buffer(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// Appends bytes, growing geometrically.
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        let needed = count + bytes.count
        if needed > capacity { grow(to: needed) }
        (base + count).initialize(from: source, count: bytes.count)
        count = needed
    }
}
