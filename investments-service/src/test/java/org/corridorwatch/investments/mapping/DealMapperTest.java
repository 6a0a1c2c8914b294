package org.corridorwatch.investments.mapping;

import static org.corridorwatch.investments.DealFixtures.date;
import static org.corridorwatch.investments.DealFixtures.money;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import org.corridorwatch.investments.DealFixtures;
import org.corridorwatch.investments.domain.DealEntity;
import org.corridorwatch.investments.domain.DealStatusTransitionEntity;
import org.corridorwatch.support.persistence.VersionedRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.type.Date;

import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealAmount;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.DealStatusTransition;
import org.corridorwatch.api.investments.v1.Programme;

/**
 * A deal as a client sends it, stored (copyInto, and its first status as the service records it)
 * and read back (toProto): what comes back is what was sent, plus the name, status date, times
 * and etag the service adds. And the status history entries, both ways.
 */
class DealMapperTest {

    private static final Instant CREATED = Instant.parse("2025-09-08T06:00:00.000001Z");
    private static final Instant UPDATED = Instant.parse("2025-09-09T12:34:56.789012Z");
    private static final Date STATUS_DATE = date(2025, 9, 8);

    @Test
    void aCompleteDealComesBackAsSentWithItsOutputFields() {
        Deal sent = DealFixtures.complete();
        DealEntity stored = store(sent);

        Deal read = DealMapper.toProto(stored);

        assertEquals(sent.toBuilder().setName("deals/minerals-mou").setStatusDate(STATUS_DATE)
                .setCreateTime(VersionedRecord.timestamp(CREATED)).setUpdateTime(VersionedRecord.timestamp(UPDATED))
                .setEtag(stored.etag()).build(), read);
        // What the fixture sets, so that the equality above covers it.
        assertTrue(read.hasSignedDate());
        assertTrue(read.getAmounts(0).hasSource() && read.getAmounts(0).hasAsOfDate());
        assertEquals(money("PKR", 12_000_000_000L, 500_000_000), read.getAmounts(1).getValue());
    }

    @Test
    void amountsAreStoredAsExactDecimals() {
        DealEntity stored = store(DealFixtures.complete());
        assertEquals(new BigDecimal("500000000.000000000"), stored.amounts.get(0).amount);
        assertEquals(new BigDecimal("12000000000.500000000"), stored.amounts.get(1).amount);
        assertEquals("PKR", stored.amounts.get(1).currencyCode);
    }

    @ParameterizedTest(name = "{0}-{1}-{2} stands for {3} .. {4}")
    @CsvSource({
            "2024, 0, 0, 2024-01-01, 2024-12-31",
            "2025, 9, 0, 2025-09-01, 2025-09-30",
            "2025, 9, 8, 2025-09-08, 2025-09-08",
    })
    void partialDatesKeepTheirPrecisionAndAreStoredAsTheirSpans(int year, int month, int day, LocalDate first,
            LocalDate last) {
        Date partial = date(year, month, day);
        Deal sent = DealFixtures.complete().toBuilder().setAnnouncedDate(partial).setSignedDate(partial)
                .setAmounts(0, DealFixtures.complete().getAmounts(0).toBuilder().setAsOfDate(partial))
                .setSources(1, Source.newBuilder().setOutlet("Dawn").setPublishedDate(partial)).build();
        DealEntity stored = store(sent);

        Deal read = DealMapper.toProto(stored);

        assertEquals(partial, read.getAnnouncedDate());
        assertEquals(partial, read.getSignedDate());
        assertEquals(partial, read.getAmounts(0).getAsOfDate());
        assertEquals(partial, read.getSources(1).getPublishedDate());
        assertEquals(first, stored.announcedDate.firstDay);
        assertEquals(last, stored.announcedDate.lastDay);
        assertEquals(first, stored.signedDate.firstDay);
        assertEquals(last, stored.signedDate.lastDay);
        assertEquals(first, stored.amounts.get(0).asOfDate.firstDay);
    }

    @Test
    void absentOptionalValuesStayAbsent() {
        Deal sent = DealFixtures.complete().toBuilder().clearSignedDate().clearCommodities()
                .clearCounterpartCountries().clearLocation().clearSummary()
                .setAmounts(0, DealFixtures.complete().getAmounts(0).toBuilder().clearAsOfDate().clearSource())
                .build();
        DealEntity stored = store(sent);

        Deal read = DealMapper.toProto(stored);

        assertFalse(read.hasSignedDate(), "not signed");
        assertNull(stored.signedDate.firstDay);
        assertFalse(read.getAmounts(0).hasAsOfDate(), "the amount is undated");
        assertFalse(read.getAmounts(0).hasSource(), "the amount cites no source of its own");
        assertFalse(read.getAmounts(1).hasSource());
        assertFalse(read.getSources(1).hasPublishedDate(), "the second source has no published date");
        assertEquals(0, read.getCommoditiesCount());
        assertEquals(0, read.getCounterpartCountriesCount());
        assertEquals("", read.getLocation());
        assertEquals("", read.getSummary());
    }

    @Test
    void anUnspecifiedProgrammeIsStoredAsNone() {
        Deal read = DealMapper.toProto(store(DealFixtures.complete().toBuilder()
                .setProgramme(Programme.PROGRAMME_UNSPECIFIED).build()));
        assertEquals(Programme.PROGRAMME_NONE, read.getProgramme());
    }

    @Test
    void copyingLeavesTheStatusToTheTransitions() {
        DealEntity stored = store(DealFixtures.complete());
        DealMapper.copyInto(DealFixtures.complete().toBuilder().setStatus(DealStatus.DEAL_STATUS_CANCELLED).build(),
                stored);
        assertEquals(DealStatus.DEAL_STATUS_MOU_SIGNED, DealMapper.toProto(stored).getStatus());
    }

    @Test
    void textsLoseOnlyTheirSurroundingWhitespace() {
        Deal sent = DealFixtures.complete();
        Deal padded = sent.toBuilder().setTitle(" " + sent.getTitle() + " ").setSummary("\n" + sent.getSummary())
                .setLocation(sent.getLocation() + "  ")
                .setParties(0, sent.getParties(0).toBuilder().setName("  US Strategic Metals"))
                .build();
        Deal read = DealMapper.toProto(store(padded));
        assertEquals(sent.getTitle(), read.getTitle());
        assertEquals(sent.getSummary(), read.getSummary());
        assertEquals(sent.getLocation(), read.getLocation());
        assertEquals("US Strategic Metals", read.getParties(0).getName());
    }

    @Test
    void storingAgainReplacesTheListsInsteadOfAppending() {
        DealEntity stored = store(DealFixtures.complete());
        Deal changed = DealFixtures.ml1();
        DealMapper.copyInto(changed, stored);

        Deal read = DealMapper.toProto(stored);

        assertEquals(changed.getPartiesList(), read.getPartiesList());
        assertEquals(changed.getAmountsList(), read.getAmountsList());
        assertEquals(changed.getSourcesList(), read.getSourcesList());
        assertEquals(changed.getSectorsList(), read.getSectorsList());
    }

    @Test
    void aHistoryEntryComesBackAsRecorded() {
        Instant recorded = Instant.parse("2025-10-01T09:00:00.5Z");
        DealStatusTransitionEntity entry = DealMapper.transition("minerals-mou", DealStatus.DEAL_STATUS_MOU_SIGNED,
                DealStatus.DEAL_STATUS_ON_HOLD, date(2025, 10, 0), "  Paused pending a feasibility study. ",
                DealFixtures.arabNews(), recorded);

        assertEquals(DealStatusTransition.newBuilder().setFromStatus(DealStatus.DEAL_STATUS_MOU_SIGNED)
                .setToStatus(DealStatus.DEAL_STATUS_ON_HOLD).setEffectiveDate(date(2025, 10, 0))
                .setNote("Paused pending a feasibility study.").setSource(DealFixtures.arabNews())
                .setRecordTime(VersionedRecord.timestamp(recorded)).build(), DealMapper.toProto(entry));
    }

    @Test
    void aHistoryEntryWithoutASourceHasNone() {
        DealStatusTransitionEntity entry = DealMapper.transition("minerals-mou", DealStatus.DEAL_STATUS_UNSPECIFIED,
                DealStatus.DEAL_STATUS_PROPOSED, date(2024, 0, 0), "", null, CREATED);
        assertFalse(DealMapper.toProto(entry).hasSource());
    }

    @Test
    void theLatestTransitionIsTheDealsStatusAndStatusDate() {
        DealEntity stored = store(DealFixtures.complete());
        DealMapper.applyStatus(DealMapper.transition(stored.id, DealStatus.DEAL_STATUS_MOU_SIGNED,
                DealStatus.DEAL_STATUS_AGREEMENT_SIGNED, date(2026, 1, 0), "", null, UPDATED), stored);

        Deal read = DealMapper.toProto(stored);

        assertEquals(DealStatus.DEAL_STATUS_AGREEMENT_SIGNED, read.getStatus());
        assertEquals(date(2026, 1, 0), read.getStatusDate());
    }

    /**
     * The entity as the service stores a new deal: the client's fields, its first status as a
     * transition, then the id, times and version.
     */
    private static DealEntity store(Deal deal) {
        DealEntity e = new DealEntity();
        DealMapper.copyInto(deal, e);
        e.id = "minerals-mou";
        DealMapper.applyStatus(DealMapper.transition(e.id, DealStatus.DEAL_STATUS_UNSPECIFIED, deal.getStatus(),
                STATUS_DATE, "", null, CREATED), e);
        e.createTime = CREATED;
        e.updateTime = UPDATED;
        e.version = 1;
        return e;
    }
}
