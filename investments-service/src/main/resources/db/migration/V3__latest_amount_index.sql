-- SummarizeDeals counts, of each deal, only its latest amount per type and currency (latest as-of
-- date, undated as oldest, ties to the later position). This index holds the amounts in exactly that
-- order, with the amount itself, so DISTINCT ON reads the first entry of each (deal, type, currency)
-- from the index instead of sorting every amount on disk.
CREATE INDEX deal_amounts_latest ON deal_amounts
    (deal_id, amount_type, currency_code, as_of_start DESC NULLS LAST, position DESC) INCLUDE (amount);
