/// An open-addressing map from pointers to small integers, for libxml2's interned names: libxml2 hands
/// out one pointer per distinct name for the whole parse, so a name is identified without hashing its text.
///
/// Noncopyable, with manual memory, like ``FlatArray``: no reference counting or uniqueness checks on the
/// per-element lookup.
struct PointerTable: ~Copyable {
    private var keys: UnsafeMutablePointer<UInt>  // 0 marks an empty slot
    private var values: UnsafeMutablePointer<Int32>
    private var mask: Int
    private var count = 0

    init(capacity: Int = 256) {
        var size = 16
        while size < capacity { size *= 2 }
        mask = size - 1
        keys = .allocate(capacity: size)
        keys.initialize(repeating: 0, count: size)
        values = .allocate(capacity: size)
        values.initialize(repeating: 0, count: size)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    @inline(__always)
    private func slot(_ key: UInt) -> Int {
        // Names sit a few bytes apart in libxml2's pools: mix the bits so neighbours spread out.
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    /// The value for `key`, if any.
    @inline(__always)
    func value(for pointer: UnsafeRawPointer) -> Int32? {
        let key = UInt(bitPattern: pointer)
        var i = slot(key)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// Stores `value` for `key`.
    mutating func set(_ value: Int32, for pointer: UnsafeRawPointer) {
        if (count + 1) * 2 > mask + 1 { grow() }
        let key = UInt(bitPattern: pointer)
        var i = slot(key)
        while keys[i] != 0, keys[i] != key { i = (i + 1) & mask }
        if keys[i] == 0 { count += 1 }
        keys[i] = key
        values[i] = value
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        let oldSize = mask + 1
        let size = oldSize * 2
        mask = size - 1
        keys = .allocate(capacity: size)
        keys.initialize(repeating: 0, count: size)
        values = .allocate(capacity: size)
        values.initialize(repeating: 0, count: size)
        for j in 0..<oldSize where oldKeys[j] != 0 {
            var i = slot(oldKeys[j])
            while keys[i] != 0 { i = (i + 1) & mask }
            keys[i] = oldKeys[j]
            values[i] = oldValues[j]
        }
        oldKeys.deallocate()
        oldValues.deallocate()
    }
}
