-- SummarizeIncidents grouped by victim nationality with a victim nationality filter from counts too
-- (issue 12): "of the incidents with Chinese victims, how many also had Pakistani victims, and how
-- many of those were killed". The groups need each incident's other nationalities, so the live
-- incidents are counted per pair of two different nationalities they list. The pair of a
-- nationality with itself is incident_nationality_summary_counts' row, not repeated here: an
-- incident listing one nationality (most do) adds no pair row, so a create costs what it did.
-- At 1M incidents of the benchmark's spread (a third list victims' nationalities, one in seven of
-- those two) the table has about as many rows as incident_nationality_summary_counts.

-- The live incidents that list victims of country_code (the filter) and of with_country_code (the
-- group), by the incidents' key of incident_summary_counts; the victims are with_country_code's.
CREATE TABLE incident_nationality_pair_summary_counts (
    country_code       char(2) NOT NULL,
    with_country_code  char(2) NOT NULL,
    occurred_year      integer NOT NULL,
    place_province     text    NOT NULL,
    place_country_code char(2) NOT NULL,
    incident_type      text    NOT NULL,
    status             text    NOT NULL,
    killed_best        integer NOT NULL,
    incidents          bigint  NOT NULL,
    victims_killed     bigint  NOT NULL,
    victims_injured    bigint  NOT NULL,
    PRIMARY KEY (country_code, with_country_code, occurred_year, place_province, place_country_code, incident_type,
                 status, killed_best)
);

-- Adds (sign 1) or takes away (sign -1) the two pairs of two nationality rows of the live
-- incident `r` (each counts the other's victims), in the incident's group as `r` has it. The
-- service lets an incident list a nationality once; two rows of one nationality written by hand
-- make no pair (every caller skips them alike, so they are never added or taken away). Its
-- callers hold the lock of that group's incident_summary_counts row, as the nationality counts'
-- writers do (V7), so writers of these rows cannot deadlock either.
CREATE FUNCTION incident_nationality_pair_summary_count(r incidents, a incident_nationality_casualties,
        b incident_nationality_casualties, sign integer) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO incident_nationality_pair_summary_counts AS c (country_code, with_country_code, occurred_year,
            place_province, place_country_code, incident_type, status, killed_best, incidents, victims_killed,
            victims_injured)
        VALUES (a.country_code, b.country_code, r.occurred_year, r.place_province, r.place_country_code,
                r.incident_type, r.status, r.killed_best, sign, sign * b.killed, sign * b.injured),
               (b.country_code, a.country_code, r.occurred_year, r.place_province, r.place_country_code,
                r.incident_type, r.status, r.killed_best, sign, sign * a.killed, sign * a.injured)
        ON CONFLICT (country_code, with_country_code, occurred_year, place_province, place_country_code,
                incident_type, status, killed_best)
        DO UPDATE SET incidents = c.incidents + excluded.incidents,
            victims_killed = c.victims_killed + excluded.victims_killed,
            victims_injured = c.victims_injured + excluded.victims_injured;
END;
$$;

-- As in V8, with the pairs of the incident's nationality rows as they stand now.
CREATE OR REPLACE FUNCTION incident_summary_count(r incidents, sign integer) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF r.delete_time IS NOT NULL THEN
        RETURN;
    END IF;
    INSERT INTO incident_summary_counts AS c (occurred_year, place_province, place_country_code, incident_type,
            status, killed_best, incidents, killed, injured)
        VALUES (r.occurred_year, r.place_province, r.place_country_code, r.incident_type, r.status, r.killed_best,
                sign, sign * r.killed_best, sign * r.injured_best)
        ON CONFLICT (occurred_year, place_province, place_country_code, incident_type, status, killed_best) DO UPDATE
        SET incidents = c.incidents + excluded.incidents, killed = c.killed + excluded.killed,
            injured = c.injured + excluded.injured;
    PERFORM incident_nationality_summary_count(r, n.country_code, n.killed, n.injured, sign)
       FROM incident_nationality_casualties n WHERE n.incident_id = r.id;
    PERFORM incident_nationality_pair_summary_count(r, a, b, sign)
       FROM incident_nationality_casualties a
       JOIN incident_nationality_casualties b ON b.incident_id = a.incident_id AND b.position > a.position
      WHERE a.incident_id = r.id AND b.country_code <> a.country_code;
END;
$$;

-- As in V8, the incident now held FOR SHARE before its group's count row is locked: a BEFORE ROW
-- trigger runs before the foreign key check locks the incident, and a writer of the nationality
-- rows by hand must take the incident's lock before the group's, as a hard delete of the incident
-- (FOR UPDATE, then its trigger locks the group) and the service (it updates the incident's row
-- first) do; held, the incident cannot move to another group before its rows are counted in this one.
CREATE OR REPLACE FUNCTION incident_summary_group(incident text) RETURNS incidents
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    r incidents;
BEGIN
    SELECT * INTO r FROM incidents WHERE id = incident AND delete_time IS NULL FOR SHARE;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM incident_summary_counts c
      WHERE (c.occurred_year, c.place_province, c.place_country_code, c.incident_type, c.status, c.killed_best)
          = (r.occurred_year, r.place_province, r.place_country_code, r.incident_type, r.status, r.killed_best)
      FOR UPDATE;
    RETURN r;
END;
$$;

-- A nationality row added, changed or removed, counted against its incident as the incident stands
-- (V7's rule), now with the row's pairs with the incident's other rows. This runs BEFORE each row
-- is written, where V7's counting ran after: a row-level AFTER trigger fires at the end of its
-- statement, when a statement deleting or inserting several rows of one incident has already
-- written all of them, and each row's trigger would pair it with the wrong set of others. Before
-- each row, the others are exactly the rows the statement has written so far (PostgreSQL's rule
-- for what a BEFORE ROW trigger sees), so every pair is added once and taken away once.
CREATE OR REPLACE FUNCTION incident_summary_counts_of_nationality() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    r incidents;
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.incident_id, OLD.country_code, OLD.killed, OLD.injured)
            IS NOT DISTINCT FROM (NEW.incident_id, NEW.country_code, NEW.killed, NEW.injured) THEN
        RETURN NEW; -- only the position changed: counted as before
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.incident_id <> NEW.incident_id THEN
        -- Moved to another incident (by hand): both incidents, then both groups' count rows, each
        -- in key order, as a moved incident locks its two groups (V8).
        PERFORM 1 FROM incidents i WHERE i.id IN (OLD.incident_id, NEW.incident_id) AND i.delete_time IS NULL
          ORDER BY i.id FOR SHARE;
        PERFORM 1 FROM incident_summary_counts c
          JOIN incidents i ON (i.occurred_year, i.place_province, i.place_country_code, i.incident_type, i.status,
                               i.killed_best)
                            = (c.occurred_year, c.place_province, c.place_country_code, c.incident_type, c.status,
                               c.killed_best)
         WHERE i.id IN (OLD.incident_id, NEW.incident_id) AND i.delete_time IS NULL
         ORDER BY c.occurred_year, c.place_province, c.place_country_code, c.incident_type, c.status, c.killed_best
           FOR UPDATE OF c;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := incident_summary_group(OLD.incident_id);
        IF r.id IS NOT NULL THEN
            PERFORM incident_nationality_summary_count(r, OLD.country_code, OLD.killed, OLD.injured, -1);
            PERFORM incident_nationality_pair_summary_count(r, OLD, other, -1)
               FROM incident_nationality_casualties other
              WHERE other.incident_id = OLD.incident_id AND other.position <> OLD.position
                AND other.country_code <> OLD.country_code;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := incident_summary_group(NEW.incident_id);
        IF r.id IS NOT NULL THEN
            PERFORM incident_nationality_summary_count(r, NEW.country_code, NEW.killed, NEW.injured, 1);
            -- An update's old row is still there, and is not one of the others (OLD is NULL on an insert).
            PERFORM incident_nationality_pair_summary_count(r, NEW, other, 1)
               FROM incident_nationality_casualties other
              WHERE other.incident_id = NEW.incident_id
                AND (other.incident_id, other.position) IS DISTINCT FROM (OLD.incident_id, OLD.position)
                AND other.country_code <> NEW.country_code;
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD; -- NULL would cancel the delete
    END IF;
    RETURN NEW;
END;
$$;

DROP TRIGGER incident_summary_counts_after_write ON incident_nationality_casualties;
CREATE TRIGGER incident_summary_counts_before_write
    BEFORE INSERT OR UPDATE OR DELETE ON incident_nationality_casualties
    FOR EACH ROW EXECUTE FUNCTION incident_summary_counts_of_nationality();

CREATE OR REPLACE FUNCTION incident_summary_counts_truncated() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_TABLE_NAME = 'incidents' THEN
        TRUNCATE incident_summary_counts;
    END IF;
    TRUNCATE incident_nationality_summary_counts, incident_nationality_pair_summary_counts;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION incident_summary_counts_rebuild() RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    -- Writers of incidents wait until the counts are whole again.
    LOCK TABLE incidents, incident_nationality_casualties IN SHARE MODE;
    DELETE FROM incident_summary_counts;
    DELETE FROM incident_nationality_summary_counts;
    DELETE FROM incident_nationality_pair_summary_counts;
    INSERT INTO incident_summary_counts (occurred_year, place_province, place_country_code, incident_type, status,
            killed_best, incidents, killed, injured)
        SELECT occurred_year, place_province, place_country_code, incident_type, status, killed_best,
               count(*), sum(killed_best), sum(injured_best)
          FROM incidents WHERE delete_time IS NULL
         GROUP BY 1, 2, 3, 4, 5, 6;
    INSERT INTO incident_nationality_summary_counts (country_code, occurred_year, place_province,
            place_country_code, incident_type, status, killed_best, incidents, victims_killed, victims_injured,
            incidents_killed, incidents_injured)
        SELECT n.country_code, i.occurred_year, i.place_province, i.place_country_code, i.incident_type, i.status,
               i.killed_best, count(*), sum(n.killed), sum(n.injured), sum(i.killed_best), sum(i.injured_best)
          FROM incidents i JOIN incident_nationality_casualties n ON n.incident_id = i.id
         WHERE i.delete_time IS NULL
         GROUP BY 1, 2, 3, 4, 5, 6, 7;
    INSERT INTO incident_nationality_pair_summary_counts (country_code, with_country_code, occurred_year,
            place_province, place_country_code, incident_type, status, killed_best, incidents, victims_killed,
            victims_injured)
        SELECT a.country_code, b.country_code, i.occurred_year, i.place_province, i.place_country_code,
               i.incident_type, i.status, i.killed_best, count(*), sum(b.killed), sum(b.injured)
          FROM incidents i
          JOIN incident_nationality_casualties a ON a.incident_id = i.id
          JOIN incident_nationality_casualties b ON b.incident_id = i.id AND b.country_code <> a.country_code
         WHERE i.delete_time IS NULL
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
END;
$$;

SELECT incident_summary_counts_rebuild();
