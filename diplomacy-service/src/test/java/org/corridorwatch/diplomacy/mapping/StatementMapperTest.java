package org.corridorwatch.diplomacy.mapping;

import static org.corridorwatch.diplomacy.StatementFixtures.date;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.time.LocalDate;

import org.corridorwatch.diplomacy.StatementFixtures;
import org.corridorwatch.diplomacy.domain.StatementEntity;
import org.corridorwatch.support.persistence.VersionedRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.type.Date;

import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.diplomacy.v1.Stance;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementKind;

/**
 * A statement as a client sends it, stored (copyInto) and read back (toProto): what comes back is
 * what was sent, the words verbatim, plus the name, times and etag the service adds.
 */
class StatementMapperTest {

    private static final Instant CREATED = Instant.parse("2025-09-10T04:00:00.000100Z");
    private static final Instant UPDATED = Instant.parse("2025-09-12T22:59:59.999999Z");

    @Test
    void aCompleteStatementComesBackAsSentWithItsOutputFields() {
        Statement sent = StatementFixtures.complete();
        StatementEntity stored = store(sent);

        assertEquals(sent.toBuilder().setName("statements/tarar-on-ground")
                .setCreateTime(VersionedRecord.timestamp(CREATED)).setUpdateTime(VersionedRecord.timestamp(UPDATED))
                .setEtag(stored.etag()).build(), StatementMapper.toProto(stored));
    }

    @Test
    void everyStatementOfTheCorpusComesBackAsSent() {
        for (Statement sent : StatementFixtures.corpus()) {
            StatementEntity stored = store(sent);
            assertEquals(sent, StatementMapper.toProto(stored).toBuilder().clearName().clearCreateTime()
                    .clearUpdateTime().clearEtag().build(), sent::getText);
        }
    }

    @ParameterizedTest(name = "{0}-{1}-{2} stands for {3} .. {4}")
    @CsvSource({
            "2024, 0, 0, 2024-01-01, 2024-12-31",
            "2024, 11, 0, 2024-11-01, 2024-11-30",
            "2024, 11, 13, 2024-11-13, 2024-11-13",
    })
    void partialDatesKeepTheirPrecisionAndTheStatementDateIsStoredAsItsSpan(int year, int month, int day,
            LocalDate first, LocalDate last) {
        Date partial = date(year, month, day);
        Statement sent = StatementFixtures.complete().toBuilder().setStatementDate(partial)
                .setSources(1, Source.newBuilder().setOutlet("Dawn").setPublishedDate(partial)).build();
        StatementEntity stored = store(sent);

        Statement read = StatementMapper.toProto(stored);

        assertEquals(partial, read.getStatementDate());
        assertEquals(partial, read.getSources(1).getPublishedDate());
        assertEquals(first, stored.statementDate.firstDay);
        assertEquals(last, stored.statementDate.lastDay);
    }

    @Test
    void absentOptionalValuesStayAbsent() {
        Statement sent = StatementFixtures.planningDidNotRespond();
        Statement read = StatementMapper.toProto(store(sent));

        assertEquals("", read.getSpeaker());
        assertEquals("", read.getText());
        assertEquals("", read.getLanguageCode());
        assertEquals(0, read.getTopicsCount());
        assertEquals(0, read.getIncidentsCount());
        assertEquals(0, read.getDealsCount());
        Statement withUndatedSource = StatementMapper.toProto(store(StatementFixtures.complete()));
        assertFalse(withUndatedSource.getSources(1).hasPublishedDate(), "the second source has no published date");
    }

    @Test
    void theWordsAreKeptVerbatimButForSurroundingWhitespace() {
        String words = "  Obviously,  there has to be cooperation,\nthere has to be intel-sharing  ";
        Statement read = StatementMapper.toProto(store(StatementFixtures.complete().toBuilder().setText(words)
                .setSpeaker(" Attaullah Tarar ").setSummary(" Backs cooperation. ").build()));

        assertEquals(words.strip(), read.getText());
        assertEquals("Attaullah Tarar", read.getSpeaker());
        assertEquals("Backs cooperation.", read.getSummary());
    }

    @Test
    void theStanceTowardATopicIsTheOneTheStatementTakes() {
        Statement statement = StatementMapper.toProto(store(StatementFixtures.complete()));
        assertEquals(Stance.STANCE_RULES_OUT, StatementMapper.stanceToward(statement, "joint-security"));
        assertEquals(Stance.STANCE_UNSPECIFIED, StatementMapper.stanceToward(statement, "ml-1"));
    }

    @Test
    void storingAgainReplacesTheListsInsteadOfAppending() {
        StatementEntity stored = store(StatementFixtures.complete());
        Statement changed = StatementFixtures.isprDeclined();
        StatementMapper.copyInto(changed, stored);

        Statement read = StatementMapper.toProto(stored);

        assertEquals(StatementKind.STATEMENT_KIND_DECLINED_TO_COMMENT, read.getKind());
        assertEquals(changed.getTopicsList(), read.getTopicsList());
        assertEquals(changed.getSourcesList(), read.getSourcesList());
        assertEquals(0, read.getIncidentsCount());
        assertEquals(0, read.getDealsCount());
    }

    /** The entity as the service stores it: the client's fields, then the id, times and version it sets. */
    private static StatementEntity store(Statement statement) {
        StatementEntity e = new StatementEntity();
        StatementMapper.copyInto(statement, e);
        e.id = "tarar-on-ground";
        e.createTime = CREATED;
        e.updateTime = UPDATED;
        e.version = 4;
        return e;
    }
}
