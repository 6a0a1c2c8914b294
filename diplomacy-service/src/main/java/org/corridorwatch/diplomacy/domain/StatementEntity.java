package org.corridorwatch.diplomacy.domain;

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

import org.corridorwatch.support.sources.SourceRow;
import org.hibernate.annotations.EmbeddedColumnNaming;

import org.corridorwatch.api.diplomacy.v1.StatementKind;
import org.corridorwatch.api.diplomacy.v1.StatementSetting;

/**
 * One statement as stored. Enumerations are stored by their API value names, which the contract
 * keeps stable, so the database reads the same as the API.
 */
@Entity
@Table(name = "statements")
public class StatementEntity extends VersionedRecord {

    public String speaker;
    @Column(name = "speaker_role")
    public String speakerRole;
    public String organization;
    @Column(name = "country_code")
    public String countryCode;

    /** Its first day is the sort key; the span serves the statement-date filter. */
    @Embedded
    @EmbeddedColumnNaming("statement_%s")
    public PartialDateWithSpan statementDate = new PartialDateWithSpan();

    @Enumerated(EnumType.STRING)
    public StatementSetting setting;
    @Column(name = "setting_detail")
    public String settingDetail;
    @Enumerated(EnumType.STRING)
    public StatementKind kind;

    public String text;
    @Column(name = "language_code")
    public String languageCode;
    public String summary;

    @ElementCollection
    @CollectionTable(name = "statement_topics", joinColumns = @JoinColumn(name = "statement_id"))
    @OrderColumn(name = "position")
    public List<TopicStanceRow> topics = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "statement_incidents", joinColumns = @JoinColumn(name = "statement_id"))
    @OrderColumn(name = "position")
    @Column(name = "incident")
    public List<String> incidents = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "statement_deals", joinColumns = @JoinColumn(name = "statement_id"))
    @OrderColumn(name = "position")
    @Column(name = "deal")
    public List<String> deals = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "statement_sources", joinColumns = @JoinColumn(name = "statement_id"))
    @OrderColumn(name = "position")
    public List<SourceRow> sources = new ArrayList<>();
}
