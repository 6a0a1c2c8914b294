-- A List page filtered by min_killed read every matching incident from the table before the sort
-- chose its page, or walked the order index reading each incident until the page was full: at
-- least 15 killed is 2,464 incidents on 2,437 table pages at 1M incidents, 6.1 ms of SQL, 15-22 ms
-- p99 in the service; with an incident type 10.6 ms, with a province and at least 12 killed
-- 14.4 ms (issue 12). This index gives a page's ids in the List's date order under each
-- killed_best, and INCLUDEs every other column a filter's conditions read but the search vector
-- (delete_time, the date range's end, the other conditions' columns), so such a page reads its
-- ids from the index alone and then its own rows (SqlConditions.addCovered): 0.9, 2.1 and 4.7 ms.
-- It is 133 MB at 1M incidents, where incidents_killed, which it replaces and whose lookups it
-- serves, was 6.8 MB. A victim nationality is a condition on another table: such pages stay as
-- they were.
CREATE INDEX incidents_killed_order ON incidents (killed_best, occurred_start, id)
    INCLUDE (delete_time, occurred_end, place_country_code, place_province, incident_type, status, affected_deal);
DROP INDEX incidents_killed;
