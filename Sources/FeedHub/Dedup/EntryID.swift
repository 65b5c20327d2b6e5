/// A story's permanent id (its Atom entry id): `<feed.id>:story:<16 hex digits>`, from its first outlet's
/// name and its identity for the item, minted once when the story is created and never changed.
/// Pure: a backend takes the first of ``candidates(feedID:sourceName:identity:)`` that no story holds yet
/// (a hash collision, or the same outlet and identity under two stories after a split, gets `-2`, `-3`, …).
public enum EntryID {
    /// The ids to try, in order: the base, then the base with `-2`, `-3`, … (endless; take the first free one).
    public static func candidates(feedID: String, sourceName: String, identity: String) -> some Sequence<String> {
        let base = "\(feedID):story:" + String(TextFingerprint.hash(sourceName + "\n" + identity), radix: 16)
        return sequence(first: (1, base)) { n, _ in (n + 1, "\(base)-\(n + 1)") }.lazy.map(\.1)
    }
}
