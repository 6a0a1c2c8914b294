package org.corridorwatch.investments.mapping;

import java.time.Instant;

import org.corridorwatch.investments.domain.DealAmountRow;
import org.corridorwatch.investments.domain.DealEntity;
import org.corridorwatch.investments.domain.DealPartyRow;
import org.corridorwatch.investments.domain.DealStatusTransitionEntity;
import org.corridorwatch.support.persistence.VersionedRecord;
import org.corridorwatch.support.sources.SourceRow;
import org.corridorwatch.support.validation.Moneys;
import org.corridorwatch.support.validation.PartialDates;
import org.corridorwatch.support.validation.ResourceNames;

import com.google.type.Date;

import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.investments.v1.Commodity;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealAmount;
import org.corridorwatch.api.investments.v1.DealParty;
import org.corridorwatch.api.investments.v1.DealStatusTransition;
import org.corridorwatch.api.investments.v1.Programme;
import org.corridorwatch.api.investments.v1.Sector;

/** Converts between the API's Deal (and history entries) and what is stored. */
public final class DealMapper {

    public static final String COLLECTION = "deals";

    private DealMapper() {
    }

    public static String name(String id) {
        return ResourceNames.format(COLLECTION, id);
    }

    public static Deal toProto(DealEntity e) {
        Deal.Builder deal = Deal.newBuilder()
                .setName(name(e.id))
                .setTitle(e.title)
                .setSummary(e.summary)
                .setKind(e.kind)
                .addAllCounterpartCountries(e.counterpartCountries)
                .setProgramme(e.programme)
                .setLocation(e.location)
                .setAnnouncedDate(date(e.announcedYear, e.announcedMonth, e.announcedDay))
                .setStatus(e.status)
                .setStatusDate(date(e.statusYear, e.statusMonth, e.statusDay))
                .setCreateTime(VersionedRecord.timestamp(e.createTime))
                .setUpdateTime(VersionedRecord.timestamp(e.updateTime))
                .setEtag(e.etag());
        e.sectors.forEach(s -> deal.addSectors(Sector.valueOf(s)));
        e.commodities.forEach(c -> deal.addCommodities(Commodity.valueOf(c)));
        if (e.signedYear != 0) {
            deal.setSignedDate(date(e.signedYear, e.signedMonth, e.signedDay));
        }
        for (DealPartyRow row : e.parties) {
            deal.addParties(DealParty.newBuilder().setName(row.name).setRole(row.role).setCountryCode(row.countryCode));
        }
        for (DealAmountRow row : e.amounts) {
            DealAmount.Builder amount = DealAmount.newBuilder().setType(row.type)
                    .setValue(Moneys.of(row.currencyCode, row.amount));
            if (row.asOfYear != 0) {
                amount.setAsOfDate(date(row.asOfYear, row.asOfMonth, row.asOfDay));
            }
            if (row.hasSource) {
                amount.setSource(row.source.toProto());
            }
            deal.addAmounts(amount);
        }
        e.sources.forEach(row -> deal.addSources(row.toProto()));
        return deal.build();
    }

    /**
     * Copies every client-settable field of a validated deal onto the entity. Output-only fields
     * and the status (which only transitions change) are the service's to set.
     */
    public static void copyInto(Deal deal, DealEntity e) {
        e.title = deal.getTitle().strip();
        e.summary = deal.getSummary().strip();
        e.kind = deal.getKind();
        e.counterpartCountries = deal.getCounterpartCountriesList().stream().toList();
        e.sectors = deal.getSectorsList().stream().map(Enum::name).toList();
        e.commodities = deal.getCommoditiesList().stream().map(Enum::name).toList();
        e.programme = deal.getProgramme() == Programme.PROGRAMME_UNSPECIFIED ? Programme.PROGRAMME_NONE
                : deal.getProgramme();
        e.location = deal.getLocation().strip();

        Date announced = deal.getAnnouncedDate();
        e.announcedYear = announced.getYear();
        e.announcedMonth = announced.getMonth();
        e.announcedDay = announced.getDay();
        PartialDates.Span announcedSpan = PartialDates.span(announced);
        e.announcedStart = announcedSpan.first();
        e.announcedEnd = announcedSpan.last();

        Date signed = deal.hasSignedDate() ? deal.getSignedDate() : Date.getDefaultInstance();
        e.signedYear = signed.getYear();
        e.signedMonth = signed.getMonth();
        e.signedDay = signed.getDay();
        PartialDates.Span signedSpan = deal.hasSignedDate() ? PartialDates.span(signed) : null;
        e.signedStart = signedSpan == null ? null : signedSpan.first();
        e.signedEnd = signedSpan == null ? null : signedSpan.last();

        e.parties.clear();
        for (DealParty p : deal.getPartiesList()) {
            DealPartyRow row = new DealPartyRow();
            row.name = p.getName().strip();
            row.role = p.getRole();
            row.countryCode = p.getCountryCode();
            e.parties.add(row);
        }
        e.amounts.clear();
        for (DealAmount a : deal.getAmountsList()) {
            DealAmountRow row = new DealAmountRow();
            row.type = a.getType();
            row.currencyCode = a.getValue().getCurrencyCode();
            row.amount = Moneys.toDecimal(a.getValue());
            Date asOf = a.hasAsOfDate() ? a.getAsOfDate() : Date.getDefaultInstance();
            row.asOfYear = asOf.getYear();
            row.asOfMonth = asOf.getMonth();
            row.asOfDay = asOf.getDay();
            row.asOfStart = a.hasAsOfDate() ? PartialDates.span(asOf).first() : null;
            row.hasSource = a.hasSource();
            row.source = SourceRow.of(a.getSource());
            e.amounts.add(row);
        }
        e.sources.clear();
        deal.getSourcesList().forEach(s -> e.sources.add(SourceRow.of(s)));
    }

    /** Records the transition as the deal's current status. */
    public static void applyStatus(DealStatusTransitionEntity transition, DealEntity e) {
        e.status = transition.toStatus;
        e.statusYear = transition.effectiveYear;
        e.statusMonth = transition.effectiveMonth;
        e.statusDay = transition.effectiveDay;
    }

    /** A history entry; {@code source} may be null. */
    public static DealStatusTransitionEntity transition(String dealId, org.corridorwatch.api.investments.v1.DealStatus from,
            org.corridorwatch.api.investments.v1.DealStatus to, Date effective, String note, Source source, Instant now) {
        DealStatusTransitionEntity t = new DealStatusTransitionEntity();
        t.dealId = dealId;
        t.fromStatus = from;
        t.toStatus = to;
        t.effectiveYear = effective.getYear();
        t.effectiveMonth = effective.getMonth();
        t.effectiveDay = effective.getDay();
        t.note = note.strip();
        t.hasSource = source != null;
        t.source = SourceRow.of(source == null ? Source.getDefaultInstance() : source);
        t.recordTime = now;
        return t;
    }

    public static DealStatusTransition toProto(DealStatusTransitionEntity t) {
        DealStatusTransition.Builder entry = DealStatusTransition.newBuilder().setFromStatus(t.fromStatus)
                .setToStatus(t.toStatus).setEffectiveDate(effectiveDate(t)).setNote(t.note)
                .setRecordTime(VersionedRecord.timestamp(t.recordTime));
        if (t.hasSource) {
            entry.setSource(t.source.toProto());
        }
        return entry.build();
    }

    /** The effective date of a history entry. */
    private static Date effectiveDate(DealStatusTransitionEntity t) {
        return date(t.effectiveYear, t.effectiveMonth, t.effectiveDay);
    }


    private static Date date(int year, int month, int day) {
        return Date.newBuilder().setYear(year).setMonth(month).setDay(day).build();
    }
}
