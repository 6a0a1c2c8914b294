-- SummarizeIncidents with min_killed from the counts too (issue 12): each group of both count
-- tables is split by the incidents' killed_best, so "killed_best >= N" is a condition on the
-- counts, exact for any N. At 1M incidents of an ACLED-like spread incident_summary_counts grows
-- from about 8,700 rows to about 58,000 (killed_best takes a few dozen values, most of them in few
-- groups); still a small fraction of a scan.
--
-- Both tables, not only the incidents': V7 keeps writers from deadlocking by having every writer
-- of a nationality count row hold the lock of the one incident count row it falls under. Split
-- only the incident counts, and two incidents of one group with different killed figures, listing
-- two nationalities in opposite orders, would lock different incident rows and then the same
-- nationality rows crosswise (SummaryCountsTest.concurrentWritersKeepTheCountsExact deadlocked so).

ALTER TABLE incident_summary_counts ADD COLUMN killed_best integer NOT NULL DEFAULT 0;
ALTER TABLE incident_summary_counts ALTER COLUMN killed_best DROP DEFAULT;
ALTER TABLE incident_summary_counts DROP CONSTRAINT incident_summary_counts_pkey;
ALTER TABLE incident_summary_counts
    ADD PRIMARY KEY (occurred_year, place_province, place_country_code, incident_type, status, killed_best);

ALTER TABLE incident_nationality_summary_counts ADD COLUMN killed_best integer NOT NULL DEFAULT 0;
ALTER TABLE incident_nationality_summary_counts ALTER COLUMN killed_best DROP DEFAULT;
ALTER TABLE incident_nationality_summary_counts DROP CONSTRAINT incident_nationality_summary_counts_pkey;
ALTER TABLE incident_nationality_summary_counts
    ADD PRIMARY KEY (country_code, occurred_year, place_province, place_country_code, incident_type, status,
                     killed_best);

-- As in V7, counted in the incident's group of the new key.
CREATE OR REPLACE FUNCTION incident_nationality_summary_count(r incidents, nationality char(2),
        nationality_killed integer, nationality_injured integer, sign integer) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO incident_nationality_summary_counts AS c (country_code, occurred_year, place_province,
            place_country_code, incident_type, status, killed_best, incidents, victims_killed, victims_injured,
            incidents_killed, incidents_injured)
        VALUES (nationality, r.occurred_year, r.place_province, r.place_country_code, r.incident_type, r.status,
                r.killed_best, sign, sign * nationality_killed, sign * nationality_injured, sign * r.killed_best,
                sign * r.injured_best)
        ON CONFLICT (country_code, occurred_year, place_province, place_country_code, incident_type, status,
                killed_best)
        DO UPDATE SET incidents = c.incidents + excluded.incidents,
            victims_killed = c.victims_killed + excluded.victims_killed,
            victims_injured = c.victims_injured + excluded.victims_injured,
            incidents_killed = c.incidents_killed + excluded.incidents_killed,
            incidents_injured = c.incidents_injured + excluded.incidents_injured;
END;
$$;

-- As in V7, counted in the incident's group of the new key.
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
END;
$$;

-- As in V7; a change of killed_best now moves the incident between two count rows, so it locks
-- both in key order like any other move.
CREATE OR REPLACE FUNCTION incident_summary_counts_of_incident() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.occurred_year, OLD.place_province, OLD.place_country_code, OLD.incident_type,
            OLD.status, OLD.killed_best, OLD.injured_best, OLD.delete_time IS NULL) IS NOT DISTINCT FROM
            (NEW.occurred_year, NEW.place_province, NEW.place_country_code, NEW.incident_type, NEW.status,
            NEW.killed_best, NEW.injured_best, NEW.delete_time IS NULL) THEN
        RETURN NULL; -- counted as before (most updates: texts, sources, perpetrators)
    END IF;
    IF TG_OP = 'UPDATE' AND (OLD.occurred_year, OLD.place_province, OLD.place_country_code, OLD.incident_type,
            OLD.status, OLD.killed_best) IS DISTINCT FROM (NEW.occurred_year, NEW.place_province,
            NEW.place_country_code, NEW.incident_type, NEW.status, NEW.killed_best) THEN
        PERFORM 1 FROM incident_summary_counts c
          WHERE (c.occurred_year, c.place_province, c.place_country_code, c.incident_type, c.status, c.killed_best) IN (
                (OLD.occurred_year, OLD.place_province, OLD.place_country_code, OLD.incident_type, OLD.status,
                 OLD.killed_best),
                (NEW.occurred_year, NEW.place_province, NEW.place_country_code, NEW.incident_type, NEW.status,
                 NEW.killed_best))
          ORDER BY c.occurred_year, c.place_province, c.place_country_code, c.incident_type, c.status, c.killed_best
          FOR UPDATE;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM incident_summary_count(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM incident_summary_count(NEW, 1);
    END IF;
    RETURN OLD;
END;
$$;

-- As in V7: the nationality rows' writers lock the incident's count row of the new key, the one
-- their rows fall under.
CREATE OR REPLACE FUNCTION incident_summary_group(incident text) RETURNS incidents
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    r incidents;
BEGIN
    SELECT * INTO r FROM incidents WHERE id = incident AND delete_time IS NULL;
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

CREATE OR REPLACE FUNCTION incident_summary_counts_rebuild() RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    -- Writers of incidents wait until the counts are whole again.
    LOCK TABLE incidents, incident_nationality_casualties IN SHARE MODE;
    DELETE FROM incident_summary_counts;
    DELETE FROM incident_nationality_summary_counts;
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
END;
$$;

SELECT incident_summary_counts_rebuild();
