package org.corridorwatch.investments.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import org.corridorwatch.support.persistence.VersionedRecord;

import org.corridorwatch.support.sources.SourceRow;
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

    @Column(name = "announced_year")
    public int announcedYear;
    @Column(name = "announced_month")
    public int announcedMonth;
    @Column(name = "announced_day")
    public int announcedDay;
    /** First day of the span the (partial) date stands for: the sort key. */
    @Column(name = "announced_start")
    public LocalDate announcedStart;
    @Column(name = "announced_end")
    public LocalDate announcedEnd;

    /** Year 0 when not signed; then the span is null. */
    @Column(name = "signed_year")
    public int signedYear;
    @Column(name = "signed_month")
    public int signedMonth;
    @Column(name = "signed_day")
    public int signedDay;
    @Column(name = "signed_start")
    public LocalDate signedStart;
    @Column(name = "signed_end")
    public LocalDate signedEnd;

    @Enumerated(EnumType.STRING)
    public DealStatus status;
    /** Date of the latest transition. */
    @Column(name = "status_year")
    public int statusYear;
    @Column(name = "status_month")
    public int statusMonth;
    @Column(name = "status_day")
    public int statusDay;

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
