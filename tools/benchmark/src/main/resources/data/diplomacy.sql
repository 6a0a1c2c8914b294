-- Bench data for diplomacy-service (${statements} statements), citing the bench incidents and deals.
SELECT setseed(0.56);

INSERT INTO statements (id, speaker, speaker_role, organization, country_code, statement_year, statement_month,
    statement_day, statement_start, statement_end, setting, setting_detail, kind, text, language_code, summary,
    create_request_id, create_time, update_time, version)
SELECT 'bench-statement-' || g,
       (ARRAY['Attaullah Tarar', 'Mao Ning', 'Lin Jian', 'Ahsan Iqbal', 'Shehbaz Sharif'])[1 + (g % 5)],
       'Minister', (ARRAY['Government of Pakistan', 'Ministry of Foreign Affairs of China'])[1 + (g % 2)],
       (ARRAY['PK', 'CN'])[1 + (g % 2)], y, m, 1, make_date(y, m, 1), make_date(y, m, 1),
       'STATEMENT_SETTING_PRESS_BRIEFING', '',
       CASE WHEN silent THEN 'STATEMENT_KIND_DECLINED_TO_COMMENT' ELSE 'STATEMENT_KIND_DIRECT_QUOTE' END,
       CASE WHEN silent THEN '' ELSE 'We will continue to protect the corridor''s projects and personnel, statement '
           || g || '.' END,
       CASE WHEN silent THEN '' ELSE 'en' END, '', NULL, created, created, 0
FROM (SELECT g, 2000 + floor(random() * 26)::int AS y, 1 + floor(random() * 12)::int AS m, random() < 0.05 AS silent,
             timestamptz '2026-06-01 00:00:00+00' - random() * interval '9000 days' AS created
      FROM generate_series(1, ${statements}) g) s;

INSERT INTO statement_topics (statement_id, position, topic, stance)
SELECT id, 0, (ARRAY['joint-security', 'ml-1-railway', 'gwadar-port', 'debt', 'energy'])[1 + floor(random() * 5)::int],
       (ARRAY['STANCE_SUPPORTS', 'STANCE_OPPOSES', 'STANCE_NEUTRAL', 'STANCE_AMBIGUOUS'])[1 + floor(random() * 4)::int]
FROM statements;

INSERT INTO statement_incidents (statement_id, position, incident)
SELECT id, 0, 'incidents/bench-' || (1 + floor(random() * ${incidents})::int) FROM statements WHERE random() < 0.2;

INSERT INTO statement_deals (statement_id, position, deal)
SELECT id, 0, 'deals/bench-deal-' || (1 + floor(random() * ${deals})::int) FROM statements WHERE random() < 0.2;

INSERT INTO statement_sources (statement_id, position, outlet, url, title, published_year, published_month,
    published_day, excerpt)
SELECT id, 0, 'Dawn', 'https://news.example.org/' || id, '', statement_year, statement_month, 0, ''
FROM statements;

