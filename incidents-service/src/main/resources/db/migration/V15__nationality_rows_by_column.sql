-- A List page with a victim nationality and a condition that few of its rows meet (issue 12). V13
-- reads such a page from the nationality rows, walking incident_nationality_order in the List's
-- order and filtering on its included copies: quick while matches are common, but under a condition
-- that few rows of the nationality meet the walk reads many of them to fill a page (all of them when
-- fewer than a page match). At 1M incidents (121,215 rows with Chinese victims, 238,203 with
-- Pakistani), measured with EXPLAIN ANALYZE on the statement the service sends:
--   Chinese victims, status retracted (858 rows)                      13.1 ms
--   Chinese victims, Islamabad Capital Territory (1,745 rows)          13.7 ms
--   Chinese victims, an incident in Afghanistan (1,760 rows)           14.2 ms
--   Chinese victims, disputed and of type "other", at least 1 killed  21.7-24.6 ms
--   Pakistani victims, one affected deal                              46.0 ms (a parallel
--     sequential scan: the planner expected the walk to read every row)
--
-- These indexes do for the nationality rows what V10's do for the incidents: one per column a
-- filter matches by value, under each nationality and in the List's order, with the other copies
-- included, so PostgreSQL walks the rows of the rarest condition index-only and filters on the
-- rest. The cases above: 0.3-2.6 ms; 20 cases of up to five conditions with Chinese or Pakistani
-- victims, 0.2-3.2 ms (tools/benchmark/explain-nationality-pages.sh; the tables are in
-- tools/benchmark/results/nationality-rows-by-column-2026-12-07.md).
-- The affected deal has an index of its own, as on the incidents: few incidents name any one deal.
--
-- A page now costs at most one walk of the rows that meet its rarest condition under the
-- nationality, when its conditions together match fewer than a page: the size of a value's rows
-- bounds it (all 121,215 Chinese rows took 13-20 ms).
--
-- The cost: the four ordered indexes take 55-60 MB each at 397,000 rows, and each nationality row
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
CREATE INDEX incident_nationality_deal ON incident_nationality_casualties (country_code, affected_deal) WHERE affected_deal <> '';
ANALYZE incident_nationality_casualties;
