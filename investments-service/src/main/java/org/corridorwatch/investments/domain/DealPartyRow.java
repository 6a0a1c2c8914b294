package org.corridorwatch.investments.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import org.corridorwatch.api.investments.v1.PartyRole;

/** One party to a deal and its role; country code '' for multilateral institutions. */
@Embeddable
public class DealPartyRow {

    public String name;
    @Enumerated(EnumType.STRING)
    public PartyRole role;
    @Column(name = "country_code")
    public String countryCode;
}
