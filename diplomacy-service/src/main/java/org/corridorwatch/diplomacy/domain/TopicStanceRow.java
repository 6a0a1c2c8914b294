package org.corridorwatch.diplomacy.domain;

import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import org.corridorwatch.api.diplomacy.v1.Stance;

/** One topic of a statement and the stance it takes toward it. */
@Embeddable
public class TopicStanceRow {

    public String topic;

    @Enumerated(EnumType.STRING)
    public Stance stance;
}
