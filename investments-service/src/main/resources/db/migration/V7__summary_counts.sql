-- SummarizeDeals without scanning the deals (issue 12): the live deals counted, and their latest
-- amounts summed, per group of every grouping and per value of the fields the counts can filter
-- by (programme, announced year, kind, status), kept exact by triggers in the writing transaction.
-- A reader's snapshot sees the counts and the deals as of the same commits, so a summary read from
-- them is the one a full scan gives, under concurrent writes too. Other filters and read_time
-- still scan; see DealSummaryCounts. (V4 and V6 are the shared revision store's.)

CREATE TABLE deal_summary_counts (
    -- TOTAL (key ''), or the grouping the key is of: COUNTERPART_COUNTRY (a deal without
    -- counterparts under ''), SECTOR, STATUS, KIND. A deal is in every group its values name.
    grouped_by       text    NOT NULL,
    key            text    NOT NULL,
    programme      text    NOT NULL,
    announced_year integer NOT NULL, -- 0: not announced
    kind           text    NOT NULL,
    status         text    NOT NULL,
    -- '' and '' in the row that counts the group's deals; otherwise the deals with an amount of
    -- this type and currency, and the sum of the latest such amount of each.
    amount_type    text    NOT NULL,
    currency_code  text    NOT NULL,
    deals          bigint  NOT NULL,
    amount         numeric NOT NULL,
    PRIMARY KEY (grouped_by, key, programme, announced_year, kind, status, amount_type, currency_code)
);

-- What one deal adds to the counts as its rows stand now: nothing when deleted or not there.
-- The latest amount per type and currency is SummarizeDeals' (latest as-of date, undated oldest,
-- ties to the later position).
CREATE FUNCTION deal_summary_parts(deal text)
RETURNS TABLE (grouped_by text, key text, programme text, announced_year integer, kind text, status text,
               amount_type text, currency_code text, deals bigint, amount numeric)
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    WITH d AS (SELECT * FROM deals WHERE id = deal AND delete_time IS NULL),
    keys AS (
        SELECT 'TOTAL' AS grouped_by, '' AS key FROM d
        UNION SELECT 'COUNTERPART_COUNTRY', coalesce(c, '') FROM d LEFT JOIN LATERAL unnest(d.counterpart_countries) c ON TRUE
        UNION SELECT 'SECTOR', s FROM d CROSS JOIN LATERAL unnest(d.sectors) s
        UNION SELECT 'STATUS', d.status FROM d
        UNION SELECT 'KIND', d.kind FROM d),
    latest AS (
        SELECT DISTINCT ON (a.amount_type, a.currency_code) a.amount_type, a.currency_code::text, a.amount
          FROM deal_amounts a WHERE a.deal_id = deal
         ORDER BY a.amount_type, a.currency_code, a.as_of_start DESC NULLS LAST, a.position DESC),
    figures AS (
        SELECT '' AS amount_type, '' AS currency_code, 0::numeric AS amount
        UNION ALL SELECT * FROM latest)
    SELECT k.grouped_by, k.key, d.programme, d.announced_year, d.kind, d.status, f.amount_type, f.currency_code,
           1::bigint, f.amount
      FROM d CROSS JOIN keys k CROSS JOIN figures f
$$;

-- A deal's parts as they stood before the writing transaction first touched it, until the
-- transaction settles it at commit. The row also marks the deal as touched: a second writer of
-- the deal waits on its key until the first commits.
CREATE TABLE deal_summary_pending (
    deal_id text PRIMARY KEY,
    before  jsonb NOT NULL
);

CREATE FUNCTION deal_summary_touch() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    deal text := to_jsonb(coalesce(NEW, OLD)) ->> TG_ARGV[0]; -- the column naming the deal
BEGIN
    -- The deal's row lock first (an update of the deal holds it already; an amount's change or an
    -- INSERT ... ON CONFLICT DO UPDATE may not): waiting here for another writer's commit, the
    -- parts read next include that writer's changes.
    PERFORM 1 FROM deals WHERE id = deal FOR UPDATE;
    IF EXISTS (SELECT 1 FROM deal_summary_pending WHERE deal_id = deal) THEN
        RETURN coalesce(NEW, OLD); -- touched already in this transaction
    END IF;
    INSERT INTO deal_summary_pending
        SELECT deal, coalesce(jsonb_agg(to_jsonb(p)), '[]') FROM deal_summary_parts(deal) p
        ON CONFLICT (deal_id) DO NOTHING;
    RETURN coalesce(NEW, OLD);
END;
$$;

-- At commit: the deal's parts now, less its parts before, added to the counts in key order (one
-- statement, so writers lock count rows in one order and cannot deadlock on them).
CREATE FUNCTION deal_summary_settle() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    deal text := to_jsonb(coalesce(NEW, OLD)) ->> TG_ARGV[0];
    parts_before jsonb;
BEGIN
    DELETE FROM deal_summary_pending WHERE deal_id = deal RETURNING before INTO parts_before;
    IF NOT FOUND THEN
        RETURN NULL; -- settled already, by an earlier change of this deal in this transaction
    END IF;
    INSERT INTO deal_summary_counts AS c
        SELECT p.grouped_by, p.key, p.programme, p.announced_year, p.kind, p.status, p.amount_type, p.currency_code,
               sum(p.deals), sum(p.amount)
          FROM (SELECT b.grouped_by, b.key, b.programme, b.announced_year, b.kind, b.status, b.amount_type,
                       b.currency_code, -b.deals AS deals, -b.amount AS amount
                  FROM jsonb_populate_recordset(NULL::deal_summary_counts, parts_before) b
                UNION ALL
                SELECT * FROM deal_summary_parts(deal)) p
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
        HAVING sum(p.deals) <> 0 OR sum(p.amount) <> 0
         ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
        ON CONFLICT (grouped_by, key, programme, announced_year, kind, status, amount_type, currency_code) DO UPDATE
        SET deals = c.deals + excluded.deals, amount = c.amount + excluded.amount;
    RETURN NULL;
END;
$$;

CREATE TRIGGER deal_summary_touch BEFORE INSERT OR UPDATE OR DELETE ON deals
    FOR EACH ROW EXECUTE FUNCTION deal_summary_touch('id');
CREATE TRIGGER deal_summary_touch BEFORE INSERT OR UPDATE OR DELETE ON deal_amounts
    FOR EACH ROW EXECUTE FUNCTION deal_summary_touch('deal_id');
CREATE CONSTRAINT TRIGGER deal_summary_settle AFTER INSERT OR UPDATE OR DELETE ON deals
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION deal_summary_settle('id');
CREATE CONSTRAINT TRIGGER deal_summary_settle AFTER INSERT OR UPDATE OR DELETE ON deal_amounts
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION deal_summary_settle('deal_id');

-- The counts made anew from the deals: for the deals stored before this migration, after a
-- TRUNCATE (which fires no row triggers), and after a bulk load with the triggers off
-- (session_replication_role = replica; the benchmark's data script).
CREATE FUNCTION deal_summary_counts_rebuild() RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    -- Writers of deals wait until the counts are whole again.
    LOCK TABLE deals, deal_amounts IN SHARE MODE;
    DELETE FROM deal_summary_counts;
    WITH keys AS (
        SELECT d.id, 'TOTAL' AS grouped_by, '' AS key FROM deals d WHERE d.delete_time IS NULL
        UNION SELECT d.id, 'COUNTERPART_COUNTRY', coalesce(c, '') FROM deals d
              LEFT JOIN LATERAL unnest(d.counterpart_countries) c ON TRUE WHERE d.delete_time IS NULL
        UNION SELECT d.id, 'SECTOR', s FROM deals d CROSS JOIN LATERAL unnest(d.sectors) s WHERE d.delete_time IS NULL
        UNION SELECT d.id, 'STATUS', d.status FROM deals d WHERE d.delete_time IS NULL
        UNION SELECT d.id, 'KIND', d.kind FROM deals d WHERE d.delete_time IS NULL),
    latest AS (
        SELECT DISTINCT ON (a.deal_id, a.amount_type, a.currency_code) a.deal_id, a.amount_type,
               a.currency_code::text, a.amount
          FROM deal_amounts a
         ORDER BY a.deal_id, a.amount_type, a.currency_code, a.as_of_start DESC NULLS LAST, a.position DESC),
    figures AS (
        SELECT d.id AS deal_id, '' AS amount_type, '' AS currency_code, 0::numeric AS amount FROM deals d
        UNION ALL SELECT * FROM latest)
    INSERT INTO deal_summary_counts
        SELECT k.grouped_by, k.key, d.programme, d.announced_year, d.kind, d.status, f.amount_type, f.currency_code,
               count(*), sum(f.amount)
          FROM deals d JOIN keys k ON k.id = d.id JOIN figures f ON f.deal_id = d.id
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
END;
$$;

CREATE FUNCTION deal_summary_counts_truncated() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM deal_summary_counts_rebuild();
    RETURN NULL;
END;
$$;

CREATE TRIGGER deal_summary_counts_truncated AFTER TRUNCATE ON deals
    FOR EACH STATEMENT EXECUTE FUNCTION deal_summary_counts_truncated();
CREATE TRIGGER deal_summary_counts_truncated AFTER TRUNCATE ON deal_amounts
    FOR EACH STATEMENT EXECUTE FUNCTION deal_summary_counts_truncated();

SELECT deal_summary_counts_rebuild();
