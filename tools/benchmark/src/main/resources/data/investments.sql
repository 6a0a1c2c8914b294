-- Bench data for investments-service, into the schema its Flyway migrations made (${deals} deals).
-- Kinds, statuses, sectors and counterparts skewed; each deal has 1-4 amounts: an envisaged figure,
-- often revised later in the same type and currency (only the latest counts in SummarizeDeals), then
-- committed and disbursed ones, in USD, CNY, PKR, EUR or SAR; some undated.
SELECT setseed(0.34);
-- Without the triggers that keep the summary counts (one transaction settling 100,000 deals at
-- its commit would be slow); the counts are made anew from the rows at the end.
SET session_replication_role = replica;

INSERT INTO deals (id, title, summary, kind, counterpart_countries, sectors, commodities, programme, location,
    announced_year, announced_month, announced_day, announced_start, announced_end,
    signed_year, signed_month, signed_day, signed_start, signed_end,
    status, status_year, status_month, status_day, create_request_id, create_time, update_time, version)
SELECT 'bench-deal-' || g, initcap(lower(replace(substr(sector, 8), '_', ' '))) || ' project ' || g,
       'A ' || lower(replace(substr(sector, 8), '_', ' ')) || ' project financed under the corridor, deal ' || g || '.',
       (ARRAY['DEAL_KIND_MOU', 'DEAL_KIND_JOINT_VENTURE', 'DEAL_KIND_FINANCING_AGREEMENT',
              'DEAL_KIND_FRAMEWORK_AGREEMENT', 'DEAL_KIND_GRANT', 'DEAL_KIND_TRADE_AGREEMENT'])[1 + floor(r2 * r2 * 6)::int],
       CASE WHEN r3 < 0.70 THEN ARRAY['CN'] WHEN r3 < 0.85 THEN ARRAY['CN', 'SA'] WHEN r3 < 0.95 THEN ARRAY['AE']
            ELSE ARRAY[]::text[] END,
       CASE WHEN r4 < 0.8 THEN ARRAY[sector] ELSE ARRAY[sector, 'SECTOR_ENERGY'] END,
       CASE WHEN sector = 'SECTOR_MINING' THEN ARRAY['COMMODITY_COPPER', 'COMMODITY_GOLD'] ELSE ARRAY[]::text[] END,
       CASE WHEN r5 < 0.6 THEN 'PROGRAMME_CPEC' ELSE 'PROGRAMME_NONE' END,
       (ARRAY['Gwadar', 'Karachi', 'Thar', 'Lahore', 'Peshawar', 'Karachi to Rohri'])[1 + (g % 6)],
       y, m, 0, make_date(y, greatest(m, 1), 1),
       CASE WHEN m = 0 THEN make_date(y, 12, 31) ELSE (make_date(y, m, 1) + interval '1 month' - interval '1 day')::date END,
       CASE WHEN signed THEN y + 1 ELSE 0 END, 0, 0,
       CASE WHEN signed THEN make_date(y + 1, 1, 1) END, CASE WHEN signed THEN make_date(y + 1, 12, 31) END,
       status, y, m, 0, NULL, created, created + r6 * interval '30 days', 0
FROM (
    SELECT g, r2, r3, r4, r5, r6, y, m, r7 < 0.5 AS signed,
           timestamptz '2026-06-01 00:00:00+00' - r1 * interval '9000 days' AS created,
           (ARRAY['SECTOR_RAIL', 'SECTOR_ROADS', 'SECTOR_ENERGY', 'SECTOR_MINING', 'SECTOR_TEXTILES',
                  'SECTOR_ELECTRIC_VEHICLES', 'SECTOR_IT', 'SECTOR_PORTS', 'SECTOR_AGRICULTURE',
                  'SECTOR_MANUFACTURING', 'SECTOR_TRADE', 'SECTOR_WATER', 'SECTOR_MULTI_SECTOR',
                  'SECTOR_OTHER'])[1 + floor(r8 * r8 * 14)::int] AS sector,
           (ARRAY['DEAL_STATUS_PROPOSED', 'DEAL_STATUS_UNDER_NEGOTIATION', 'DEAL_STATUS_MOU_SIGNED',
                  'DEAL_STATUS_AGREEMENT_SIGNED', 'DEAL_STATUS_FINANCING_APPROVED',
                  'DEAL_STATUS_UNDER_IMPLEMENTATION', 'DEAL_STATUS_COMPLETED', 'DEAL_STATUS_ON_HOLD',
                  'DEAL_STATUS_CANCELLED', 'DEAL_STATUS_SUPERSEDED'])[1 + floor(r9 * 10)::int] AS status
    FROM (SELECT g, 2000 + floor(r1 * 26)::int AS y, CASE WHEN r2 < 0.2 THEN 0 ELSE 1 + floor(r3 * 12)::int END AS m,
                 r1, r2, r3, r4, r5, r6, r7, r8, r9
          FROM (SELECT g, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6,
                       random() r7, random() r8, random() r9
                FROM generate_series(1, ${deals}) g) raw) drawn
) shaped;

INSERT INTO deal_parties (deal_id, position, name, role, country_code)
SELECT id, 0, 'Government of Pakistan', 'PARTY_ROLE_HOST_GOVERNMENT', 'PK' FROM deals;
INSERT INTO deal_parties (deal_id, position, name, role, country_code)
SELECT id, 1, (ARRAY['China Communications Construction', 'Power Construction Corporation of China',
                     'China Development Bank', 'Asian Development Bank', 'Saudi Fund for Development'])[1 + floor(random() * 5)::int],
       'PARTY_ROLE_FINANCIER', '' FROM deals;

-- Amounts: position 0 envisaged, 1 its revision (same type and currency, a later as-of date),
-- 2 committed, 3 disbursed in PKR; each deal has the first n of them. 10% of the first are undated.
INSERT INTO deal_amounts (deal_id, position, amount_type, currency_code, amount, as_of_year, as_of_month,
    as_of_day, as_of_start, has_source, outlet, url, title, published_year, published_month, published_day, excerpt)
SELECT id, p,
       CASE p WHEN 0 THEN 'AMOUNT_TYPE_ENVISAGED' WHEN 1 THEN 'AMOUNT_TYPE_ENVISAGED' WHEN 2 THEN 'AMOUNT_TYPE_COMMITTED'
              ELSE 'AMOUNT_TYPE_DISBURSED' END,
       CASE WHEN p = 3 THEN 'PKR' ELSE currency END,
       round((10 ^ (6 + random() * 4))::numeric, 2),
       CASE WHEN undated AND p = 0 THEN 0 ELSE announced_year + p END, 0, 0,
       CASE WHEN undated AND p = 0 THEN NULL ELSE make_date(announced_year + p, 1, 1) END,
       false, '', '', '', 0, 0, 0, ''
FROM (SELECT id, announced_year, random() < 0.1 AS undated, 1 + floor(random() * 4)::int AS n, random() AS c
      FROM deals) d
CROSS JOIN LATERAL (SELECT CASE WHEN c < 0.60 THEN 'USD' WHEN c < 0.80 THEN 'CNY' WHEN c < 0.92 THEN 'PKR'
                                WHEN c < 0.97 THEN 'EUR' ELSE 'SAR' END AS currency) cur
CROSS JOIN generate_series(0, 3) p
WHERE p < n;

INSERT INTO deal_sources (deal_id, position, outlet, url, title, published_year, published_month, published_day, excerpt)
SELECT id, 0, (ARRAY['Dawn', 'Arab News', 'Business Recorder', 'Xinhua'])[1 + floor(random() * 4)::int],
       'https://news.example.org/' || id, '', announced_year, announced_month, 0, 'The deal was announced.'
FROM deals;

INSERT INTO deal_status_transitions (deal_id, from_status, to_status, effective_year, effective_month,
    effective_day, note, has_source, outlet, url, title, published_year, published_month, published_day,
    excerpt, record_time)
SELECT id, 'DEAL_STATUS_UNSPECIFIED', status, status_year, status_month, status_day, '', false, '', '', '',
       0, 0, 0, '', create_time
FROM deals;

SET session_replication_role = DEFAULT;
SELECT deal_summary_counts_rebuild();
