-- Statements. Optional texts are stored as '' (never NULL), the way proto3 carries them.
CREATE TABLE statements (
    id                 text        PRIMARY KEY,
    speaker            text        NOT NULL,
    speaker_role       text        NOT NULL,
    organization       text        NOT NULL,
    country_code       char(2)     NOT NULL,
    -- The partial date as given (month/day 0 = unknown) and the span of days it stands for.
    statement_year     integer     NOT NULL,
    statement_month    integer     NOT NULL,
    statement_day      integer     NOT NULL,
    statement_start    date        NOT NULL,
    statement_end      date        NOT NULL,
    setting            text        NOT NULL,
    setting_detail     text        NOT NULL,
    kind               text        NOT NULL,
    text               text        NOT NULL,
    language_code      text        NOT NULL,
    summary            text        NOT NULL,
    -- AIP-155: a create retried with the same request_id returns this row.
    create_request_id  uuid        UNIQUE,
    create_time        timestamptz NOT NULL,
    update_time        timestamptz NOT NULL,
    version            bigint      NOT NULL,
    -- The words weigh more than the analyst's summary in the ranking of SearchStatements.
    search_vector      tsvector    GENERATED ALWAYS AS (
                           setweight(to_tsvector('english', text), 'A') ||
                           setweight(to_tsvector('english', summary), 'B')) STORED,
    CONSTRAINT statements_span CHECK (statement_start <= statement_end),
    CONSTRAINT statements_speaker_or_organization CHECK (speaker <> '' OR organization <> ''),
    -- Declining to comment and not responding have no words.
    CONSTRAINT statements_silence_has_no_text CHECK (
        kind NOT IN ('STATEMENT_KIND_DECLINED_TO_COMMENT', 'STATEMENT_KIND_DID_NOT_RESPOND') OR text = '')
);

-- Unique constraints on the collections are deferred: Hibernate rewrites a list position by
-- position, so two entries swapping places collide for a moment inside the transaction.
CREATE TABLE statement_topics (
    statement_id text    NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    position     integer NOT NULL,
    topic        text    NOT NULL,
    stance       text    NOT NULL,
    PRIMARY KEY (statement_id, position),
    CONSTRAINT statement_topics_once UNIQUE (statement_id, topic) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE statement_incidents (
    statement_id text    NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    position     integer NOT NULL,
    incident     text    NOT NULL,
    PRIMARY KEY (statement_id, position),
    CONSTRAINT statement_incidents_once UNIQUE (statement_id, incident) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE statement_deals (
    statement_id text    NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    position     integer NOT NULL,
    deal         text    NOT NULL,
    PRIMARY KEY (statement_id, position),
    CONSTRAINT statement_deals_once UNIQUE (statement_id, deal) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE statement_sources (
    statement_id    text    NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    position        integer NOT NULL,
    outlet          text    NOT NULL,
    url             text    NOT NULL,
    title           text    NOT NULL,
    published_year  integer NOT NULL, -- 0 = no published date
    published_month integer NOT NULL,
    published_day   integer NOT NULL,
    excerpt         text    NOT NULL,
    PRIMARY KEY (statement_id, position)
);

-- The orderings of ListStatements and GetPositionTimeline, keyset style: (sort key, id).
CREATE INDEX statements_date_order ON statements (statement_start, id);
CREATE INDEX statements_update_order ON statements (update_time, id);
-- Filters.
CREATE INDEX statements_speaker ON statements (lower(speaker)) WHERE speaker <> '';
CREATE INDEX statements_organization ON statements (lower(organization)) WHERE organization <> '';
CREATE INDEX statements_country ON statements (country_code);
CREATE INDEX statements_kind ON statements (kind);
CREATE INDEX statements_date_end ON statements (statement_end);
-- Full-text search (SearchStatements).
CREATE INDEX statements_search ON statements USING gin (search_vector);
-- Topic and stance filters and the timeline: statements about a topic, by stance.
CREATE INDEX statement_topics_by_topic ON statement_topics (topic, stance, statement_id);
CREATE INDEX statement_topics_by_stance ON statement_topics (stance, statement_id);
-- "Statements about this incident / deal".
CREATE INDEX statement_incidents_by_incident ON statement_incidents (incident, statement_id);
CREATE INDEX statement_deals_by_deal ON statement_deals (deal, statement_id);
