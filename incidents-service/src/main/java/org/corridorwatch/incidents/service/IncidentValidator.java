package org.corridorwatch.incidents.service;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.corridorwatch.incidents.domain.CasualtyEstimateRow;
import org.corridorwatch.support.places.PlaceRow;
import org.corridorwatch.support.sources.SourceRow;
import org.corridorwatch.support.validation.ResourceNames;
import org.corridorwatch.support.validation.Violations;

import org.corridorwatch.api.incidents.v1.CasualtyEstimate;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentFilter;
import org.corridorwatch.api.incidents.v1.NationalityCasualties;
import org.corridorwatch.api.incidents.v1.PerpetratorAttribution;

/**
 * The rules an incident and an incident filter must satisfy. Adds every violation it finds, with
 * AIP-193 field paths under the given prefix, and never stops at the first. Texts are single
 * lines without control characters (Violations.maxLength); only the summary, and a source's
 * excerpt, are multi-line and keep tabs and line breaks.
 */
final class IncidentValidator {

    static final int MAX_TITLE = 300;
    static final int MAX_SUMMARY = 10_000;
    static final int MAX_NAME = 200;
    static final int MAX_NATIONALITIES = 50;
    static final int MAX_PERPETRATORS = 20;
    static final int MAX_CASUALTIES = 100_000;
    static final int MAX_QUERY = 500;
    static final int MAX_FILTER_TYPES = 20;
    static final int MAX_FILTER_STATUSES = 10;
    static final String DEALS = "deals";

    private IncidentValidator() {
    }

    static void validateIncident(Incident incident, String prefix, Violations v) {
        v.requiredText(prefix + ".title", incident.getTitle(), MAX_TITLE);
        v.maxLengthMultiLine(prefix + ".summary", incident.getSummary(), MAX_SUMMARY);
        v.partialDate(prefix + ".occurred_date", incident.hasOccurredDate(), incident.getOccurredDate(), true, true);
        if (incident.hasPlace()) {
            PlaceRow.validate(incident.getPlace(), prefix + ".place", v);
        } else {
            v.add(prefix + ".place", "is required");
        }
        v.enumValue(prefix + ".incident_type", incident.getIncidentType(), true);
        v.enumValue(prefix + ".target_type", incident.getTargetType(), true);
        v.enumValue(prefix + ".status", incident.getStatus(), false);
        validateEstimate(incident.getKilled(), prefix + ".killed", v);
        validateEstimate(incident.getInjured(), prefix + ".injured", v);
        validateNationalities(incident, prefix, v);
        validatePerpetrators(incident.getPerpetratorsList(), prefix + ".perpetrators", v);
        if (!incident.getAffectedDeal().isEmpty() && !ResourceNames.isValid(DEALS, incident.getAffectedDeal())) {
            v.add(prefix + ".affected_deal", "must be a deal's resource name like \"deals/{id}\"");
        }
        SourceRow.validateAll(incident.getSourcesList(), prefix + ".sources", v);
    }

    static void validateFilter(IncidentFilter filter, String prefix, Violations v) {
        v.partialDateRange(prefix, "occurred", filter.hasOccurredAfter(), filter.getOccurredAfter(),
                filter.hasOccurredBefore(), filter.getOccurredBefore());
        v.maxLength(prefix + ".province", filter.getProvince(), PlaceRow.MAX_ADMIN_AREA);
        v.countryCode(prefix + ".country_code", filter.getCountryCode(), false);
        v.enumValues(prefix + ".incident_types", filter.getIncidentTypesList(), MAX_FILTER_TYPES);
        v.enumValues(prefix + ".statuses", filter.getStatusesList(), MAX_FILTER_STATUSES);
        v.countryCode(prefix + ".victim_nationality", filter.getVictimNationality(), false);
        v.range(prefix + ".min_killed", filter.getMinKilled(), 0, MAX_CASUALTIES);
        if (!filter.getAffectedDeal().isEmpty() && !ResourceNames.isValid(DEALS, filter.getAffectedDeal())) {
            v.add(prefix + ".affected_deal", "must be a deal's resource name like \"deals/{id}\"");
        }
        v.maxLength(prefix + ".query", filter.getQuery(), MAX_QUERY);
    }

    private static void validateEstimate(CasualtyEstimate estimate, String prefix, Violations v) {
        int best = estimate.getBest();
        int low = CasualtyEstimateRow.low(estimate);
        int high = CasualtyEstimateRow.high(estimate);
        v.range(prefix + ".best", best, 0, MAX_CASUALTIES);
        v.range(prefix + ".low", low, 0, MAX_CASUALTIES);
        v.range(prefix + ".high", high, 0, MAX_CASUALTIES);
        if (low > best) {
            v.add(prefix + ".low", "must not exceed best (" + best + ")");
        }
        if (high < best) {
            v.add(prefix + ".high", "must not be below best (" + best + ")");
        }
    }

    private static void validateNationalities(Incident incident, String prefix, Violations v) {
        String field = prefix + ".casualties_by_nationality";
        List<NationalityCasualties> rows = incident.getCasualtiesByNationalityList();
        Set<String> seen = new HashSet<>();
        boolean checked = v.eachItem(field, rows, MAX_NATIONALITIES, (row, item) -> {
            v.countryCode(item + ".country_code", row.getCountryCode(), true);
            if (!row.getCountryCode().isEmpty() && !seen.add(row.getCountryCode())) {
                v.add(item + ".country_code", "appears more than once");
            }
            v.range(item + ".killed", row.getKilled(), 0, MAX_CASUALTIES);
            v.range(item + ".injured", row.getInjured(), 0, MAX_CASUALTIES);
            if (row.getKilled() == 0 && row.getInjured() == 0) {
                // Filters and summaries by victim nationality count every entry as victims.
                v.add(item, "must count at least one killed or injured victim");
            }
        });
        if (!checked) {
            return;
        }
        long killed = rows.stream().mapToLong(NationalityCasualties::getKilled).sum();
        long injured = rows.stream().mapToLong(NationalityCasualties::getInjured).sum();
        if (killed > incident.getKilled().getBest()) {
            v.add(field, "killed adds up to " + killed + ", more than killed.best (" + incident.getKilled().getBest()
                    + ")");
        }
        if (injured > incident.getInjured().getBest()) {
            v.add(field, "injured adds up to " + injured + ", more than injured.best ("
                    + incident.getInjured().getBest() + ")");
        }
    }

    private static void validatePerpetrators(List<PerpetratorAttribution> perpetrators, String field, Violations v) {
        v.eachItem(field, perpetrators, MAX_PERPETRATORS, (p, item) -> {
            v.requiredText(item + ".actor", p.getActor(), MAX_NAME);
            v.enumValue(item + ".kind", p.getKind(), true);
            v.maxLength(item + ".attributed_by", p.getAttributedBy(), MAX_NAME);
        });
    }
}
