-- A List page with a victim nationality and conditions that few of its rows meet (issue 12). V13
-- reads such a page from the nationality rows, walking incident_nationality_order in the List's
-- order and filtering on its included copies: quick while matches are common, but under conditions
-- that few rows of the nationality meet the walk reads many of them to fill a page (all of them when
-- fewer than a page match). At 1M incidents (87,204 rows with Chinese victims, 238,203 with
-- Pakistani), measured with EXPLAIN ANALYZE on the statement the service sends:
--   Chinese victims, status retracted (858 rows)                                     4.7 ms
--   Chinese victims, disputed, type "other" and Punjab                               41.9 ms
--   Chinese victims, suicide bombing, Sindh, confirmed, an incident in Afghanistan    40.8 ms
--   Pakistani victims, type "other", Gilgit-Baltistan, disputed                      60.4 ms
--     (a sequential scan of the rows)
--   Pakistani victims, one affected deal                                             71.1 ms
--     (a sequential scan: the planner expected the walk to read every row)
--
-- These indexes do for the nationality rows what V10's do for the incidents: one per column a
-- filter matches by value, under each nationality and in the List's order, with the other copies
-- included, so PostgreSQL can walk the rows of the rarest condition index-only and filter on the
-- rest. The cases above: 0.3-3.6 ms, of 20 cases of up to five conditions with Chinese or Pakistani
-- victims 0.2-3.6 ms, where 8 had taken 17-71 ms (tools/benchmark/explain-nationality-pages.sh;
-- the tables are in tools/benchmark/results/nationality-rows-by-column-2026-12-07.md).
-- The affected deal has an index of its own: few incidents name any one deal. Not partial (as V1's
-- on the incidents is), so that a generic plan, where the deal is a parameter, can use it too.
--
-- Typically a page then costs at most one walk of the rows that meet its rarest condition under the
-- nationality, when its conditions together match fewer than a page: that value's rows bound it
-- (all 87,204 Chinese rows are a walk of about 10-15 ms). Not for a condition of several values
-- (an IN list of two statuses walks the order index: its rows are not in the List's order in the
-- status index), nor where the planner misjudges how the conditions correlate.
--
-- The cost: the four ordered indexes take 50-55 MB each at 363,000 rows, and each nationality row
-- written, and each change of its incident's copied columns (V13), updates them. Measured, one row
-- or one change per transaction: a nationality row inserted 147 -> 174 us, an incident's status
-- changed 660 -> 710 us.
CREATE INDEX incident_nationality_status_order ON incident_nationality_casualties (country_code, status, occurred_start, incident_id)
    INCLUDE (occurred_end, killed_best, delete_time, place_country_code, place_province, incident_type, affected_deal);
CREATE INDEX incident_nationality_type_order ON incident_nationality_casualties (country_code, incident_type, occurred_start, incident_id)
    INCLUDE (occurred_end, killed_best, delete_time, place_country_code, place_province, status, affected_deal);
CREATE INDEX incident_nationality_province_order
    ON incident_nationality_casualties (country_code, lower(place_province), occurred_start, incident_id)
    INCLUDE (occurred_end, killed_best, delete_time, place_country_code, place_province, incident_type, status, affected_deal);
CREATE INDEX incident_nationality_country_order
    ON incident_nationality_casualties (country_code, place_country_code, occurred_start, incident_id)
    INCLUDE (occurred_end, killed_best, delete_time, place_province, incident_type, status, affected_deal);
CREATE INDEX incident_nationality_deal ON incident_nationality_casualties (country_code, affected_deal);
ANALYZE incident_nationality_casualties;
