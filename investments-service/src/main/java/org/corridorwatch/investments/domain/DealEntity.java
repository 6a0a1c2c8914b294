package org.corridorwatch.investments.domain;

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

import org.corridorwatch.support.dates.PartialDate;
import org.corridorwatch.support.dates.PartialDateWithSpan;
import org.corridorwatch.support.persistence.VersionedRecord;

import org.corridorwatch.support.sources.SourceRow;
import org.hibernate.annotations.EmbeddedColumnNaming;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import org.corridorwatch.api.investments.v1.DealKind;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.Programme;

/**
 * One deal as stored. Enumerations are stored by their API value names, which the contract keeps
 * stable, so the database reads the same as the API. The current status is a copy of the latest
 * history entry's, kept on the row so that filters and the optimistic lock cover it.
 */
@Entity
@Table(name = "deals")
public class DealEntity extends VersionedRecord {

    public String title;
    public String summary;
    @Enumerated(EnumType.STRING)
    public DealKind kind;

    /** ISO country codes. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "counterpart_countries")
    public List<String> counterpartCountries = new ArrayList<>();
    /** Sector value names. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> sectors = new ArrayList<>();
    /** Commodity value names. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> commodities = new ArrayList<>();

    @Enumerated(EnumType.STRING)
    public Programme programme;
    public String location;

    /** Its first day is the sort key; the span serves the announced-date filter. */
    @Embedded
    @EmbeddedColumnNaming("announced_%s")
    public PartialDateWithSpan announcedDate = new PartialDateWithSpan();

    /** Absent while the deal is not signed; the span serves the signed-date filter. */
    @Embedded
    @EmbeddedColumnNaming("signed_%s")
    public PartialDateWithSpan signedDate = new PartialDateWithSpan();

    @Enumerated(EnumType.STRING)
    public DealStatus status;
    /** Effective date of the latest transition. */
    @Embedded
    @EmbeddedColumnNaming("status_%s")
    public PartialDate statusDate = new PartialDate();

    @ElementCollection
    @CollectionTable(name = "deal_parties", joinColumns = @JoinColumn(name = "deal_id"))
    @OrderColumn(name = "position")
    public List<DealPartyRow> parties = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "deal_amounts", joinColumns = @JoinColumn(name = "deal_id"))
    @OrderColumn(name = "position")
    public List<DealAmountRow> amounts = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "deal_sources", joinColumns = @JoinColumn(name = "deal_id"))
    @OrderColumn(name = "position")
    public List<SourceRow> sources = new ArrayList<>();
}
