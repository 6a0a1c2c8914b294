-- SummarizeIncidents without scanning the incidents (issue 12): the live incidents counted by every
-- combination of the fields the summaries group and filter by, kept exact by triggers in the
-- writing transaction. A reader's snapshot sees the counts and the rows they count as of the same
-- commits, so a summary read from them is the one a full scan would give, under concurrent writes
-- too. A few thousand rows stand for a million incidents. Filters on other fields (text, killed,
-- affected deal, dates within a year) and read_time still scan; see IncidentSummaryCounts.

-- Live incidents (delete_time IS NULL) by year, province as recorded, country, type and status.
CREATE TABLE incident_summary_counts (
    occurred_year      integer NOT NULL,
    place_province     text    NOT NULL,
    place_country_code char(2) NOT NULL,
    incident_type      text    NOT NULL,
    status             text    NOT NULL,
    incidents          bigint  NOT NULL,
    killed             bigint  NOT NULL, -- sum of killed_best
    injured            bigint  NOT NULL, -- sum of injured_best
    PRIMARY KEY (occurred_year, place_province, place_country_code, incident_type, status)
);

-- The same for the live incidents that list victims of a nationality (each lists a nationality
-- at most once): that nationality's victims, and all the victims of those incidents (the figures
-- of a victim_nationality filter).
CREATE TABLE incident_nationality_summary_counts (
    country_code       char(2) NOT NULL,
    occurred_year      integer NOT NULL,
    place_province     text    NOT NULL,
    place_country_code char(2) NOT NULL,
    incident_type      text    NOT NULL,
    status             text    NOT NULL,
    incidents          bigint  NOT NULL,
    victims_killed     bigint  NOT NULL,
    victims_injured    bigint  NOT NULL,
    incidents_killed   bigint  NOT NULL,
    incidents_injured  bigint  NOT NULL,
    PRIMARY KEY (country_code, occurred_year, place_province, place_country_code, incident_type, status)
);

-- Adds (sign 1) or takes away (sign -1) one nationality row of the live incident `r`, counted
-- in the incident's group as `r` has it.
CREATE FUNCTION incident_nationality_summary_count(r incidents, nationality char(2), nationality_killed integer,
        nationality_injured integer, sign integer) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO incident_nationality_summary_counts AS c
        VALUES (nationality, r.occurred_year, r.place_province, r.place_country_code, r.incident_type, r.status,
                sign, sign * nationality_killed, sign * nationality_injured, sign * r.killed_best, sign * r.injured_best)
        ON CONFLICT (country_code, occurred_year, place_province, place_country_code, incident_type, status)
        DO UPDATE SET incidents = c.incidents + excluded.incidents,
            victims_killed = c.victims_killed + excluded.victims_killed,
            victims_injured = c.victims_injured + excluded.victims_injured,
            incidents_killed = c.incidents_killed + excluded.incidents_killed,
            incidents_injured = c.incidents_injured + excluded.incidents_injured;
END;
$$;

-- Adds (sign 1) or takes away (sign -1) one incident as it stands in `r`, with its nationality
-- rows as they stand now, when it is live. Every change first locks its group's row in
-- incident_summary_counts (this upsert, or incident_summary_group below), so writers of one group
-- queue on that row and take the nationality rows' locks one at a time (no deadlock between two
-- incidents listing the same nationalities in another order).
CREATE FUNCTION incident_summary_count(r incidents, sign integer) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF r.delete_time IS NOT NULL THEN
        RETURN;
    END IF;
    INSERT INTO incident_summary_counts AS c
        VALUES (r.occurred_year, r.place_province, r.place_country_code, r.incident_type, r.status,
                sign, sign * r.killed_best, sign * r.injured_best)
        ON CONFLICT (occurred_year, place_province, place_country_code, incident_type, status) DO UPDATE
        SET incidents = c.incidents + excluded.incidents, killed = c.killed + excluded.killed,
            injured = c.injured + excluded.injured;
    PERFORM incident_nationality_summary_count(r, n.country_code, n.killed, n.injured, sign)
       FROM incident_nationality_casualties n WHERE n.incident_id = r.id;
END;
$$;

CREATE FUNCTION incident_summary_counts_of_incident() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.occurred_year, OLD.place_province, OLD.place_country_code, OLD.incident_type,
            OLD.status, OLD.killed_best, OLD.injured_best, OLD.delete_time IS NULL) IS NOT DISTINCT FROM
            (NEW.occurred_year, NEW.place_province, NEW.place_country_code, NEW.incident_type, NEW.status,
            NEW.killed_best, NEW.injured_best, NEW.delete_time IS NULL) THEN
        RETURN NULL; -- counted as before (most updates: texts, sources, perpetrators)
    END IF;
    IF TG_OP = 'UPDATE' AND (OLD.occurred_year, OLD.place_province, OLD.place_country_code, OLD.incident_type,
            OLD.status) IS DISTINCT FROM (NEW.occurred_year, NEW.place_province, NEW.place_country_code,
            NEW.incident_type, NEW.status) THEN
        -- Moving between two groups: lock both in key order, as any other mover of the two does.
        PERFORM 1 FROM incident_summary_counts c
          WHERE (c.occurred_year, c.place_province, c.place_country_code, c.incident_type, c.status) IN (
                (OLD.occurred_year, OLD.place_province, OLD.place_country_code, OLD.incident_type, OLD.status),
                (NEW.occurred_year, NEW.place_province, NEW.place_country_code, NEW.incident_type, NEW.status))
          ORDER BY c.occurred_year, c.place_province, c.place_country_code, c.incident_type, c.status
          FOR UPDATE;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM incident_summary_count(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM incident_summary_count(NEW, 1);
    END IF;
    -- As the BEFORE DELETE trigger, OLD lets the delete go on (NULL would cancel it); an AFTER
    -- trigger's value is ignored.
    RETURN OLD;
END;
$$;

CREATE TRIGGER incident_summary_counts_after_write
    AFTER INSERT OR UPDATE ON incidents
    FOR EACH ROW EXECUTE FUNCTION incident_summary_counts_of_incident();

-- Before, while the incident's nationality rows are still there (ON DELETE CASCADE removes them
-- after the row, and their own trigger then finds no incident to count them against).
CREATE TRIGGER incident_summary_counts_before_delete
    BEFORE DELETE ON incidents
    FOR EACH ROW EXECUTE FUNCTION incident_summary_counts_of_incident();

-- The incident a nationality row belongs to, as it stands now, with its group's count row locked;
-- NULL when it is deleted or gone (then the row counts for nothing).
CREATE FUNCTION incident_summary_group(incident text) RETURNS incidents
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    r incidents;
BEGIN
    SELECT * INTO r FROM incidents WHERE id = incident AND delete_time IS NULL;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM incident_summary_counts c
      WHERE (c.occurred_year, c.place_province, c.place_country_code, c.incident_type, c.status)
          = (r.occurred_year, r.place_province, r.place_country_code, r.incident_type, r.status)
      FOR UPDATE;
    RETURN r;
END;
$$;

-- A nationality row added, changed or removed, counted against its incident (the old row's and
-- the new row's, which an update by hand could make two) as the incident stands.
CREATE FUNCTION incident_summary_counts_of_nationality() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    r incidents;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := incident_summary_group(OLD.incident_id);
        IF r.id IS NOT NULL THEN
            PERFORM incident_nationality_summary_count(r, OLD.country_code, OLD.killed, OLD.injured, -1);
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := incident_summary_group(NEW.incident_id);
        IF r.id IS NOT NULL THEN
            PERFORM incident_nationality_summary_count(r, NEW.country_code, NEW.killed, NEW.injured, 1);
        END IF;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER incident_summary_counts_after_write
    AFTER INSERT OR UPDATE OR DELETE ON incident_nationality_casualties
    FOR EACH ROW EXECUTE FUNCTION incident_summary_counts_of_nationality();

-- TRUNCATE fires no row triggers: emptied tables count nothing.
CREATE FUNCTION incident_summary_counts_truncated() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_TABLE_NAME = 'incidents' THEN
        TRUNCATE incident_summary_counts;
    END IF;
    TRUNCATE incident_nationality_summary_counts;
    RETURN NULL;
END;
$$;

CREATE TRIGGER incident_summary_counts_truncated
    AFTER TRUNCATE ON incidents
    FOR EACH STATEMENT EXECUTE FUNCTION incident_summary_counts_truncated();

CREATE TRIGGER incident_summary_counts_truncated
    AFTER TRUNCATE ON incident_nationality_casualties
    FOR EACH STATEMENT EXECUTE FUNCTION incident_summary_counts_truncated();

-- The counts made anew from the incidents: for the incidents stored before this migration, and
-- after a bulk load with the triggers off (session_replication_role = replica; the benchmark's
-- data script), which one statement-sized transaction of row triggers would make very slow.
CREATE FUNCTION incident_summary_counts_rebuild() RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    -- Writers of incidents wait until the counts are whole again.
    LOCK TABLE incidents, incident_nationality_casualties IN SHARE MODE;
    DELETE FROM incident_summary_counts;
    DELETE FROM incident_nationality_summary_counts;
    INSERT INTO incident_summary_counts
        SELECT occurred_year, place_province, place_country_code, incident_type, status,
               count(*), sum(killed_best), sum(injured_best)
          FROM incidents WHERE delete_time IS NULL
         GROUP BY 1, 2, 3, 4, 5;
    INSERT INTO incident_nationality_summary_counts
        SELECT n.country_code, i.occurred_year, i.place_province, i.place_country_code, i.incident_type, i.status,
               count(*), sum(n.killed), sum(n.injured), sum(i.killed_best), sum(i.injured_best)
          FROM incidents i JOIN incident_nationality_casualties n ON n.incident_id = i.id
         WHERE i.delete_time IS NULL
         GROUP BY 1, 2, 3, 4, 5, 6;
END;
$$;

SELECT incident_summary_counts_rebuild();
