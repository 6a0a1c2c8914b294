package org.corridorwatch.incidents.mapping;


import org.corridorwatch.incidents.domain.CasualtyEstimateRow;
import org.corridorwatch.incidents.domain.IncidentEntity;
import org.corridorwatch.incidents.domain.NationalityCasualtiesRow;
import org.corridorwatch.incidents.domain.PerpetratorRow;
import org.corridorwatch.support.dates.PartialDateColumns;
import org.corridorwatch.support.dates.PartialDateWithSpan;
import org.corridorwatch.support.export.ExportRows;
import org.corridorwatch.support.places.PlaceRow;
import org.corridorwatch.support.sources.SourceRow;
import org.corridorwatch.support.resources.ResourceMetadata;

import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentStatus;
import org.corridorwatch.api.incidents.v1.NationalityCasualties;
import org.corridorwatch.api.incidents.v1.PerpetratorAttribution;

/** Converts between the API's Incident and the stored IncidentEntity. */
public final class IncidentMapper {

    /**
     * {@link #toProto} as plain SQL over "incidents i", for exports (ExportRows): the same message
     * from the same columns. A field mapped in one is mapped in the other; the export tests compare
     * what the two give (FeedCases).
     */
    public static final ExportRows EXPORT_ROWS = ExportRows.of(String.join(", ",
            ExportRows.labelled("i.", "", "title", "summary"),
            PartialDateColumns.exportColumns("i.occurred", "occurred_date"),
            PlaceRow.exportColumns("i"),
            ExportRows.labelled("i.", "", "incident_type", "target_type"),
            ExportRows.labelled("i.killed_", "killed.", "low", "best", "high"),
            ExportRows.labelled("i.injured_", "injured.", "low", "best", "high"),
            ExportRows.labelled("i.", "", "affected_deal", "status")),
            new ExportRows.Child("casualties_by_nationality", "incident_nationality_casualties", "incident_id",
                    ExportRows.labelled("", "", "country_code", "killed", "injured")),
            new ExportRows.Child("perpetrators", "incident_perpetrators", "incident_id",
                    ExportRows.labelled("", "", "actor", "kind", "attributed_by")),
            SourceRow.exportChild("incident_sources", "incident_id"));

    private IncidentMapper() {
    }

    public static Incident toProto(IncidentEntity e) {
        Incident.Builder incident = ResourceMetadata.filled(Incident.newBuilder(), e)
                .setTitle(e.title)
                .setSummary(e.summary)
                .setOccurredDate(e.occurredDate.toDate())
                .setPlace(e.place.toProto())
                .setIncidentType(e.incidentType)
                .setTargetType(e.targetType)
                .setKilled(e.killed.toProto())
                .setInjured(e.injured.toProto())
                .setAffectedDeal(e.affectedDeal)
                .setStatus(e.status);
        for (NationalityCasualtiesRow row : e.casualtiesByNationality) {
            incident.addCasualtiesByNationality(NationalityCasualties.newBuilder().setCountryCode(row.countryCode)
                    .setKilled(row.killed).setInjured(row.injured));
        }
        for (PerpetratorRow row : e.perpetrators) {
            incident.addPerpetrators(PerpetratorAttribution.newBuilder().setActor(row.actor).setKind(row.kind)
                    .setAttributedBy(row.attributedBy));
        }
        for (SourceRow row : e.sources) {
            incident.addSources(row.toProto());
        }
        return incident.build();
    }

    /**
     * Copies every client-settable field of a validated incident onto the entity. Output-only
     * fields (name, times, etag) are the service's to set.
     */
    public static void copyInto(Incident incident, IncidentEntity e) {
        e.title = incident.getTitle().strip();
        e.summary = incident.getSummary().strip();
        e.occurredDate = PartialDateWithSpan.of(incident.getOccurredDate());
        e.place = PlaceRow.of(incident.getPlace());
        e.incidentType = incident.getIncidentType();
        e.targetType = incident.getTargetType();
        e.killed = CasualtyEstimateRow.of(incident.getKilled());
        e.injured = CasualtyEstimateRow.of(incident.getInjured());

        e.casualtiesByNationality.clear();
        for (NationalityCasualties n : incident.getCasualtiesByNationalityList()) {
            NationalityCasualtiesRow row = new NationalityCasualtiesRow();
            row.countryCode = n.getCountryCode();
            row.killed = n.getKilled();
            row.injured = n.getInjured();
            e.casualtiesByNationality.add(row);
        }
        e.perpetrators.clear();
        for (PerpetratorAttribution p : incident.getPerpetratorsList()) {
            PerpetratorRow row = new PerpetratorRow();
            row.actor = p.getActor().strip();
            row.kind = p.getKind();
            row.attributedBy = p.getAttributedBy().strip();
            e.perpetrators.add(row);
        }
        e.affectedDeal = incident.getAffectedDeal();
        e.status = incident.getStatus() == IncidentStatus.INCIDENT_STATUS_UNSPECIFIED
                ? IncidentStatus.INCIDENT_STATUS_REPORTED
                : incident.getStatus();
        e.sources.clear();
        for (Source s : incident.getSourcesList()) {
            e.sources.add(SourceRow.of(s));
        }
    }
}
