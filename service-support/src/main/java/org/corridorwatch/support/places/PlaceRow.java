package org.corridorwatch.support.places;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import org.corridorwatch.api.common.v1.Place;
import org.corridorwatch.api.common.v1.PlacePrecision;
import org.corridorwatch.support.export.ExportRows;
import org.corridorwatch.support.validation.Violations;

import com.google.type.LatLng;

/**
 * A place ({@code corridorwatch.common.v1.Place}) as a record stores it, its mapping, and the rules
 * it must satisfy. The columns are {@code place_name}, {@code place_district},
 * {@code place_province}, {@code place_country_code}, {@code latitude}, {@code longitude} (both
 * null without a location) and {@code place_precision}.
 */
@Embeddable
public class PlaceRow {

    public static final int MAX_NAME = 200;
    /** A district's or province's name. */
    public static final int MAX_ADMIN_AREA = 100;

    @Column(name = "place_name")
    public String name;
    @Column(name = "place_district")
    public String district;
    @Column(name = "place_province")
    public String province;
    @Column(name = "place_country_code")
    public String countryCode;
    public Double latitude;
    public Double longitude;
    @Enumerated(EnumType.STRING)
    @Column(name = "place_precision")
    public PlacePrecision precision;

    /** The row of a validated place. Texts are stored stripped. */
    public static PlaceRow of(Place place) {
        PlaceRow row = new PlaceRow();
        row.name = place.getName().strip();
        row.district = place.getDistrict().strip();
        row.province = place.getProvince().strip();
        row.countryCode = place.getCountryCode();
        row.latitude = place.hasLocation() ? place.getLocation().getLatitude() : null;
        row.longitude = place.hasLocation() ? place.getLocation().getLongitude() : null;
        row.precision = place.getPrecision();
        return row;
    }

    /** The place as the API carries it; no location when the row has none. */
    public Place toProto() {
        Place.Builder place = Place.newBuilder().setName(name).setDistrict(district).setProvince(province)
                .setCountryCode(countryCode).setPrecision(precision);
        if (latitude != null && longitude != null) {
            place.setLocation(LatLng.newBuilder().setLatitude(latitude).setLongitude(longitude));
        }
        return place.build();
    }

    /** Checks a place, {@code field} being its path like {@code incident.place}. */
    /**
     * {@link #toProto} as an export's SQL (ExportRows), over the table aliased {@code alias}: the
     * columns labelled as the fields of "place", the location only when both coordinates are stored.
     */
    public static String exportColumns(String alias) {
        return ExportRows.labelled(alias + ".place_", "place.", "name", "district", "province", "country_code") + ", "
                + "CASE WHEN " + alias + ".longitude IS NOT NULL THEN " + alias + ".latitude END AS \"place.location.latitude\", "
                + "CASE WHEN " + alias + ".latitude IS NOT NULL THEN " + alias + ".longitude END AS \"place.location.longitude\", "
                + alias + ".place_precision AS \"place.precision\"";
    }

    public static void validate(Place place, String field, Violations v) {
        v.maxLength(field + ".name", place.getName(), MAX_NAME);
        v.maxLength(field + ".district", place.getDistrict(), MAX_ADMIN_AREA);
        v.maxLength(field + ".province", place.getProvince(), MAX_ADMIN_AREA);
        v.countryCode(field + ".country_code", place.getCountryCode(), true);
        if (place.hasLocation()) {
            LatLng location = place.getLocation();
            // Written so that NaN fails too.
            if (!(location.getLatitude() >= -90 && location.getLatitude() <= 90)) {
                v.add(field + ".location.latitude", "must be between -90 and 90");
            }
            if (!(location.getLongitude() >= -180 && location.getLongitude() <= 180)) {
                v.add(field + ".location.longitude", "must be between -180 and 180");
            }
        }
        v.enumValue(field + ".precision", place.getPrecision(), true);
    }
}
