package org.corridorwatch.incidents.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** A source citation; published year 0 means no published date. */
@Embeddable
public class SourceRow {

    public String outlet;
    public String url;
    public String title;
    @Column(name = "published_year")
    public int publishedYear;
    @Column(name = "published_month")
    public int publishedMonth;
    @Column(name = "published_day")
    public int publishedDay;
    public String excerpt;
}
