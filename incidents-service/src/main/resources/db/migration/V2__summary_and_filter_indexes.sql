-- SummarizeIncidents by victim nationality reads the casualty rows in (country, incident) order
-- from this index alone: counting the distinct incidents of each country needs neither a sort nor
-- the table. It serves the victim-nationality filter as V1's (country_code, incident_id) did, which
-- it replaces.
CREATE INDEX incident_nationality_summary ON incident_nationality_casualties (country_code, incident_id)
    INCLUDE (killed, injured);
DROP INDEX incident_nationality_by_country;
