#!/usr/bin/env bash
# EXPLAIN ANALYZE of List pages with a victim nationality, on the benchmark's database (issue 12,
# V13 and V15; results in results/nationality-rows-by-column-2026-12-07.md). Each case is the
# statement SqlConditions.readFromRows builds for such a filter, with the values inlined: the
# conditions stated on the incident (i) and on its nationality rows' copies (vn).
#
# The database must be running; after a benchmark run it is stopped, start it with (the embedded
# binary the benchmark extracted; `unshare -U` because PostgreSQL refuses to run as root):
#   unshare -U /tmp/embedded-pg/PG-*/bin/postgres -D tools/benchmark/target/benchmark-run/postgres \
#       -p 5499 -c listen_addresses=localhost &
# and stop it with: kill $(head -1 tools/benchmark/target/benchmark-run/postgres/postmaster.pid)
#
# Usage: tools/benchmark/explain-nationality-pages.sh [PORT]   (prints one line per case: the
# last of three runs' execution time, and the plan's scans)
set -euo pipefail
export PGPASSWORD="${PGPASSWORD:-postgres}"
port="${1:-5499}"
columns="i.id, i.title, i.summary, i.occurred_year, i.occurred_month, i.occurred_day, i.occurred_start,
 i.occurred_end, i.place_name, i.place_district, i.place_province, i.place_country_code, i.latitude, i.longitude,
 i.place_precision, i.incident_type, i.target_type, i.killed_low, i.killed_best, i.killed_high, i.injured_low,
 i.injured_best, i.injured_high, i.affected_deal, i.status, i.create_request_id, i.create_time, i.update_time,
 i.version, i.delete_time"
# nationality | conditions, with X. where the column's table goes (as IncidentSqlFilter states them:
# a date range is SqlConditions.dateWithin's, an IN list of one value is planned as =)
cases="CN|X.status = 'INCIDENT_STATUS_RETRACTED'
CN|X.status = 'INCIDENT_STATUS_DISPUTED'
CN|X.status IN ('INCIDENT_STATUS_RETRACTED', 'INCIDENT_STATUS_DISPUTED')
CN|X.incident_type = 'INCIDENT_TYPE_OTHER'
CN|lower(X.place_province) = lower('Islamabad Capital Territory')
CN|X.place_country_code = 'AF'
CN|X.affected_deal = 'deals/none'
PK|X.affected_deal = 'deals/bench-deal-10'
PK|X.status = 'INCIDENT_STATUS_RETRACTED'
CN|X.killed_best >= 1 AND X.status = 'INCIDENT_STATUS_DISPUTED' AND X.incident_type = 'INCIDENT_TYPE_OTHER'
CN|X.status = 'INCIDENT_STATUS_DISPUTED' AND X.incident_type = 'INCIDENT_TYPE_OTHER' AND lower(X.place_province) = 'punjab'
CN|X.occurred_start >= '2015-01-01' AND X.occurred_end <= '2015-12-31' AND X.occurred_start <= '2015-12-31' AND X.status = 'INCIDENT_STATUS_DISPUTED' AND X.incident_type = 'INCIDENT_TYPE_SABOTAGE'
CN|X.incident_type = 'INCIDENT_TYPE_OTHER' AND lower(X.place_province) = 'gilgit-baltistan'
CN|X.incident_type = 'INCIDENT_TYPE_SUICIDE_BOMBING' AND lower(X.place_province) = 'sindh' AND X.status = 'INCIDENT_STATUS_CONFIRMED' AND X.place_country_code = 'AF'
PK|X.incident_type = 'INCIDENT_TYPE_OTHER' AND lower(X.place_province) = 'gilgit-baltistan' AND X.status = 'INCIDENT_STATUS_DISPUTED'
PK|X.place_country_code = 'AF' AND X.incident_type = 'INCIDENT_TYPE_OTHER'
PK|X.incident_type = 'INCIDENT_TYPE_SUICIDE_BOMBING' AND lower(X.place_province) = 'khyber pakhtunkhwa' AND X.status = 'INCIDENT_STATUS_CONFIRMED' AND X.killed_best >= 40
PK|X.incident_type IN ('INCIDENT_TYPE_SUICIDE_BOMBING', 'INCIDENT_TYPE_IED') AND lower(X.place_province) = 'sindh' AND X.status IN ('INCIDENT_STATUS_REPORTED', 'INCIDENT_STATUS_DISPUTED') AND X.place_country_code = 'AF'
PK|X.killed_best >= 1
PK|X.killed_best >= 5 AND lower(X.place_province) = 'punjab'"
plan="$(mktemp)"
trap 'rm -f "$plan"' EXIT
while IFS='|' read -r nationality conditions; do
  on_incident="${conditions//X./i.}"
  on_rows="${conditions//X./vn.}"
  sql="SELECT $columns FROM incidents i WHERE i.delete_time IS NULL AND $on_incident AND i.id IN
   (SELECT page_rows.incident_id FROM (SELECT DISTINCT vn.occurred_start, vn.incident_id
     FROM incident_nationality_casualties vn WHERE vn.country_code = '$nationality' AND vn.delete_time IS NULL
     AND $on_rows ORDER BY vn.occurred_start DESC, vn.incident_id DESC LIMIT 101) page_rows)
   ORDER BY i.occurred_start DESC, i.id DESC"
  for run in 1 2 3; do
    psql -X -h localhost -p "$port" -U postgres -d incidents -At -c "EXPLAIN (ANALYZE, BUFFERS) $sql" < /dev/null > "$plan"
  done
  scans="$(grep -oE '(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)( Backward)? (using|on) [a-z0-9_]+' "$plan" \
    | sed -E 's/ (using|on) / /' | paste -sd ',' - || true)"
  echo "$nationality, $conditions: $(grep -oE 'Execution Time: [0-9.]+ ms' "$plan" | cut -d' ' -f3-) [$scans]"
done <<< "$cases"
