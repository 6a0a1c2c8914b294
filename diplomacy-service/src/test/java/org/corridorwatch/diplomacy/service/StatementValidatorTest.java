package org.corridorwatch.diplomacy.service;

import static org.corridorwatch.diplomacy.StatementFixtures.date;
import static org.corridorwatch.testing.ValidationCases.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.corridorwatch.diplomacy.StatementFixtures;
import org.corridorwatch.support.validation.Violations;
import org.corridorwatch.testing.ValidationCases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.diplomacy.v1.Stance;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementFilter;
import org.corridorwatch.api.diplomacy.v1.StatementKind;
import org.corridorwatch.api.diplomacy.v1.StatementSetting;
import org.corridorwatch.api.diplomacy.v1.TopicStance;

/**
 * Every rule of a statement and a statement filter, one at a time, by the field paths a client
 * reads in the BadRequest: each case breaks one rule of an otherwise valid record.
 */
class StatementValidatorTest {

    private static final ValidationCases<Statement.Builder> STATEMENTS = new ValidationCases<>();
    private static final ValidationCases<StatementFilter.Builder> FILTERS = new ValidationCases<>();

    @Test
    void aCompleteValidStatementHasNoViolation() {
        assertEquals(List.of(), violations(StatementFixtures.complete()));
    }

    @Test
    void everyStatementOfTheCorpusIsValid() {
        for (Statement statement : StatementFixtures.corpus()) {
            assertEquals(List.of(), violations(statement), statement::getText);
        }
    }

    @Test
    void anOrganizationWithoutASpeakerIsEnough() {
        assertEquals(List.of(), violations(StatementFixtures.complete().toBuilder().clearSpeaker().build()));
    }

    @Test
    void aSpeakerWithoutAnOrganizationIsEnough() {
        assertEquals(List.of(), violations(StatementFixtures.complete().toBuilder().clearOrganization().build()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "STATEMENT_KIND_DECLINED_TO_COMMENT", "STATEMENT_KIND_DID_NOT_RESPOND" })
    void aSilenceHasNoTextAndNoLanguage(String kind) {
        Statement silence = StatementFixtures.complete().toBuilder().setKind(StatementKind.valueOf(kind))
                .clearText().clearLanguageCode().build();
        assertEquals(List.of(), violations(silence));
    }

    static Stream<Arguments> brokenStatements() {
        return Stream.of(
                STATEMENTS.broken("speaker over 200", s -> s.setSpeaker("s".repeat(201)), "statement.speaker"),
                STATEMENTS.broken("speaker role over 200", s -> s.setSpeakerRole("r".repeat(201)), "statement.speaker_role"),
                STATEMENTS.broken("organization over 200", s -> s.setOrganization("o".repeat(201)), "statement.organization"),
                STATEMENTS.broken("neither speaker nor organization", s -> s.setSpeaker(" ").clearOrganization(),
                        "statement.organization"),
                STATEMENTS.broken("no country", s -> s.clearCountryCode(), "statement.country_code"),
                STATEMENTS.broken("a country that is not ISO", s -> s.setCountryCode("PRC"), "statement.country_code"),
                STATEMENTS.broken("no date", s -> s.clearStatementDate(), "statement.statement_date"),
                STATEMENTS.broken("a date that is no date", s -> s.setStatementDate(date(2025, 9, 31)),
                        "statement.statement_date"),
                STATEMENTS.broken("a date to come", s -> s.setStatementDate(date(9999, 0, 0)), "statement.statement_date"),
                STATEMENTS.broken("no setting", s -> s.setSetting(StatementSetting.STATEMENT_SETTING_UNSPECIFIED),
                        "statement.setting"),
                STATEMENTS.broken("setting detail over 300", s -> s.setSettingDetail("d".repeat(301)),
                        "statement.setting_detail"),
                STATEMENTS.broken("no kind", s -> s.setKind(StatementKind.STATEMENT_KIND_UNSPECIFIED), "statement.kind"),
                STATEMENTS.broken("a kind this build does not know", s -> s.setKindValue(999), "statement.kind"),
                STATEMENTS.broken("a quote without words", s -> s.setText("  "), "statement.text"),
                STATEMENTS.broken("text over 10,000", s -> s.setText("w".repeat(10_001)), "statement.text"),
                STATEMENTS.broken("words without a language", s -> s.clearLanguageCode(), "statement.language_code"),
                STATEMENTS.broken("a language in upper case", s -> s.setLanguageCode("EN"), "statement.language_code"),
                STATEMENTS.broken("a language tag with an empty subtag", s -> s.setLanguageCode("zh--Hans"),
                        "statement.language_code"),
                STATEMENTS.broken("a language tag over 35", s -> s.setLanguageCode("en" + "-abcdefgh".repeat(4)),
                        "statement.language_code"),
                STATEMENTS.broken("words for one who declined to comment", s -> s
                        .setKind(StatementKind.STATEMENT_KIND_DECLINED_TO_COMMENT).clearLanguageCode(),
                        "statement.text"),
                STATEMENTS.broken("a language for one who did not respond", s -> s
                        .setKind(StatementKind.STATEMENT_KIND_DID_NOT_RESPOND).clearText(),
                        "statement.language_code"),
                STATEMENTS.broken("summary over 2,000", s -> s.setSummary("s".repeat(2_001)), "statement.summary"),
                STATEMENTS.broken("21 topics", s -> s.clearTopics().addAllTopics(Stream.iterate(0, n -> n + 1).limit(21)
                        .map(n -> TopicStance.newBuilder().setTopic("topic-" + n).setStance(Stance.STANCE_SUPPORTS)
                                .build()).toList()), "statement.topics"),
                STATEMENTS.broken("a topic without a slug", s -> s.setTopics(0, s.getTopics(0).toBuilder().clearTopic()),
                        "statement.topics[0].topic"),
                STATEMENTS.broken("a topic that is no slug", s -> s.setTopics(1, s.getTopics(1).toBuilder()
                        .setTopic("Joint Security")), "statement.topics[1].topic"),
                STATEMENTS.broken("a topic twice", s -> s.setTopics(1, s.getTopics(1).toBuilder()
                        .setTopic(s.getTopics(0).getTopic())), "statement.topics[1].topic"),
                STATEMENTS.broken("a topic without a stance", s -> s.setTopics(0, s.getTopics(0).toBuilder()
                        .setStance(Stance.STANCE_UNSPECIFIED)), "statement.topics[0].stance"),
                STATEMENTS.broken("51 incidents", s -> s.clearIncidents().addAllIncidents(Stream.iterate(0, n -> n + 1)
                        .limit(51).map(n -> "incidents/i-" + n).toList()), "statement.incidents"),
                STATEMENTS.broken("an incident of another collection", s -> s.setIncidents(1, "deals/ml-1"),
                        "statement.incidents[1]"),
                STATEMENTS.broken("an empty incident name", s -> s.setIncidents(0, ""), "statement.incidents[0]"),
                STATEMENTS.broken("an incident twice", s -> s.setIncidents(1, s.getIncidents(0)), "statement.incidents[1]"),
                STATEMENTS.broken("51 deals", s -> s.addAllDeals(Collections.nCopies(50, "deals/ml-1")), "statement.deals"),
                STATEMENTS.broken("a deal name with an invalid id", s -> s.setDeals(0, "deals/ML_1"), "statement.deals[0]"),
                STATEMENTS.broken("a deal twice", s -> s.addDeals(s.getDeals(0)), "statement.deals[1]"),
                STATEMENTS.broken("no source", s -> s.clearSources(), "statement.sources"),
                STATEMENTS.broken("51 sources", s -> s.addAllSources(Collections.nCopies(49, s.getSources(1))),
                        "statement.sources"),
                STATEMENTS.broken("a source without an outlet", s -> s.setSources(1, Source.getDefaultInstance()),
                        "statement.sources[1].outlet"),
                STATEMENTS.broken("a source URL that is not a URL", s -> s.setSources(0, s.getSources(0).toBuilder()
                        .setUrl("https://exa mple.org")), "statement.sources[0].url"),
                STATEMENTS.broken("a source excerpt with NUL", s -> s.setSources(0, s.getSources(0).toBuilder()
                        .setExcerpt("a\u0000b")), "statement.sources[0].excerpt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenStatements")
    void eachBrokenRuleNamesItsField(String rule, UnaryOperator<Statement.Builder> change, List<String> fields) {
        assertEquals(fields, violations(change.apply(StatementFixtures.complete().toBuilder()).build()));
    }

    @Test
    void everyViolationIsReportedNotOnlyTheFirst() {
        Statement statement = StatementFixtures.complete().toBuilder().clearCountryCode().clearStatementDate()
                .setSetting(StatementSetting.STATEMENT_SETTING_UNSPECIFIED).setIncidents(0, "incident-1")
                .clearSources().build();
        assertEquals(List.of("statement.country_code", "statement.incidents[0]", "statement.setting",
                "statement.sources", "statement.statement_date"), violations(statement));
    }

    @Test
    void anEmptyFilterAndAFullValidFilterHaveNoViolation() {
        assertEquals(List.of(), violations(StatementFilter.getDefaultInstance()));
        assertEquals(List.of(), violations(validFilter().build()));
    }

    static Stream<Arguments> brokenFilters() {
        return Stream.of(
                FILTERS.broken("speaker over 200", f -> f.setSpeaker("s".repeat(201)), "filter.speaker"),
                FILTERS.broken("organization over 200", f -> f.setOrganization("o".repeat(201)),
                        "filter.organization"),
                FILTERS.broken("a country that is not ISO", f -> f.setCountryCode("cn"), "filter.country_code"),
                FILTERS.broken("11 kinds", f -> f.addAllKinds(Collections.nCopies(10,
                        StatementKind.STATEMENT_KIND_PARAPHRASE)), "filter.kinds"),
                FILTERS.broken("an unspecified kind", f -> f.addKinds(StatementKind.STATEMENT_KIND_UNSPECIFIED),
                        "filter.kinds[1]"),
                FILTERS.broken("a topic that is no slug", f -> f.setTopic("-joint"), "filter.topic"),
                FILTERS.broken("11 stances", f -> f.addAllStances(Collections.nCopies(10, Stance.STANCE_OPPOSES)),
                        "filter.stances"),
                FILTERS.broken("an unknown stance", f -> f.addStancesValue(999), "filter.stances[1]"),
                FILTERS.broken("statement_after no date", f -> f.setStatementAfter(date(2025, 0, 1)),
                        "filter.statement_after"),
                FILTERS.broken("an empty range", f -> f.setStatementAfter(date(2025, 10, 0))
                        .setStatementBefore(date(2025, 9, 30)), "filter.statement_before"),
                FILTERS.broken("an incident that is no incident's name", f -> f.setIncident("deals/ml-1"),
                        "filter.incident"),
                FILTERS.broken("a deal that is no deal's name", f -> f.setDeal("ml-1"), "filter.deal"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFilters")
    void eachBrokenFilterRuleNamesItsField(String rule, UnaryOperator<StatementFilter.Builder> change,
            List<String> fields) {
        assertEquals(fields, violations(change.apply(validFilter()).build()));
    }

    private static StatementFilter.Builder validFilter() {
        return StatementFilter.newBuilder().setSpeaker("Attaullah Tarar").setOrganization("Government of Pakistan")
                .setCountryCode("PK").addKinds(StatementKind.STATEMENT_KIND_DIRECT_QUOTE).setTopic("joint-security")
                .addStances(Stance.STANCE_RULES_OUT).setStatementAfter(date(2024, 0, 0))
                .setStatementBefore(date(2025, 9, 0)).setIncident("incidents/karachi-airport-2024")
                .setDeal("deals/ml-1");
    }

    private static List<String> violations(Statement statement) {
        Violations v = new Violations();
        StatementValidator.validateStatement(statement, "statement", v);
        return fields(v.list());
    }

    private static List<String> violations(StatementFilter filter) {
        Violations v = new Violations();
        StatementValidator.validateFilter(filter, "filter", v);
        return fields(v.list());
    }
}
