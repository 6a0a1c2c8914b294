package org.corridorwatch.investments.mapping;

import java.time.Instant;

import org.corridorwatch.investments.domain.DealAmountRow;
import org.corridorwatch.investments.domain.DealEntity;
import org.corridorwatch.investments.domain.DealPartyRow;
import org.corridorwatch.investments.domain.DealStatusTransitionEntity;
import org.corridorwatch.support.dates.PartialDate;
import org.corridorwatch.support.dates.PartialDateColumns;
import org.corridorwatch.support.dates.PartialDateWithFirstDay;
import org.corridorwatch.support.dates.PartialDateWithSpan;
import org.corridorwatch.support.export.ExportRows;
import org.corridorwatch.support.persistence.VersionedRecord;
import org.corridorwatch.support.sources.SourceRow;
import org.corridorwatch.support.validation.Moneys;
import org.corridorwatch.support.resources.ResourceMetadata;

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

    /**
     * {@link #toProto} as plain SQL over "deals d", for exports (ExportRows): the same message
     * from the same columns. A field mapped in one is mapped in the other; the export tests compare
     * what the two give (FeedCases). An amount's value is its numeric split as {@link Moneys#of}
     * splits it (units towards zero, then the nanos).
     */
    public static final ExportRows EXPORT_ROWS = ExportRows.of(String.join(", ",
            ExportRows.labelled("d.", "", "title", "summary", "kind", "counterpart_countries", "sectors", "commodities",
                    "programme", "location"),
            PartialDateColumns.exportColumnsIfPresent("d.announced", "announced_date", null),
            PartialDateColumns.exportColumnsIfPresent("d.signed", "signed_date", null),
            ExportRows.labelled("d.", "", "status"),
            PartialDateColumns.exportColumnsIfPresent("d.status", "status_date", null)),
            new ExportRows.Child("parties", "deal_parties", "deal_id",
                    ExportRows.labelled("", "", "name", "role", "country_code")),
            new ExportRows.Child("amounts", "deal_amounts", "deal_id", String.join(", ",
                    "amount_type AS \"type\"", "currency_code AS \"value.currency_code\"",
                    "trunc(amount)::bigint AS \"value.units\"",
                    "((amount - trunc(amount)) * 1000000000)::integer AS \"value.nanos\"",
                    PartialDateColumns.exportColumnsIfPresent("as_of", "as_of_date", null),
                    SourceRow.exportColumns("source", "has_source"))),
            SourceRow.exportChild("deal_sources", "deal_id"));

    private DealMapper() {
    }

    public static Deal toProto(DealEntity e) {
        Deal.Builder deal = ResourceMetadata.filled(Deal.newBuilder(), e)
                .setTitle(e.title)
                .setSummary(e.summary)
                .setKind(e.kind)
                .addAllCounterpartCountries(e.counterpartCountries)
                .setProgramme(e.programme)
                .setLocation(e.location)
                .setStatus(e.status);
        // Either may be unknown: then the field stays unset, never the empty Date.
        e.announcedDate.ifPresent(deal::setAnnouncedDate);
        e.statusDate.ifPresent(deal::setStatusDate);
        e.sectors.forEach(s -> deal.addSectors(Sector.valueOf(s)));
        e.commodities.forEach(c -> deal.addCommodities(Commodity.valueOf(c)));
        e.signedDate.ifPresent(deal::setSignedDate);
        for (DealPartyRow row : e.parties) {
            deal.addParties(DealParty.newBuilder().setName(row.name).setRole(row.role).setCountryCode(row.countryCode));
        }
        for (DealAmountRow row : e.amounts) {
            DealAmount.Builder amount = DealAmount.newBuilder().setType(row.type)
                    .setValue(Moneys.of(row.currencyCode, row.amount));
            row.asOfDate.ifPresent(amount::setAsOfDate);
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
        e.announcedDate = PartialDateWithSpan.of(deal.getAnnouncedDate());
        // An unset date field reads as the empty Date, which is stored as absent: no has-check.
        e.signedDate = PartialDateWithSpan.of(deal.getSignedDate());

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
            row.asOfDate = PartialDateWithFirstDay.of(a.getAsOfDate());
            row.hasSource = a.hasSource();
            row.source = SourceRow.of(a.getSource());
            e.amounts.add(row);
        }
        e.sources.clear();
        deal.getSourcesList().forEach(s -> e.sources.add(SourceRow.of(s)));
    }

    /**
     * For a deal restored from a revision: the status and its date as the revision has them (what
     * {@link #copyInto} leaves to the transitions).
     */
    public static void restoreStatus(Deal deal, DealEntity e) {
        e.status = deal.getStatus();
        e.statusDate = deal.hasStatusDate() ? PartialDate.of(deal.getStatusDate()) : new PartialDate();
    }

    /** Records the transition as the deal's current status. */
    public static void applyStatus(DealStatusTransitionEntity transition, DealEntity e) {
        e.status = transition.toStatus;
        e.statusDate = PartialDate.of(transition.effectiveDate.toDate());
    }

    /** A history entry; {@code source} may be null. */
    public static DealStatusTransitionEntity transition(String dealId, org.corridorwatch.api.investments.v1.DealStatus from,
            org.corridorwatch.api.investments.v1.DealStatus to, Date effective, String note, Source source, Instant now) {
        DealStatusTransitionEntity t = new DealStatusTransitionEntity();
        t.dealId = dealId;
        t.fromStatus = from;
        t.toStatus = to;
        t.effectiveDate = PartialDate.of(effective);
        t.note = note.strip();
        t.hasSource = source != null;
        t.source = SourceRow.of(source == null ? Source.getDefaultInstance() : source);
        t.recordTime = now;
        return t;
    }

    public static DealStatusTransition toProto(DealStatusTransitionEntity t) {
        DealStatusTransition.Builder entry = DealStatusTransition.newBuilder().setFromStatus(t.fromStatus)
                .setToStatus(t.toStatus).setNote(t.note)
                .setRecordTime(VersionedRecord.timestamp(t.recordTime));
        t.effectiveDate.ifPresent(entry::setEffectiveDate); // unset: a first entry of unknown date
        if (t.hasSource) {
            entry.setSource(t.source.toProto());
        }
        return entry.build();
    }
}
