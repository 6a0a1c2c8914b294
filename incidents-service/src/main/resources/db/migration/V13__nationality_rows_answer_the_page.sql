-- A List page filtered by a victim nationality, with any other condition but free text, read from
-- the nationality rows alone (issue 12). V11 copied each incident's first day into its
-- nationality rows so PostgreSQL could merge the two order indexes, but it still read every
-- incident of the walk from the table, and with min_killed it planned as if the two conditions were
-- independent: at 1M incidents, at least 10 killed with Chinese victims took 426 ms (it walked
-- 57,586 incidents, most such incidents being older than the walk's start), at least 8 took 166-270 ms.
--
-- Each nationality row now also carries a copy of every other column of its incident that a filter
-- reads but the search vector (its last day, killed_best, delete_time, country, province, type,
-- status, affected deal), so the rows alone answer every condition of a filter without free text.
-- The page's ids come from one index of this table (SqlConditions.readsFromRows): for a common
-- condition PostgreSQL walks incident_nationality_order in the List's order and filters on the
-- included columns, for a rare min_killed it reads incident_nationality_killed_order's few entries
-- and sorts them; either way an index-only scan, then the page's own incidents by key. At least
-- 0..15 killed with Chinese victims: 1.2-3.6 ms, every threshold.
--
-- The copies are kept as V11's were, by triggers, whoever writes with them on; after a bulk load
-- with them off, incident_nationality_copies_rebuild() makes them anew. They stay nullable: the
-- rows PastRecords restores into scratch tables (LIKE these, without triggers) leave them NULL,
-- and no read of those tables uses them.
ALTER TABLE incident_nationality_casualties
    ADD COLUMN occurred_end date,
    ADD COLUMN killed_best integer,
    ADD COLUMN delete_time timestamptz,
    ADD COLUMN place_country_code char(2),
    ADD COLUMN place_province text,
    ADD COLUMN incident_type text,
    ADD COLUMN status text,
    ADD COLUMN affected_deal text;

-- V11's triggers copied the first day only; these copy every column above.
DROP TRIGGER incident_nationality_occurred_start ON incident_nationality_casualties;
DROP FUNCTION incident_nationality_occurred_start();
DROP TRIGGER incident_nationality_occurred_start_moved ON incidents;
DROP FUNCTION incident_nationality_occurred_start_moved();

CREATE OR REPLACE FUNCTION incident_nationality_copies_rebuild() RETURNS void
LANGUAGE sql SET search_path FROM CURRENT AS $$
    UPDATE incident_nationality_casualties n
       SET (occurred_start, occurred_end, killed_best, delete_time, place_country_code, place_province,
            incident_type, status, affected_deal)
         = (i.occurred_start, i.occurred_end, i.killed_best, i.delete_time, i.place_country_code, i.place_province,
            i.incident_type, i.status, i.affected_deal)
      FROM incidents i
     WHERE i.id = n.incident_id
       AND (n.occurred_start, n.occurred_end, n.killed_best, n.delete_time, n.place_country_code, n.place_province,
            n.incident_type, n.status, n.affected_deal)
           IS DISTINCT FROM (i.occurred_start, i.occurred_end, i.killed_best, i.delete_time, i.place_country_code,
                             i.place_province, i.incident_type, i.status, i.affected_deal);
$$;

-- A row written takes its incident's columns, as V11's trigger took its date: the incident read FOR
-- SHARE, so a concurrent change of it (which moves the rows it sees, below) cannot leave this row
-- with the values before it. The name sorts before V9's counting trigger, which takes the same lock
-- next: the locks are taken in the order they were.
CREATE FUNCTION incident_nationality_copies() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    SELECT i.occurred_start, i.occurred_end, i.killed_best, i.delete_time, i.place_country_code, i.place_province,
           i.incident_type, i.status, i.affected_deal
      INTO NEW.occurred_start, NEW.occurred_end, NEW.killed_best, NEW.delete_time, NEW.place_country_code,
           NEW.place_province, NEW.incident_type, NEW.status, NEW.affected_deal
      FROM incidents i WHERE i.id = NEW.incident_id FOR SHARE;
    RETURN NEW;
END;
$$;

CREATE TRIGGER incident_nationality_copies
    BEFORE INSERT OR UPDATE ON incident_nationality_casualties
    FOR EACH ROW EXECUTE FUNCTION incident_nationality_copies();

-- An incident whose copied columns changed (its date, its dead, its place, type, status or deal, a
-- delete or undelete) takes its rows along, while it holds the incident, as V11's trigger did for the
-- date. V9's counting trigger on the rows counts nothing for such an update (only copies changed).
-- The cost: such an update of an incident also updates its nationality rows (one or two, typically)
-- and their two indexes; an update of other columns (a title, a summary) does not. The deadlock V11
-- describes, with an UPDATE of nationality rows by hand (which locks a row and then, V9, its
-- incident) while the incident changes, can now happen for each of these changes, not only a date's;
-- the service's own writes take the incident first and cannot.
-- The rows are only touched: the row trigger above takes their incident's columns, as it stands now.
CREATE FUNCTION incident_nationality_copies_moved() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE incident_nationality_casualties SET incident_id = incident_id WHERE incident_id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER incident_nationality_copies_moved
    AFTER UPDATE OF occurred_start, occurred_end, killed_best, delete_time, place_country_code, place_province,
                    incident_type, status, affected_deal ON incidents
    FOR EACH ROW WHEN ((OLD.occurred_start, OLD.occurred_end, OLD.killed_best, OLD.delete_time, OLD.place_country_code,
                        OLD.place_province, OLD.incident_type, OLD.status, OLD.affected_deal)
                       IS DISTINCT FROM (NEW.occurred_start, NEW.occurred_end, NEW.killed_best, NEW.delete_time,
                                         NEW.place_country_code, NEW.place_province, NEW.incident_type, NEW.status,
                                         NEW.affected_deal))
    EXECUTE FUNCTION incident_nationality_copies_moved();

SELECT incident_nationality_copies_rebuild();

-- The page's two indexes: in the List's order under each nationality, and by killed_best under it
-- (the List's order within each killed_best), each with the other copies included so that the
-- page's ids are read from the index alone. V11's order index had no included columns.
DROP INDEX incident_nationality_order;
CREATE INDEX incident_nationality_order ON incident_nationality_casualties (country_code, occurred_start, incident_id)
    INCLUDE (occurred_end, killed_best, delete_time, place_country_code, place_province, incident_type, status,
             affected_deal);
CREATE INDEX incident_nationality_killed_order
    ON incident_nationality_casualties (country_code, killed_best, occurred_start, incident_id)
    INCLUDE (occurred_end, delete_time, place_country_code, place_province, incident_type, status, affected_deal);

-- PostgreSQL takes a nationality and a province as independent: for Chinese victims in Balochistan
-- with at least 5 killed it expected 89 of the rows where 4,107 match, so it read every match from
-- the killed index and sorted them (7.0 ms; at least 3 killed, 14.0 ms). With statistics of the
-- pair it walks the order index: 2.4 and 2.1 ms. (Statistics of the nationality with the incident
-- type or the status changed no plan measured.)
CREATE STATISTICS incident_nationality_places (mcv, ndistinct) ON country_code, lower(place_province)
    FROM incident_nationality_casualties;
ANALYZE incident_nationality_casualties;
