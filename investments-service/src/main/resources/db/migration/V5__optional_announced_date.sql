-- Deal.announced_date becomes optional (issue 14: CPEC's sources give no launch date, and the
-- seed's stand-in, the article's own date, made CPEC count as a 2025 deal). An unset date is
-- stored as every absent partial date is (PartialDateColumns): year, month and day 0 and no span.
-- (V4 is the shared revision store, service-support db/revisions.)
ALTER TABLE deals ALTER COLUMN announced_start DROP NOT NULL;
ALTER TABLE deals ALTER COLUMN announced_end DROP NOT NULL;
-- Both span columns or neither, and only for a stored date; a NULL span passes
-- deals_announced_span (start <= end), so the announced-date filters simply never match it.
ALTER TABLE deals ADD CONSTRAINT deals_announced_span_iff_dated
    CHECK ((announced_year = 0) = (announced_start IS NULL) AND (announced_start IS NULL) = (announced_end IS NULL));

-- ListDeals' announced-date orderings sort an undated deal as the oldest, on a key that is never
-- NULL (DealResource.ANNOUNCED_ORDER): the keyset's row comparison (key, id) < (:cursor, :id)
-- would drop NULL keys. The old index stays: the announced-date filters bound announced_start.
CREATE INDEX deals_announced_key_order ON deals ((COALESCE(announced_start, DATE '0001-01-01')), id);
