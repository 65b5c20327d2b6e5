/// Why an editor's action was refused. Nothing is written when one is thrown.
public enum CurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No story has this number or id.
    case storyNotFound(String)
    /// The action does not apply to the story as it is now (approve a published story, split a story
    /// with one outlet, merge a story into itself).
    case conflict(story: Int64, message: String)
    /// A value is not acceptable (an empty title, a summary too long).
    case invalid(field: String, message: String)
    /// No editor has this name.
    case unknownEditor(String)
    /// An editor with this name already exists.
    case editorExists(String)
    /// The article to add by hand could not be fetched or read.
    case unreadablePage(url: String, message: String)
    /// The article to add by hand is already stored.
    case alreadyStored(url: String, story: Int64)

    /// A stable key for logs and the API.
    public var code: String {
        switch self {
        case .storyNotFound: "curation.not_found"
        case .conflict: "curation.conflict"
        case .invalid: "curation.invalid"
        case .unknownEditor: "curation.unknown_editor"
        case .editorExists: "curation.editor_exists"
        case .unreadablePage: "curation.unreadable_page"
        case .alreadyStored: "curation.already_stored"
        }
    }

    /// One line: what was refused and what to do.
    public var description: String {
        switch self {
        case .storyNotFound(let id): "no story \(id); list them with `feedhub items list`"
        case .conflict(let story, let message): "story \(story): \(message)"
        case .invalid(let field, let message): "\(field): \(message)"
        case .unknownEditor(let name): "no editor named '\(name)'; add one with `feedhub editors add \(name)`"
        case .editorExists(let name): "an editor named '\(name)' already exists; remove it first to issue a new token"
        case .unreadablePage(let url, let message): "cannot read \(url): \(message)"
        case .alreadyStored(let url, let story): "\(url) is already stored as story \(story)"
        }
    }
}
