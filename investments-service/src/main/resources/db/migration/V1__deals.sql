-- Investment deals. Optional texts are stored as '' (never NULL), the way proto3 carries them.
-- Enumerations are stored by their API value names, which the contract keeps stable.
CREATE TABLE deals (
    id                    text        PRIMARY KEY,
    title                 text        NOT NULL,
    summary               text        NOT NULL,
    kind                  text        NOT NULL,
    -- Sets of ISO codes / enum names; GIN indexes below serve the containment filters.
    counterpart_countries text[]      NOT NULL,
    sectors               text[]      NOT NULL,
    commodities           text[]      NOT NULL,
    programme             text        NOT NULL,
    location              text        NOT NULL,
    -- Partial dates as given (month/day 0 = unknown) and the span of days they stand for.
    announced_year        integer     NOT NULL,
    announced_month       integer     NOT NULL,
    announced_day         integer     NOT NULL,
    announced_start       date        NOT NULL,
    announced_end         date        NOT NULL,
    signed_year           integer     NOT NULL, -- 0 = not signed
    signed_month          integer     NOT NULL,
    signed_day            integer     NOT NULL,
    signed_start          date,
    signed_end            date,
    -- The to_status and date of the latest row of deal_status_transitions, kept here for filters.
    status                text        NOT NULL,
    status_year           integer     NOT NULL,
    status_month          integer     NOT NULL,
    status_day            integer     NOT NULL,
    -- AIP-155: a create retried with the same request_id returns this row.
    create_request_id     uuid        UNIQUE,
    create_time           timestamptz NOT NULL,
    update_time           timestamptz NOT NULL,
    version               bigint      NOT NULL,
    search_vector         tsvector    GENERATED ALWAYS AS (
                              setweight(to_tsvector('english', title), 'A') ||
                              setweight(to_tsvector('english', summary), 'B')) STORED,
    CONSTRAINT deals_announced_span CHECK (announced_start <= announced_end),
    CONSTRAINT deals_signed_span CHECK (signed_start IS NULL OR signed_start <= signed_end)
);

CREATE TABLE deal_parties (
    deal_id      text    NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    position     integer NOT NULL,
    name         text    NOT NULL,
    role         text    NOT NULL,
    country_code text    NOT NULL,
    PRIMARY KEY (deal_id, position)
);

CREATE TABLE deal_amounts (
    deal_id         text          NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    position        integer       NOT NULL,
    amount_type     text          NOT NULL,
    currency_code   char(3)       NOT NULL,
    -- Exact: up to 10^15 units with 9 decimals (google.type.Money's nanos).
    amount          numeric(25,9) NOT NULL CHECK (amount >= 0),
    as_of_year      integer       NOT NULL, -- 0 = no date
    as_of_month     integer       NOT NULL,
    as_of_day       integer       NOT NULL,
    -- First day of the as-of span; NULL when undated. Orders revisions: the latest one counts.
    as_of_start     date,
    -- The amount's own source; has_source false means none was given.
    has_source      boolean       NOT NULL,
    outlet          text          NOT NULL,
    url             text          NOT NULL,
    title           text          NOT NULL,
    published_year  integer       NOT NULL,
    published_month integer       NOT NULL,
    published_day   integer       NOT NULL,
    excerpt         text          NOT NULL,
    PRIMARY KEY (deal_id, position)
);

CREATE TABLE deal_sources (
    deal_id         text    NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    position        integer NOT NULL,
    outlet          text    NOT NULL,
    url             text    NOT NULL,
    title           text    NOT NULL,
    published_year  integer NOT NULL, -- 0 = no published date
    published_month integer NOT NULL,
    published_day   integer NOT NULL,
    excerpt         text    NOT NULL,
    PRIMARY KEY (deal_id, position)
);

-- The append-only status history. The id orders the entries as they were recorded.
CREATE TABLE deal_status_transitions (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    deal_id         text        NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    from_status     text        NOT NULL,
    to_status       text        NOT NULL,
    effective_year  integer     NOT NULL,
    effective_month integer     NOT NULL,
    effective_day   integer     NOT NULL,
    note            text        NOT NULL,
    has_source      boolean     NOT NULL,
    outlet          text        NOT NULL,
    url             text        NOT NULL,
    title           text        NOT NULL,
    published_year  integer     NOT NULL,
    published_month integer     NOT NULL,
    published_day   integer     NOT NULL,
    excerpt         text        NOT NULL,
    record_time     timestamptz NOT NULL
);
CREATE INDEX deal_status_transitions_by_deal ON deal_status_transitions (deal_id, id);

-- The two orderings of ListDeals, keyset style: (sort key, id).
CREATE INDEX deals_announced_order ON deals (announced_start, id);
CREATE INDEX deals_update_order ON deals (update_time, id);
-- Filters.
CREATE INDEX deals_kind ON deals (kind);
CREATE INDEX deals_status ON deals (status);
CREATE INDEX deals_programme ON deals (programme);
CREATE INDEX deals_counterparts ON deals USING gin (counterpart_countries);
CREATE INDEX deals_sectors ON deals USING gin (sectors);
CREATE INDEX deals_commodities ON deals USING gin (commodities);
CREATE INDEX deals_announced_end ON deals (announced_end);
CREATE INDEX deals_signed ON deals (signed_start, signed_end);
CREATE INDEX deals_search ON deals USING gin (search_vector);
CREATE INDEX deal_parties_by_name ON deal_parties (lower(name), deal_id);
CREATE INDEX deal_amounts_by_currency ON deal_amounts (currency_code, amount, deal_id);
