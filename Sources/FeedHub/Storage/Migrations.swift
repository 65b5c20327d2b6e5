internal import GRDB

/// The schema's history. A shipped migration is never edited: changes are new migrations.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE source (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        configURL TEXT NOT NULL,
                        currentURL TEXT NOT NULL,
                        etag TEXT,
                        lastModified TEXT,
                        lastOutcome TEXT,
                        lastMessage TEXT,
                        lastAttemptAt REAL,
                        lastSuccessAt REAL,
                        failures INTEGER NOT NULL DEFAULT 0,
                        nextAttemptAt REAL
                    );
                    CREATE TABLE story (
                        id INTEGER PRIMARY KEY,
                        entryID TEXT NOT NULL UNIQUE,
                        primaryItemID INTEGER,
                        status TEXT NOT NULL,
                        pinned INTEGER NOT NULL DEFAULT 0,
                        rule TEXT NOT NULL,
                        published REAL NOT NULL,
                        createdAt REAL NOT NULL,
                        updatedAt REAL NOT NULL
                    );
                    CREATE INDEX story_published ON story(published);
                    CREATE TABLE item (
                        id INTEGER PRIMARY KEY,
                        sourceID INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                        storyID INTEGER NOT NULL REFERENCES story(id),
                        identity TEXT NOT NULL,
                        guid TEXT,
                        link TEXT,
                        canonicalURL TEXT,
                        title TEXT NOT NULL,
                        summary TEXT,
                        content TEXT,
                        author TEXT,
                        published REAL NOT NULL,
                        updated REAL,
                        fingerprint BLOB NOT NULL,
                        relevant INTEGER NOT NULL,
                        rule TEXT NOT NULL,
                        firstSeenAt REAL NOT NULL,
                        changedAt REAL NOT NULL,
                        UNIQUE(sourceID, identity)
                    );
                    CREATE INDEX item_canonicalURL ON item(canonicalURL);
                    CREATE INDEX item_story ON item(storyID);
                    CREATE INDEX item_published ON item(published);
                    CREATE TABLE fetchLog (
                        id INTEGER PRIMARY KEY,
                        sourceID INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                        startedAt REAL NOT NULL,
                        seconds REAL NOT NULL,
                        outcome TEXT NOT NULL,
                        message TEXT,
                        newItems INTEGER NOT NULL,
                        updatedItems INTEGER NOT NULL,
                        mergedItems INTEGER NOT NULL,
                        offTopicItems INTEGER NOT NULL
                    );
                    CREATE INDEX fetchLog_source ON fetchLog(sourceID, startedAt);
                    """)
        }
        migrator.registerMigration("v2: item categories") { db in
            // A JSON array of strings; items stored before v2 have none.
            try db.execute(sql: "ALTER TABLE item ADD COLUMN categories TEXT NOT NULL DEFAULT '[]'")
        }
        migrator.registerMigration("v3: curation") { db in
            try db.execute(
                sql: """
                    ALTER TABLE story ADD COLUMN publishedAt REAL;
                    ALTER TABLE story ADD COLUMN withdrawnAt REAL;
                    ALTER TABLE story ADD COLUMN mergedInto INTEGER REFERENCES story(id);
                    ALTER TABLE story ADD COLUMN editedTitle TEXT;
                    ALTER TABLE story ADD COLUMN editedSummary TEXT;
                    ALTER TABLE story ADD COLUMN editedAt REAL;
                    ALTER TABLE story ADD COLUMN editBaseTitle TEXT;
                    ALTER TABLE story ADD COLUMN editBaseSummary TEXT;
                    ALTER TABLE story ADD COLUMN reason TEXT;
                    ALTER TABLE item ADD COLUMN mergedFrom INTEGER REFERENCES story(id);
                    UPDATE story SET publishedAt = createdAt WHERE status = 'published';
                    CREATE INDEX story_status ON story(status);
                    CREATE TABLE editor (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        tokenHash BLOB NOT NULL,
                        createdAt REAL NOT NULL
                    );
                    CREATE TABLE editorSession (
                        id INTEGER PRIMARY KEY,
                        editorID INTEGER NOT NULL REFERENCES editor(id) ON DELETE CASCADE,
                        secretHash BLOB NOT NULL UNIQUE,
                        csrf TEXT NOT NULL,
                        createdAt REAL NOT NULL,
                        expiresAt REAL NOT NULL
                    );
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY,
                        storyID INTEGER NOT NULL REFERENCES story(id),
                        editor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        at REAL NOT NULL,
                        before TEXT,
                        after TEXT,
                        reason TEXT
                    );
                    CREATE INDEX audit_story ON audit(storyID, id);
                    """)
        }
        migrator.registerMigration("v4: change counter") { db in
            // `version` grows with every committed write of any process: servers and daemons poll it.
            try db.execute(
                sql: """
                    CREATE TABLE changeCounter (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
                    INSERT INTO changeCounter (id, version) VALUES (1, 0);
                    """)
        }
        migrator.registerMigration("v5: near-duplicate index") { db in
            // Keys of relevant items (NearDuplicateKeys), looked up by key within a publication window.
            try db.execute(
                sql: """
                    CREATE TABLE dedupKey (
                        key INTEGER NOT NULL,
                        published REAL NOT NULL,
                        itemID INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,
                        PRIMARY KEY (key, published, itemID)
                    ) WITHOUT ROWID;
                    """)
            let rows = try Row.fetchCursor(db, sql: "SELECT id, published, fingerprint FROM item WHERE relevant = 1")
            let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO dedupKey (key, published, itemID) VALUES (?, ?, ?)")
            while let row = try rows.next() {
                guard let fingerprint = TextFingerprint(blob: row["fingerprint"]) else { continue }
                for key in NearDuplicateKeys.keys(fingerprint) {
                    try insert.execute(arguments: [key, row["published"] as Double, row["id"] as Int64])
                }
            }
        }
        migrator.registerMigration("v6: recent near-duplicate keys") { db in
            // New keys land here, in a tree that stays small, and move into dedupKey in sorted batches
            // (SQLiteStore.index(_:limit:db:)): a commit then dirties the pages of a small tree, not random
            // pages all over the archive's index. `dedupKeyRecentSize.keys` counts the keys added since the last move.
            try db.execute(
                sql: """
                    CREATE TABLE dedupKeyRecent (
                        key INTEGER NOT NULL,
                        published REAL NOT NULL,
                        itemID INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,
                        PRIMARY KEY (key, published, itemID)
                    ) WITHOUT ROWID;
                    CREATE TABLE dedupKeyRecentSize (id INTEGER PRIMARY KEY CHECK (id = 1), keys INTEGER NOT NULL);
                    INSERT INTO dedupKeyRecentSize (id, keys) VALUES (1, 0);
                    """)
        }
        migrator.registerMigration("v7: near-duplicate keys without a foreign key") { db in
            // The key tables drop `REFERENCES item(id)`: the check cost a lookup in `item` for every key
            // written, twice (into dedupKeyRecent, then into dedupKey), a third of the index's cost. Items are
            // never deleted; code that ever deletes one removes its keys first (forgetCandidate).
            for table in ["dedupKey", "dedupKeyRecent"] {
                try db.execute(
                    sql: """
                        CREATE TABLE \(table)New (
                            key INTEGER NOT NULL,
                            published REAL NOT NULL,
                            itemID INTEGER NOT NULL,
                            PRIMARY KEY (key, published, itemID)
                        ) WITHOUT ROWID;
                        INSERT INTO \(table)New (key, published, itemID) SELECT key, published, itemID FROM \(table) ORDER BY 1, 2, 3;
                        DROP TABLE \(table);
                        ALTER TABLE \(table)New RENAME TO \(table);
                        """)
            }
        }
        migrator.registerMigration("v8: log-structured near-duplicate index") { db in
            // dedupKeyRecent becomes a plain append-only table (a key costs an append, not an insert into a
            // tree), and the sorted level becomes runs of chunks written once (SQLiteStore+Runs.swift): the
            // keys of dedupKey and of the old dedupKeyRecent become the first run. Each process mirrors the
            // recent keys and knows the runs (SQLiteStore.withIndexCache), checked in every write transaction
            // against two tokens: a trigger draws a random `version` on every change of the key count and a
            // random `moves` on every move into a run, whichever code (or binary) writes. Random, so that a
            // rolled-back write and a later one can never leave the same value.
            try db.execute(
                sql: """
                    CREATE TABLE dedupRun (id INTEGER PRIMARY KEY, keys INTEGER NOT NULL);
                    CREATE TABLE dedupChunk (
                        id INTEGER PRIMARY KEY,
                        run INTEGER NOT NULL REFERENCES dedupRun(id),
                        firstKey INTEGER NOT NULL,
                        postings BLOB NOT NULL
                    );
                    CREATE INDEX dedupChunk_run ON dedupChunk(run, firstKey);
                    """)
            let old = try Row.fetchCursor(
                db,
                sql: """
                    SELECT key, published, itemID FROM dedupKey UNION SELECT key, published, itemID FROM dedupKeyRecent
                    ORDER BY 1, 2, 3
                    """)
            var run = try SQLiteStore.RunWriter(db: db, capacity: 0)  // its cache is not kept: processes read it
            while let row = try old.next() { try run.append(Posting(key: row[0], published: row[1], itemID: row[2])) }
            try run.finish()
            try db.execute(
                sql: """
                    DROP TABLE dedupKey;
                    DROP TABLE dedupKeyRecent;
                    CREATE TABLE dedupKeyRecent (key INTEGER NOT NULL, published REAL NOT NULL, itemID INTEGER NOT NULL);
                    ALTER TABLE dedupKeyRecentSize ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE dedupKeyRecentSize ADD COLUMN moves INTEGER NOT NULL DEFAULT 0;
                    CREATE TRIGGER dedupKeyTokens AFTER UPDATE OF keys ON dedupKeyRecentSize BEGIN
                        UPDATE dedupKeyRecentSize SET version = random(),
                            moves = CASE WHEN NEW.keys < OLD.keys THEN random() ELSE moves END
                        WHERE id = NEW.id;
                    END;
                    UPDATE dedupKeyRecentSize SET keys = 0 WHERE id = 1;
                    """)
        }
        migrator.registerMigration("v9: one index in feed order") { db in
            // Stories are listed by status in feed order (pinned, newest, id): one index serves that order
            // with its LIMIT, where `story_status` left a sort of every published story and `story_published`
            // served no query. `item_published` served the near-duplicate scan that the index replaced. Each
            // index dropped is one page fewer that every new item writes at a random place.
            try db.execute(
                sql: """
                    DROP INDEX story_status;
                    DROP INDEX story_published;
                    DROP INDEX item_published;
                    CREATE INDEX story_feedOrder ON story(status, pinned, published, id);
                    """)
        }
        return migrator
    }
}
