package org.corridorwatch.incidents.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** Casualties of one nationality in an incident. */
@Embeddable
public class NationalityCasualtiesRow {

    @Column(name = "country_code")
    public String countryCode;
    public int killed;
    public int injured;
}
