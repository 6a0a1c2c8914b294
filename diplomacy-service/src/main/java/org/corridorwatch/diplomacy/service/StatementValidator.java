package org.corridorwatch.diplomacy.service;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.corridorwatch.support.sources.SourceRow;
import org.corridorwatch.support.validation.ResourceNames;
import org.corridorwatch.support.validation.Violations;

import org.corridorwatch.api.diplomacy.v1.StatementFilter;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementKind;
import org.corridorwatch.api.diplomacy.v1.TopicStance;

/**
 * The rules a statement and a statement filter must satisfy. Adds every violation it finds, with
 * AIP-193 field paths under the given prefix, and never stops at the first. Whether referenced
 * incidents and deals exist is checked elsewhere (StatementReferences): this class only looks
 * at the request. Texts are single lines without control characters (Violations.maxLength); only
 * the statement's text and summary, and a source's excerpt, are multi-line and keep tabs and line
 * breaks: a quote keeps its paragraphs.
 */
final class StatementValidator {

    static final int MAX_NAME = 200;
    static final int MAX_SETTING_DETAIL = 300;
    static final int MAX_TEXT = 10_000;
    static final int MAX_SUMMARY = 2_000;
    static final int MAX_TOPICS = 20;
    static final int MAX_REFERENCES = 50;
    static final int MAX_QUERY = 500;
    static final int MAX_FILTER_VALUES = 10;
    static final String INCIDENTS = "incidents";
    static final String DEALS = "deals";

    /** BCP 47 as people write it: a 2-3 letter language, then optional subtags (script, region, ...). */
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");

    private StatementValidator() {
    }

    static void validateStatement(Statement s, String prefix, Violations v) {
        v.maxLength(prefix + ".speaker", s.getSpeaker(), MAX_NAME);
        v.maxLength(prefix + ".speaker_role", s.getSpeakerRole(), MAX_NAME);
        v.maxLength(prefix + ".organization", s.getOrganization(), MAX_NAME);
        if (s.getSpeaker().isBlank() && s.getOrganization().isBlank()) {
            v.add(prefix + ".organization", "is required when speaker is empty");
        }
        v.countryCode(prefix + ".country_code", s.getCountryCode(), true);
        v.partialDate(prefix + ".statement_date", s.hasStatementDate(), s.getStatementDate(), true, true);
        v.enumValue(prefix + ".setting", s.getSetting(), true);
        v.maxLength(prefix + ".setting_detail", s.getSettingDetail(), MAX_SETTING_DETAIL);
        v.enumValue(prefix + ".kind", s.getKind(), true);
        validateWords(s, prefix, v);
        v.maxLengthMultiLine(prefix + ".summary", s.getSummary(), MAX_SUMMARY);
        validateTopics(s.getTopicsList(), prefix + ".topics", v);
        validateReferences(s.getIncidentsList(), INCIDENTS, prefix + ".incidents", v);
        validateReferences(s.getDealsList(), DEALS, prefix + ".deals", v);
        SourceRow.validateAll(s.getSourcesList(), prefix + ".sources", v);
    }

    static void validateFilter(StatementFilter filter, String prefix, Violations v) {
        v.maxLength(prefix + ".speaker", filter.getSpeaker(), MAX_NAME);
        v.maxLength(prefix + ".organization", filter.getOrganization(), MAX_NAME);
        v.countryCode(prefix + ".country_code", filter.getCountryCode(), false);
        v.enumValues(prefix + ".kinds", filter.getKindsList(), MAX_FILTER_VALUES);
        if (!filter.getTopic().isEmpty()) {
            topic(prefix + ".topic", filter.getTopic(), v);
        }
        v.enumValues(prefix + ".stances", filter.getStancesList(), MAX_FILTER_VALUES);
        v.partialDateRange(prefix, "statement", filter.hasStatementAfter(), filter.getStatementAfter(),
                filter.hasStatementBefore(), filter.getStatementBefore());
        referenceName(prefix + ".incident", filter.getIncident(), INCIDENTS, v);
        referenceName(prefix + ".deal", filter.getDeal(), DEALS, v);
    }

    /** A topic slug: the same shape as a resource id, so it reads the same in URLs and filters. */
    static void topic(String field, String topic, Violations v) {
        if (topic.isEmpty()) {
            v.add(field, "is required");
        } else if (!ResourceNames.isValidId(topic)) {
            v.add(field, "must be a topic slug: 1 to 63 lower-case letters, digits or hyphens, like \"joint-security\"");
        }
    }

    private static void validateWords(Statement s, String prefix, Violations v) {
        boolean silent = s.getKind() == StatementKind.STATEMENT_KIND_DECLINED_TO_COMMENT
                || s.getKind() == StatementKind.STATEMENT_KIND_DID_NOT_RESPOND;
        if (silent) {
            if (!s.getText().isEmpty()) {
                v.add(prefix + ".text", "must be empty for " + s.getKind().name() + ": there were no words");
            }
            if (!s.getLanguageCode().isEmpty()) {
                v.add(prefix + ".language_code", "must be empty when there is no text");
            }
            return;
        }
        v.requiredMultiLineText(prefix + ".text", s.getText(), MAX_TEXT);
        if (s.getLanguageCode().isEmpty()) {
            v.add(prefix + ".language_code", "is required with a text, e.g. \"en\"");
        } else if (!LANGUAGE_TAG.matcher(s.getLanguageCode()).matches() || s.getLanguageCode().length() > 35) {
            v.add(prefix + ".language_code", "must be a BCP 47 language tag like \"en\" or \"zh-Hans\"");
        }
    }

    private static void validateTopics(List<TopicStance> topics, String field, Violations v) {
        Set<String> seen = new HashSet<>();
        v.eachItem(field, topics, MAX_TOPICS, (t, item) -> {
            topic(item + ".topic", t.getTopic(), v);
            if (!t.getTopic().isEmpty() && !seen.add(t.getTopic())) {
                v.add(item + ".topic", "appears more than once");
            }
            v.enumValue(item + ".stance", t.getStance(), true);
        });
    }

    private static void validateReferences(List<String> names, String collection, String field, Violations v) {
        Set<String> seen = new HashSet<>();
        v.eachItem(field, names, MAX_REFERENCES, (name, item) -> {
            if (name.isEmpty() || !ResourceNames.isValid(collection, name)) {
                v.add(item, "must be a resource name like \"" + collection + "/{id}\"");
            } else if (!seen.add(name)) {
                v.add(item, "appears more than once");
            }
        });
    }

    private static void referenceName(String field, String name, String collection, Violations v) {
        if (!name.isEmpty() && !ResourceNames.isValid(collection, name)) {
            v.add(field, "must be a resource name like \"" + collection + "/{id}\"");
        }
    }
}
