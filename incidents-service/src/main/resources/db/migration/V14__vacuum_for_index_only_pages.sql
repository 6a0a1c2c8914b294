-- The List's pages read their ids in index-only scans (V12's covering index, V13's nationality
-- indexes), which skip the table only for pages the visibility map marks all-visible; vacuum keeps
-- that map. By default autovacuum waits for 20 % of a table's rows to be dead (or inserted) first:
-- 200,000 incidents at 1M. In the benchmark, after its Create and Update figures had left 151,296
-- dead rows and autovacuum had not yet run, 60,296 of the table's 104,921 pages were all-visible,
-- the planner priced the heap fetches in, and a page with at least 15 killed and an incident type
-- went back from the index-only plan (5.3 ms p50) to a bitmap join of two indexes (16.9 ms p50, 27
-- ms p99; issue 12). At 2 % a vacuum follows every 20,000 changed or inserted incidents, and costs
-- about that many rows' worth of work each time (it visits only pages not yet all-visible).
ALTER TABLE incidents SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
ALTER TABLE incident_nationality_casualties
    SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
