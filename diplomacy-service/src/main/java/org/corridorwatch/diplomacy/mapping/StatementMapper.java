package org.corridorwatch.diplomacy.mapping;


import org.corridorwatch.diplomacy.domain.StatementEntity;
import org.corridorwatch.diplomacy.domain.TopicStanceRow;
import org.corridorwatch.support.dates.PartialDateColumns;
import org.corridorwatch.support.dates.PartialDateWithSpan;
import org.corridorwatch.support.export.ExportRows;
import org.corridorwatch.support.sources.SourceRow;
import org.corridorwatch.support.resources.ResourceMetadata;

import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.diplomacy.v1.Stance;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.TopicStance;

/** Converts between the API's Statement and the stored StatementEntity. */
public final class StatementMapper {

    /**
     * {@link #toProto} as plain SQL over "statements s", for exports (ExportRows): the same
     * message from the same columns. A field mapped in one is mapped in the other; the export tests
     * compare what the two give (FeedCases).
     */
    public static final ExportRows EXPORT_ROWS = ExportRows.of(String.join(", ",
            ExportRows.labelled("s.", "", "speaker", "speaker_role", "organization", "country_code"),
            PartialDateColumns.exportColumns("s.statement", "statement_date"),
            ExportRows.labelled("s.", "", "setting", "setting_detail", "kind", "text", "language_code", "summary"),
            "ARRAY(SELECT incident FROM statement_incidents x WHERE x.statement_id = s.id ORDER BY x.position)"
                    + " AS \"incidents\"",
            "ARRAY(SELECT deal FROM statement_deals x WHERE x.statement_id = s.id ORDER BY x.position) AS \"deals\""),
            new ExportRows.Child("topics", "statement_topics", "statement_id",
                    ExportRows.labelled("", "", "topic", "stance")),
            SourceRow.exportChild("statement_sources", "statement_id"));

    private StatementMapper() {
    }

    public static Statement toProto(StatementEntity e) {
        Statement.Builder statement = ResourceMetadata.filled(Statement.newBuilder(), e)
                .setSpeaker(e.speaker)
                .setSpeakerRole(e.speakerRole)
                .setOrganization(e.organization)
                .setCountryCode(e.countryCode)
                .setStatementDate(e.statementDate.toDate())
                .setSetting(e.setting)
                .setSettingDetail(e.settingDetail)
                .setKind(e.kind)
                .setText(e.text)
                .setLanguageCode(e.languageCode)
                .setSummary(e.summary)
                .addAllIncidents(e.incidents)
                .addAllDeals(e.deals);
        for (TopicStanceRow row : e.topics) {
            statement.addTopics(TopicStance.newBuilder().setTopic(row.topic).setStance(row.stance));
        }
        for (SourceRow row : e.sources) {
            statement.addSources(row.toProto());
        }
        return statement.build();
    }

    /** The stance the statement takes toward {@code topic}; UNSPECIFIED when it has none. */
    public static Stance stanceToward(Statement statement, String topic) {
        return statement.getTopicsList().stream().filter(t -> t.getTopic().equals(topic)).map(TopicStance::getStance)
                .findFirst().orElse(Stance.STANCE_UNSPECIFIED);
    }

    /**
     * Copies every client-settable field of a validated statement onto the entity. Output-only
     * fields (name, times, etag) are the service's to set.
     */
    public static void copyInto(Statement statement, StatementEntity e) {
        e.speaker = statement.getSpeaker().strip();
        e.speakerRole = statement.getSpeakerRole().strip();
        e.organization = statement.getOrganization().strip();
        e.countryCode = statement.getCountryCode();
        e.statementDate = PartialDateWithSpan.of(statement.getStatementDate());
        e.setting = statement.getSetting();
        e.settingDetail = statement.getSettingDetail().strip();
        e.kind = statement.getKind();
        // Verbatim: the words are kept exactly as given, only surrounding whitespace goes.
        e.text = statement.getText().strip();
        e.languageCode = statement.getLanguageCode();
        e.summary = statement.getSummary().strip();

        e.topics.clear();
        for (TopicStance t : statement.getTopicsList()) {
            TopicStanceRow row = new TopicStanceRow();
            row.topic = t.getTopic();
            row.stance = t.getStance();
            e.topics.add(row);
        }
        e.incidents.clear();
        e.incidents.addAll(statement.getIncidentsList());
        e.deals.clear();
        e.deals.addAll(statement.getDealsList());
        e.sources.clear();
        for (Source s : statement.getSourcesList()) {
            e.sources.add(SourceRow.of(s));
        }
    }

}
