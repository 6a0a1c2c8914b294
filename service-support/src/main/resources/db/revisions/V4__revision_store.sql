-- The revision store (issue 14), the same in every service: Flyway runs it from service-support's
-- jar (quarkus.flyway.locations includes db/revisions) with the placeholder resource_table naming
-- the service's resource table. Version numbers are shared with the service's own db/migration:
-- the next migration of either folder takes the next free number (Flyway refuses a duplicate).

-- Deletes are soft (AIP-164): a deleted record keeps its row, and its child rows, for Undelete.
ALTER TABLE ${resource_table} ADD COLUMN delete_time timestamptz;

-- The one row that orders revisions. Each revision takes the next sequence number by updating
-- it, and the row lock that update takes is held until the writing transaction ends: so
-- revisions are numbered in the order their transactions commit, without gaps (a rolled-back
-- transaction gives its number back), and a reader that sees revision n can rely on every
-- revision below n being visible to it already. The engine appends the revision as the last
-- statement of a write, so the lock is held only for the commit itself.
CREATE TABLE revision_clock (
    only_row         boolean     PRIMARY KEY DEFAULT true CHECK (only_row),
    last_sequence    bigint      NOT NULL,
    last_commit_time timestamptz NOT NULL,
    -- Identifies this database's feed in resume tokens: a token of another service or database
    -- names another feed and is refused instead of being read as a position in this one.
    feed_id          uuid        NOT NULL
);
INSERT INTO revision_clock (last_sequence, last_commit_time, feed_id)
    VALUES (0, '-infinity', gen_random_uuid());

-- Every revision of every record: the record as it stood after a create, update, delete or
-- undelete (for a delete, as it was, with delete_time set), who made the change and why.
CREATE TABLE revisions (
    -- Commit order, from revision_clock; also the revision id the API shows.
    sequence       bigint      PRIMARY KEY,
    resource_id    text        NOT NULL,
    change_kind    text        NOT NULL CHECK (change_kind IN ('CREATED', 'UPDATED', 'DELETED', 'UNDELETED')),
    -- The resource message (protobuf binary encoding) after the change.
    resource       bytea       NOT NULL,
    -- Top-level field names whose values differ from the revision before.
    changed_fields text[]      NOT NULL,
    author_issuer  text        NOT NULL,
    author_subject text        NOT NULL,
    author_name    text,
    reason         text        CHECK (char_length(reason) <= 500),
    request_id     uuid,
    -- From revision_clock: strictly increasing with sequence.
    commit_time    timestamptz NOT NULL
);
-- A record's history, newest first; as-of reads (the last revision at or before a time).
CREATE INDEX revisions_of_resource ON revisions (resource_id, sequence);
-- A write retried with its request_id finds the first one's revision (and a race trips this).
CREATE UNIQUE INDEX revisions_request_id ON revisions (resource_id, request_id) WHERE request_id IS NOT NULL;

CREATE FUNCTION revisions_in_commit_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE revision_clock
       SET last_sequence = last_sequence + 1,
           last_commit_time = greatest(clock_timestamp(), last_commit_time + interval '1 microsecond')
     RETURNING last_sequence, last_commit_time INTO NEW.sequence, NEW.commit_time;
    -- Delivered at commit (and not at all on rollback): wakes the service's change-feed watchers.
    PERFORM pg_notify('revisions', NEW.sequence::text);
    RETURN NEW;
END;
$$;

CREATE TRIGGER revisions_in_commit_order
    BEFORE INSERT ON revisions
    FOR EACH ROW EXECUTE FUNCTION revisions_in_commit_order();

-- Append-only in the database, not only in the service.
CREATE FUNCTION revisions_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'revisions is append-only: % refused', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER revisions_append_only
    BEFORE UPDATE OR DELETE ON revisions
    FOR EACH ROW EXECUTE FUNCTION revisions_append_only();

CREATE TRIGGER revisions_never_truncated
    BEFORE TRUNCATE ON revisions
    FOR EACH STATEMENT EXECUTE FUNCTION revisions_append_only();
