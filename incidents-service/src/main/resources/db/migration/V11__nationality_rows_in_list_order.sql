-- A List page filtered by one victim nationality, read in the List's order (issue 12). The page
-- walked the order index (occurred_start, id) and looked up each incident's nationality rows:
-- 1,190 lookups for a page of 101 incidents with Chinese victims at 1M incidents (5.9 ms of SQL).
-- Each nationality row now carries a copy of its incident's occurred_start, indexed in the List's
-- order under the nationality, so PostgreSQL merges the two indexes (a merge semi join on
-- (occurred_start, id)) and reads the page's 101 nationality rows instead of looking up 1,190
-- (2.2 ms). IncidentSqlFilter states the copy equal to the incident's column, and the page's
-- date bounds and cursor again on it, when it reads the live tables (SqlConditions.existsRow).
--
-- The copy is kept by the triggers below, whoever writes with the triggers on (the service, an
-- import, SQL by hand); after a bulk load with them off (session_replication_role = replica, as
-- V7 describes for the counts: the benchmark's data script), incident_nationality_copies_rebuild()
-- makes the copies anew. It stays nullable: PastRecords restores records into scratch tables made
-- LIKE these ones, without triggers, whose rows (written by Hibernate, which does not map the
-- copy) leave it NULL; the reads over those tables do not use it.
ALTER TABLE incident_nationality_casualties ADD COLUMN occurred_start date;

CREATE FUNCTION incident_nationality_copies_rebuild() RETURNS void
LANGUAGE sql SET search_path FROM CURRENT AS $$
    UPDATE incident_nationality_casualties n SET occurred_start = i.occurred_start
      FROM incidents i WHERE i.id = n.incident_id AND n.occurred_start IS DISTINCT FROM i.occurred_start;
$$;

SELECT incident_nationality_copies_rebuild();

CREATE INDEX incident_nationality_order ON incident_nationality_casualties (country_code, occurred_start, incident_id);

-- A row written takes its incident's date (an insert, or a row moved to another incident by hand;
-- a copy set by hand is overwritten). The incident is read FOR SHARE, so that a concurrent change
-- of its date (which moves the rows it sees, below) cannot leave this row with the date before it.
-- It is the lock V9's counting trigger takes next on a live incident (BEFORE ROW triggers fire in
-- name order, and this one's name sorts first), so the locks are taken in the order they were.
CREATE FUNCTION incident_nationality_occurred_start() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    NEW.occurred_start := (SELECT i.occurred_start FROM incidents i WHERE i.id = NEW.incident_id FOR SHARE);
    RETURN NEW;
END;
$$;

CREATE TRIGGER incident_nationality_occurred_start
    BEFORE INSERT OR UPDATE ON incident_nationality_casualties
    FOR EACH ROW EXECUTE FUNCTION incident_nationality_occurred_start();

-- An incident whose date moved takes its rows along. It updates them while it holds the incident,
-- as the service's own update of an incident and its rows does; an UPDATE of nationality rows by
-- hand, which locks a row and then (V9) the incident, can deadlock with it (PostgreSQL then aborts
-- one of the two), as it could already with a hard delete of the incident.
CREATE FUNCTION incident_nationality_occurred_start_moved() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE incident_nationality_casualties SET occurred_start = NEW.occurred_start WHERE incident_id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER incident_nationality_occurred_start_moved
    AFTER UPDATE OF occurred_start ON incidents
    FOR EACH ROW WHEN (OLD.occurred_start IS DISTINCT FROM NEW.occurred_start)
    EXECUTE FUNCTION incident_nationality_occurred_start_moved();
