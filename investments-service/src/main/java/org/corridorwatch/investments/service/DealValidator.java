package org.corridorwatch.investments.service;

import java.util.List;

import org.corridorwatch.support.sources.SourceRow;
import org.corridorwatch.support.validation.Moneys;
import org.corridorwatch.support.validation.PartialDates;
import org.corridorwatch.support.validation.Violations;

import com.google.protobuf.ProtocolMessageEnum;
import com.google.type.Date;

import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealAmount;
import org.corridorwatch.api.investments.v1.DealFilter;
import org.corridorwatch.api.investments.v1.DealParty;

/**
 * The rules a deal, a deal filter and a transition's inputs must satisfy. Adds every violation it
 * finds, with AIP-193 field paths under the given prefix, and never stops at the first. Texts are
 * single lines without control characters (Violations.maxLength); only the summary, a transition's
 * note and a source's excerpt are multi-line and keep tabs and line breaks.
 */
final class DealValidator {

    static final int MAX_TITLE = 300;
    static final int MAX_SUMMARY = 10_000;
    static final int MAX_NAME = 200;
    static final int MAX_LOCATION = 500;
    static final int MAX_NOTE = 2_000;
    static final int MAX_PARTIES = 50;
    static final int MAX_AMOUNTS = 50;
    static final int MAX_SET = 20;
    static final int MAX_QUERY = 500;
    static final int MAX_FILTER_KINDS = 10;
    static final int MAX_FILTER_STATUSES = 20;

    private DealValidator() {
    }

    static void validateDeal(Deal deal, String prefix, Violations v) {
        v.requiredText(prefix + ".title", deal.getTitle(), MAX_TITLE);
        v.maxLengthMultiLine(prefix + ".summary", deal.getSummary(), MAX_SUMMARY);
        v.enumValue(prefix + ".kind", deal.getKind(), true);
        validateParties(deal.getPartiesList(), prefix + ".parties", v);
        String countries = prefix + ".counterpart_countries";
        if (v.eachItem(countries, deal.getCounterpartCountriesList(), MAX_SET,
                (country, item) -> v.countryCode(item, country, true))) {
            v.noRepeats(countries, deal.getCounterpartCountriesList());
        }
        if (deal.getSectorsCount() == 0) {
            v.add(prefix + ".sectors", "must name at least one sector");
        }
        validateEnumSet(prefix + ".sectors", deal.getSectorsList(), v);
        validateEnumSet(prefix + ".commodities", deal.getCommoditiesList(), v);
        v.enumValue(prefix + ".programme", deal.getProgramme(), false);
        v.maxLength(prefix + ".location", deal.getLocation(), MAX_LOCATION);
        validateAmounts(deal.getAmountsList(), prefix + ".amounts", v);
        // Optional: unset when the sources do not date the announcement (deal.proto says what that means).
        v.partialDate(prefix + ".announced_date", deal.hasAnnouncedDate(), deal.getAnnouncedDate(), false, true);
        v.partialDate(prefix + ".signed_date", deal.hasSignedDate(), deal.getSignedDate(), false, true);
        if (deal.hasSignedDate() && deal.hasAnnouncedDate()
                && isBefore(deal.getSignedDate(), deal.getAnnouncedDate())) {
            v.add(prefix + ".signed_date", "must not be before announced_date");
        }
        v.enumValue(prefix + ".status", deal.getStatus(), false);
        SourceRow.validateAll(deal.getSourcesList(), prefix + ".sources", v);
    }

    static void validateFilter(DealFilter filter, String prefix, Violations v) {
        v.enumValues(prefix + ".kinds", filter.getKindsList(), MAX_FILTER_KINDS);
        v.enumValues(prefix + ".statuses", filter.getStatusesList(), MAX_FILTER_STATUSES);
        v.enumValue(prefix + ".sector", filter.getSector(), false);
        v.countryCode(prefix + ".counterpart_country", filter.getCounterpartCountry(), false);
        v.maxLength(prefix + ".party", filter.getParty(), MAX_NAME);
        v.enumValue(prefix + ".commodity", filter.getCommodity(), false);
        v.enumValue(prefix + ".programme", filter.getProgramme(), false);
        v.partialDateRange(prefix, "announced", filter.hasAnnouncedAfter(), filter.getAnnouncedAfter(),
                filter.hasAnnouncedBefore(), filter.getAnnouncedBefore());
        v.partialDateRange(prefix, "signed", filter.hasSignedAfter(), filter.getSignedAfter(),
                filter.hasSignedBefore(), filter.getSignedBefore());
        if (filter.hasMinAmount()) {
            Moneys.validate(prefix + ".min_amount", filter.getMinAmount(), v);
        }
        v.maxLength(prefix + ".query", filter.getQuery(), MAX_QUERY);
    }

    /** Checks a transition's note and source (the status rules are DealLifecycle's). */
    static void validateTransitionInputs(String note, boolean hasSource, Source source, Violations v) {
        v.maxLengthMultiLine("note", note, MAX_NOTE);
        if (hasSource) {
            SourceRow.validate(source, "source", v);
        }
    }

    /** Whether partial date {@code a} lies wholly before {@code b}; false when either is invalid. */
    static boolean isBefore(Date a, Date b) {
        return PartialDates.problem(a) == null && PartialDates.problem(b) == null
                && PartialDates.span(a).last().isBefore(PartialDates.span(b).first());
    }

    private static void validateParties(List<DealParty> parties, String field, Violations v) {
        if (parties.isEmpty()) {
            v.add(field, "must name at least one party");
        }
        v.eachItem(field, parties, MAX_PARTIES, (party, item) -> {
            v.requiredText(item + ".name", party.getName(), MAX_NAME);
            v.enumValue(item + ".role", party.getRole(), true);
            v.countryCode(item + ".country_code", party.getCountryCode(), false);
        });
    }

    private static void validateAmounts(List<DealAmount> amounts, String field, Violations v) {
        v.eachItem(field, amounts, MAX_AMOUNTS, (amount, item) -> {
            v.enumValue(item + ".type", amount.getType(), true);
            if (amount.hasValue()) {
                Moneys.validate(item + ".value", amount.getValue(), v);
            } else {
                v.add(item + ".value", "is required");
            }
            v.partialDate(item + ".as_of_date", amount.hasAsOfDate(), amount.getAsOfDate(), false, true);
            if (amount.hasSource()) {
                SourceRow.validate(amount.getSource(), item + ".source", v);
            }
        });
    }

    private static <E extends ProtocolMessageEnum> void validateEnumSet(String field, List<E> values, Violations v) {
        if (v.enumValues(field, values, MAX_SET)) {
            v.noRepeats(field, values);
        }
    }
}
