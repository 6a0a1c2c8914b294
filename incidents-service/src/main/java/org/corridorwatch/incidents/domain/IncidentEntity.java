package org.corridorwatch.incidents.domain;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import org.corridorwatch.support.dates.PartialDateWithSpan;
import org.corridorwatch.support.persistence.VersionedRecord;
import org.corridorwatch.support.places.PlaceRow;

import org.corridorwatch.support.sources.SourceRow;
import org.hibernate.annotations.EmbeddedColumnNaming;

import org.corridorwatch.api.incidents.v1.IncidentStatus;
import org.corridorwatch.api.incidents.v1.IncidentType;
import org.corridorwatch.api.incidents.v1.TargetType;

/**
 * One security incident as stored. Enumerations are stored by their API value names, which the
 * contract keeps stable, so the database reads the same as the API.
 */
@Entity
@Table(name = "incidents")
public class IncidentEntity extends VersionedRecord {

    public String title;
    public String summary;

    /** Its first day is the sort key; the span serves the occurred-date filter. */
    @Embedded
    @EmbeddedColumnNaming("occurred_%s")
    public PartialDateWithSpan occurredDate = new PartialDateWithSpan();

    @Embedded
    public PlaceRow place = new PlaceRow();

    @Enumerated(EnumType.STRING)
    @Column(name = "incident_type")
    public IncidentType incidentType;
    @Enumerated(EnumType.STRING)
    @Column(name = "target_type")
    public TargetType targetType;

    @Embedded
    @EmbeddedColumnNaming("killed_%s")
    public CasualtyEstimateRow killed = new CasualtyEstimateRow();
    @Embedded
    @EmbeddedColumnNaming("injured_%s")
    public CasualtyEstimateRow injured = new CasualtyEstimateRow();

    @ElementCollection
    @CollectionTable(name = "incident_nationality_casualties", joinColumns = @JoinColumn(name = "incident_id"))
    @OrderColumn(name = "position")
    public List<NationalityCasualtiesRow> casualtiesByNationality = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "incident_perpetrators", joinColumns = @JoinColumn(name = "incident_id"))
    @OrderColumn(name = "position")
    public List<PerpetratorRow> perpetrators = new ArrayList<>();

    @Column(name = "affected_deal")
    public String affectedDeal;

    @Enumerated(EnumType.STRING)
    public IncidentStatus status;

    @ElementCollection
    @CollectionTable(name = "incident_sources", joinColumns = @JoinColumn(name = "incident_id"))
    @OrderColumn(name = "position")
    public List<SourceRow> sources = new ArrayList<>();
}
