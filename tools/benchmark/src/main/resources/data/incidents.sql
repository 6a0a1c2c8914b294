-- Bench data for incidents-service, into the schema its Flyway migrations made. ${incidents} and
-- ${deals} are replaced by the benchmark. Deterministic (setseed); every value is one the service's
-- own validator accepts, so the mapper reads every row and an update of one field is accepted
-- (2026's dates ran past today's, refused as in the future). Spread: six provinces (skewed), 2000-2025
-- with year-only and month-only dates, skewed types, casualties from an exponential spread, victim
-- nationalities on a third of the rows (Japanese on 20 rows only), a rare word in 20 summaries.
SELECT setseed(0.12);
-- Without the row triggers that keep the summary counts and the nationality rows' copies: a million
-- of them in this one transaction would be very slow; both are made anew from the rows at the end.
SET session_replication_role = replica;

INSERT INTO incidents (id, title, summary, occurred_year, occurred_month, occurred_day, occurred_start,
    occurred_end, place_name, place_district, place_province, place_country_code, latitude, longitude,
    place_precision, incident_type, target_type, killed_low, killed_best, killed_high, injured_low,
    injured_best, injured_high, affected_deal, status, create_request_id, create_time, update_time, version)
SELECT 'bench-' || g,
       type_words[type_index] || ' near ' || town,
       'Attackers targeted a ' || (ARRAY['convoy', 'bus', 'project site', 'police post', 'camp', 'checkpoint'])[1 + (g % 6)]
           || ' carrying ' || (ARRAY['engineers', 'workers', 'officials', 'security personnel', 'villagers'])[1 + (g % 5)]
           || ' near ' || town || ', ' || province || '. Police said the '
           || (ARRAY['attack', 'blast', 'ambush', 'raid'])[1 + (g % 4)] || ' was the '
           || (ARRAY['first', 'second', 'third', 'latest'])[1 + (g % 4)] || ' this '
           || (ARRAY['month', 'year', 'week'])[1 + (g % 3)] || ' on the corridor''s '
           || (ARRAY['road', 'railway', 'port', 'power plant', 'dam', 'pipeline'])[1 + (g % 7 % 6)]
           || ' projects.' || CASE WHEN g % 50000 = 17 THEN ' Witnesses described a zarghunite device.' ELSE '' END,
       y, m, d, s, e, town, 'District ' || (g % 40), province, country, 24 + r14 * 12, 61 + r15 * 14,
       (ARRAY['PLACE_PRECISION_EXACT_SITE', 'PLACE_PRECISION_NEAR_TOWN', 'PLACE_PRECISION_DISTRICT',
              'PLACE_PRECISION_PROVINCE'])[1 + (g % 4)],
       type_names[type_index],
       (ARRAY['TARGET_TYPE_WORKERS', 'TARGET_TYPE_CONVOY', 'TARGET_TYPE_BUS', 'TARGET_TYPE_PROJECT_SITE',
              'TARGET_TYPE_PORT', 'TARGET_TYPE_DIPLOMATIC_MISSION', 'TARGET_TYPE_SECURITY_FORCES',
              'TARGET_TYPE_AIRPORT', 'TARGET_TYPE_CIVILIANS', 'TARGET_TYPE_OTHER'])[1 + floor(r6 * r6 * 10)::int],
       killed * 7 / 10, killed, killed + floor(r8 * 3)::int,
       injured * 7 / 10, injured, injured + floor(r8 * 5)::int,
       CASE WHEN r10 < 0.05 THEN 'deals/bench-deal-' || (1 + floor(r11 * ${deals})::int) ELSE '' END,
       CASE WHEN r12 < 0.60 THEN 'INCIDENT_STATUS_REPORTED' WHEN r12 < 0.95 THEN 'INCIDENT_STATUS_CONFIRMED'
            WHEN r12 < 0.99 THEN 'INCIDENT_STATUS_DISPUTED' ELSE 'INCIDENT_STATUS_RETRACTED' END,
       NULL, created, created + r16 * interval '30 days', 0
FROM (
    SELECT g, y, m, d, r6, r8, r10, r11, r12, r14, r15, r16, type_index, province, created,
           ARRAY['Suicide bombing', 'Car bomb', 'Roadside bomb', 'Gunmen attack', 'Abduction', 'Targeted killing',
                 'Rocket attack', 'Sabotage', 'Incident'] AS type_words,
           ARRAY['INCIDENT_TYPE_SUICIDE_BOMBING', 'INCIDENT_TYPE_VEHICLE_BORNE_IED', 'INCIDENT_TYPE_IED',
                 'INCIDENT_TYPE_ARMED_ASSAULT', 'INCIDENT_TYPE_KIDNAPPING', 'INCIDENT_TYPE_TARGETED_KILLING',
                 'INCIDENT_TYPE_ROCKET_OR_GRENADE_ATTACK', 'INCIDENT_TYPE_SABOTAGE', 'INCIDENT_TYPE_OTHER'] AS type_names,
           make_date(y, greatest(m, 1), greatest(d, 1)) AS s,
           CASE WHEN m = 0 THEN make_date(y, 12, 31)
                WHEN d = 0 THEN (make_date(y, m, 1) + interval '1 month' - interval '1 day')::date
                ELSE make_date(y, m, d) END AS e,
           CASE province
               WHEN 'Balochistan' THEN (ARRAY['Gwadar', 'Quetta', 'Turbat', 'Khuzdar', 'Panjgur'])[1 + (g % 5)]
               WHEN 'Khyber Pakhtunkhwa' THEN (ARRAY['Peshawar', 'Dasu', 'Besham', 'Bannu', 'Dera Ismail Khan'])[1 + (g % 5)]
               WHEN 'Sindh' THEN (ARRAY['Karachi', 'Hyderabad', 'Thar', 'Sukkur'])[1 + (g % 4)]
               WHEN 'Punjab' THEN (ARRAY['Lahore', 'Multan', 'Rawalpindi'])[1 + (g % 3)]
               WHEN 'Gilgit-Baltistan' THEN (ARRAY['Gilgit', 'Chilas', 'Sost'])[1 + (g % 3)]
               ELSE 'Islamabad' END AS town,
           CASE WHEN r13 < 0.98 THEN 'PK' ELSE 'AF' END AS country,
           floor(-ln(1 - r7) * 2.5)::int AS killed,
           floor(-ln(1 - r9) * 4)::int AS injured
    FROM (
        SELECT g, 2000 + floor(r1 * 26)::int AS y,
               CASE WHEN r2 < 0.10 THEN 0 ELSE 1 + floor(r3 * 12)::int END AS m,
               CASE WHEN r2 < 0.30 THEN 0 ELSE 1 + floor(r5 * 28)::int END AS d,
               1 + floor(r6 * r6 * 9)::int AS type_index,
               CASE WHEN r4 < 0.32 THEN 'Balochistan' WHEN r4 < 0.64 THEN 'Khyber Pakhtunkhwa'
                    WHEN r4 < 0.84 THEN 'Sindh' WHEN r4 < 0.95 THEN 'Punjab'
                    WHEN r4 < 0.98 THEN 'Gilgit-Baltistan' ELSE 'Islamabad Capital Territory' END AS province,
               timestamptz '2026-06-01 00:00:00+00' - r1 * interval '9000 days' AS created,
               r6, r7, r8, r9, r10, r11, r12, r13, r14, r15, r16
        FROM (SELECT g, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6,
                     random() r7, random() r8, random() r9, random() r10, random() r11, random() r12,
                     random() r13, random() r14, random() r15, random() r16
              FROM generate_series(1, ${incidents}) g) raw
    ) drawn
) shaped;

-- Victim nationalities on about a third of the incidents with victims (an entry counts at least one,
-- as the validator requires), a second one on some; "JP" on about 20 only.
INSERT INTO incident_nationality_casualties (incident_id, position, country_code, killed, injured)
SELECT id, 0,
       CASE WHEN n % 50000 = 3 THEN 'JP' WHEN r < 0.25 THEN 'PK' WHEN r < 0.31 THEN 'CN' WHEN r < 0.345 THEN 'AF'
            ELSE 'IR' END,
       killed_best, injured_best
FROM (SELECT id, split_part(id, '-', 2)::int AS n, killed_best, injured_best, random() r FROM incidents) x
WHERE (r < 0.35 OR n % 50000 = 3) AND killed_best + injured_best > 0;

-- The second takes one of the first's injured (the entries never add up to more than the incident's
-- figures), where the first keeps a victim.
INSERT INTO incident_nationality_casualties (incident_id, position, country_code, killed, injured)
SELECT incident_id, 1, CASE WHEN country_code = 'CN' THEN 'PK' ELSE 'CN' END, 0, 1
FROM incident_nationality_casualties WHERE position = 0 AND injured >= 1 AND killed + injured >= 2 AND random() < 0.15;
UPDATE incident_nationality_casualties first SET injured = first.injured - 1
FROM incident_nationality_casualties second
WHERE first.position = 0 AND second.position = 1 AND second.incident_id = first.incident_id;

INSERT INTO incident_perpetrators (incident_id, position, actor, kind, attributed_by)
SELECT id, 0, (ARRAY['Balochistan Liberation Army', 'Tehrik-i-Taliban Pakistan', 'Balochistan Liberation Front',
                     'Islamic State Khorasan Province', 'Unknown gunmen'])[1 + floor(random() * 5)::int],
       CASE WHEN random() < 0.5 THEN 'ATTRIBUTION_KIND_CLAIMED' ELSE 'ATTRIBUTION_KIND_SUSPECTED' END, ''
FROM incidents WHERE random() < 0.4;

INSERT INTO incident_sources (incident_id, position, outlet, url, title, published_year, published_month,
    published_day, excerpt)
SELECT id, p, (ARRAY['Dawn', 'Reuters', 'The Express Tribune', 'Arab News', 'Geo News', 'Associated Press'])[1 + floor(random() * 6)::int],
       'https://news.example.org/' || id || '/' || p, '', occurred_year, occurred_month, occurred_day,
       'Officials confirmed the ' || lower(split_part(title, ' near ', 1)) || '.'
FROM incidents CROSS JOIN generate_series(0, 1) p
WHERE p = 0 OR random() < 0.3;

SET session_replication_role = DEFAULT;
SELECT incident_summary_counts_rebuild();
SELECT incident_nationality_copies_rebuild(); -- the nationality rows' copies of their incident's date (V11)
