package org.corridorwatch.investments.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.corridorwatch.support.dates.PartialDate;
import org.corridorwatch.support.sources.SourceRow;
import org.hibernate.annotations.EmbeddedColumnNaming;
import org.hibernate.annotations.Immutable;

import org.corridorwatch.api.investments.v1.DealStatus;

/**
 * One entry of a deal's append-only status history. Immutable: Hibernate never writes changes
 * to a loaded entry (and a trigger of V2 refuses them in the database).
 */
@Entity
@Immutable
@Table(name = "deal_status_transitions")
public class DealStatusTransitionEntity {

    /** Increases in recording order, so it orders the history and serves as the page cursor. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "deal_id")
    public String dealId;
    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public DealStatus fromStatus;
    @Enumerated(EnumType.STRING)
    @Column(name = "to_status")
    public DealStatus toStatus;
    @Embedded
    @EmbeddedColumnNaming("effective_%s")
    public PartialDate effectiveDate = new PartialDate();
    public String note;
    @Column(name = "has_source")
    public boolean hasSource;
    @Embedded
    public SourceRow source;
    @Column(name = "record_time")
    public Instant recordTime;
}
