/// The elements of one document as flat arrays: nodes, attributes and bytes, indexed by position.
///
/// ``SAXTreeBuilder`` fills it; ``XElement`` views read it. Only one entry's subtree (plus the channel-level
/// elements) is kept at a time: when an entry has been mapped, the builder truncates every array back to
/// where the entry began, so the memory is reused and nothing is freed per element.
/// Mutable state is `@exclusivity(unchecked)` for the reason given on ``SAXTreeBuilder``.
final class XTree {
    /// One element. Trivial (no references), so the node array needs no reference counting.
    struct Node {
        var ns: Namespace
        /// Index into ``names``.
        var name: Int32
        var line: Int32
        /// Index into ``bases`` / ``langs``, or -1 when none applies.
        var base: Int32
        var lang: Int32
        var firstAttribute: Int32
        var attributeCount: Int32
        /// Element children, linked through ``next``; -1 when none.
        var firstChild: Int32 = -1
        var lastChild: Int32 = -1
        var next: Int32 = -1
        var childCount: Int32 = 0
        /// The element's own text (children's text not included) in ``bytes``.
        var textStart = 0
        var textCount = 0
        /// Where in its parent's own text this element began (for mixed content).
        var offsetInParent = 0
    }

    /// One attribute; the value (entities decoded) is in ``bytes``.
    struct Attribute {
        var ns: Namespace
        var name: Int32
        var valueStart: Int
        var valueCount: Int
    }

    @exclusivity(unchecked) var nodes = FlatArray<Node>(capacity: 256)
    @exclusivity(unchecked) var attributes = FlatArray<Attribute>(capacity: 256)
    @exclusivity(unchecked) var bytes = FlatArray<UInt8>(capacity: 16 * 1024)
    /// Interned element and attribute names (for the whole parse).
    @exclusivity(unchecked) var names = FlatArray<String>(capacity: 128)
    /// Effective base URLs and languages, shared by every element that inherits them.
    @exclusivity(unchecked) var bases = FlatArray<BaseURL>(capacity: 16)
    @exclusivity(unchecked) var langs = FlatArray<String>(capacity: 16)

    /// An effective base URL, split once for every reference resolved against it.
    struct BaseURL {
        let url: String
        let parsed: URLResolver.Base?

        init(_ url: String) {
            self.url = url
            parsed = URLResolver.Base(url)
        }
    }

    /// The sizes of the arrays, to truncate back to after an entry.
    struct Mark {
        var nodes: Int
        var attributes: Int
        var bytes: Int
        var bases: Int
        var langs: Int
    }

    var mark: Mark { Mark(nodes: nodes.count, attributes: attributes.count, bytes: bytes.count, bases: bases.count, langs: langs.count) }

    /// Forgets everything added after `mark`.
    func truncate(to mark: Mark) {
        nodes.truncate(to: mark.nodes)
        attributes.truncate(to: mark.attributes)
        bytes.truncate(to: mark.bytes)
        bases.truncate(to: mark.bases)
        langs.truncate(to: mark.langs)
    }

    /// The element at `index`.
    func element(_ index: Int32) -> XElement { XElement(tree: self, index: index) }
}
