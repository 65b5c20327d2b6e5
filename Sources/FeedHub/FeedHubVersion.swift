/// FeedHub's version, as sent in the `User-Agent` and printed by `feedhub --version`.
public enum FeedHubVersion {
    /// The current version.
    public static let current = "0.2.0"
}
