public import Foundation
internal import GRDB

/// An editor as `feedhub editors list` shows them (never their token).
public struct EditorInfo: Sendable, Hashable, Codable {
    /// The name recorded in the audit log.
    public var name: String
    /// When the editor was added.
    public var createdAt: Date
}

/// A signed-in editor on the admin page.
public struct EditorSession: Sendable, Hashable {
    /// The editor's name.
    public var editor: String
    /// The token every form of this session must carry (CSRF protection).
    public var csrf: String
}

extension SQLiteStore {
    /// Adds an editor and returns their token: shown once, never stored (only its SHA-256 is).
    /// - Throws: ``CurationError/editorExists(_:)``, ``CurationError/invalid(field:message:)``, ``StorageError``.
    public func addEditor(named name: String, at date: Date) async throws -> String {
        let name = try CurationText.required(name, field: "editor name", limit: 80)
        let token = Secret.generate(prefix: "fh_")
        try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM editor WHERE name = ?", arguments: [name]) == true {
                throw CurationError.editorExists(name)
            }
            try db.execute(
                sql: "INSERT INTO editor (name, tokenHash, createdAt) VALUES (?, ?, ?)",
                arguments: [name, Data(Secret.hash(token)), date.timeIntervalSince1970])
        }
        return token
    }

    /// Every editor, by name.
    /// - Throws: ``StorageError``.
    public func editors() async throws -> [EditorInfo] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT name, createdAt FROM editor ORDER BY name").map {
                EditorInfo(name: $0["name"], createdAt: Date(timeIntervalSince1970: $0["createdAt"]))
            }
        }
    }

    /// Removes an editor: their token and sessions stop working at once; their audit lines stay.
    /// - Throws: ``CurationError/unknownEditor(_:)``, ``StorageError``.
    public func removeEditor(named name: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM editor WHERE name = ?", arguments: [name])
            if db.changesCount == 0 { throw CurationError.unknownEditor(name) }
        }
    }

    /// The editor whose token this is, or `nil`. Every stored hash is compared, in constant time, so
    /// the answer's timing says nothing about which (or how much of a) token matched.
    /// - Throws: ``StorageError``.
    public func editor(forToken token: String) async throws -> String? {
        let hash = Secret.hash(token)
        return try await read { db in
            var found: String?
            for row in try Row.fetchAll(db, sql: "SELECT name, tokenHash FROM editor")
            where Secret.constantTimeEquals(Array(row["tokenHash"] as Data), hash) {
                found = row["name"]
            }
            return found
        }
    }

    /// Opens an admin page session for `editor`, valid for `lifetime`; returns its secret (the cookie).
    /// - Throws: ``CurationError/unknownEditor(_:)``, ``StorageError``.
    public func openSession(editor: String, lifetime: Duration, at date: Date) async throws -> String {
        let secret = Secret.generate()
        let now = date.timeIntervalSince1970
        try await write { db in
            guard let editorID = try Int64.fetchOne(db, sql: "SELECT id FROM editor WHERE name = ?", arguments: [editor]) else {
                throw CurationError.unknownEditor(editor)
            }
            try db.execute(sql: "DELETE FROM editorSession WHERE expiresAt <= ?", arguments: [now])
            try db.execute(
                sql: "INSERT INTO editorSession (editorID, secretHash, csrf, createdAt, expiresAt) VALUES (?, ?, ?, ?, ?)",
                arguments: [editorID, Data(Secret.hash(secret)), Secret.generate(), now, now + Double(lifetime.components.seconds)])
        }
        return secret
    }

    /// The live session with this secret, or `nil` (unknown, expired, or its editor removed).
    /// - Throws: ``StorageError``.
    public func session(secret: String, at date: Date) async throws -> EditorSession? {
        try await read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT editor.name, editorSession.csrf FROM editorSession JOIN editor ON editor.id = editorSession.editorID
                    WHERE editorSession.secretHash = ? AND editorSession.expiresAt > ?
                    """, arguments: [Data(Secret.hash(secret)), date.timeIntervalSince1970]
            ).map { EditorSession(editor: $0["name"], csrf: $0["csrf"]) }
        }
    }

    /// Ends a session (sign out).
    /// - Throws: ``StorageError``.
    public func closeSession(secret: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM editorSession WHERE secretHash = ?", arguments: [Data(Secret.hash(secret))])
        }
    }
}
