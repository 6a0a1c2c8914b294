package org.corridorwatch.incidents.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import org.corridorwatch.api.incidents.v1.AttributionKind;

/** One actor held responsible for an incident, and on what basis. */
@Embeddable
public class PerpetratorRow {

    public String actor;
    @Enumerated(EnumType.STRING)
    public AttributionKind kind;
    @Column(name = "attributed_by")
    public String attributedBy;
}
