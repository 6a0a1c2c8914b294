-- Security incidents. Optional texts are stored as '' (never NULL), the way proto3 carries them.
CREATE TABLE incidents (
    id                  text        PRIMARY KEY,
    title               text        NOT NULL,
    summary             text        NOT NULL,
    -- The partial date as given (month/day 0 = unknown) and the span of days it stands for.
    occurred_year       integer     NOT NULL,
    occurred_month      integer     NOT NULL,
    occurred_day        integer     NOT NULL,
    occurred_start      date        NOT NULL,
    occurred_end        date        NOT NULL,
    place_name          text        NOT NULL,
    place_district      text        NOT NULL,
    place_province      text        NOT NULL,
    place_country_code  char(2)     NOT NULL,
    latitude            double precision,
    longitude           double precision,
    place_precision     text        NOT NULL,
    incident_type       text        NOT NULL,
    target_type         text        NOT NULL,
    killed_low          integer     NOT NULL,
    killed_best         integer     NOT NULL,
    killed_high         integer     NOT NULL,
    injured_low         integer     NOT NULL,
    injured_best        integer     NOT NULL,
    injured_high        integer     NOT NULL,
    affected_deal       text        NOT NULL,
    status              text        NOT NULL,
    -- AIP-155: a create retried with the same request_id returns this row.
    create_request_id   uuid        UNIQUE,
    create_time         timestamptz NOT NULL,
    update_time         timestamptz NOT NULL,
    version             bigint      NOT NULL,
    search_vector       tsvector    GENERATED ALWAYS AS (
                            setweight(to_tsvector('english', title), 'A') ||
                            setweight(to_tsvector('english', summary), 'B')) STORED,
    CONSTRAINT incidents_killed_range CHECK (0 <= killed_low AND killed_low <= killed_best AND killed_best <= killed_high),
    CONSTRAINT incidents_injured_range CHECK (0 <= injured_low AND injured_low <= injured_best AND injured_best <= injured_high),
    CONSTRAINT incidents_occurred_span CHECK (occurred_start <= occurred_end)
);

CREATE TABLE incident_nationality_casualties (
    incident_id  text    NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    position     integer NOT NULL,
    country_code char(2) NOT NULL,
    killed       integer NOT NULL CHECK (killed >= 0),
    injured      integer NOT NULL CHECK (injured >= 0),
    PRIMARY KEY (incident_id, position)
);

CREATE TABLE incident_perpetrators (
    incident_id   text    NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    position      integer NOT NULL,
    actor         text    NOT NULL,
    kind          text    NOT NULL,
    attributed_by text    NOT NULL,
    PRIMARY KEY (incident_id, position)
);

CREATE TABLE incident_sources (
    incident_id     text    NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    position        integer NOT NULL,
    outlet          text    NOT NULL,
    url             text    NOT NULL,
    title           text    NOT NULL,
    published_year  integer NOT NULL, -- 0 = no published date
    published_month integer NOT NULL,
    published_day   integer NOT NULL,
    excerpt         text    NOT NULL,
    PRIMARY KEY (incident_id, position)
);

-- The two orderings of ListIncidents, keyset style: (sort key, id).
CREATE INDEX incidents_occurred_order ON incidents (occurred_start, id);
CREATE INDEX incidents_update_order ON incidents (update_time, id);
-- Filters.
CREATE INDEX incidents_province ON incidents (lower(place_province));
CREATE INDEX incidents_country ON incidents (place_country_code);
CREATE INDEX incidents_type ON incidents (incident_type);
CREATE INDEX incidents_status ON incidents (status);
CREATE INDEX incidents_killed ON incidents (killed_best);
CREATE INDEX incidents_affected_deal ON incidents (affected_deal) WHERE affected_deal <> '';
CREATE INDEX incidents_occurred_end ON incidents (occurred_end);
CREATE INDEX incidents_search ON incidents USING gin (search_vector);
-- Victim-nationality filter and summary.
CREATE INDEX incident_nationality_by_country ON incident_nationality_casualties (country_code, incident_id);
