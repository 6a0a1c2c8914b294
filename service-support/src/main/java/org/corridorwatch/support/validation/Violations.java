package org.corridorwatch.support.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.corridorwatch.support.errors.InvalidArgumentException;

import com.google.protobuf.ProtocolMessageEnum;
import com.google.rpc.BadRequest.FieldViolation;
import com.google.type.Date;

/**
 * Collects every field violation of one request, so the caller learns about all of them in one
 * INVALID_ARGUMENT instead of fixing them one round trip at a time. Field paths follow AIP-193:
 * {@code incident.sources[0].url}.
 */
public final class Violations {

    private static final Set<String> COUNTRY_CODES = Set.of(Locale.getISOCountries());
    private static final int MAX_URL_LENGTH = 2048;

    private final List<FieldViolation> violations = new ArrayList<>();

    public Violations add(String field, String description) {
        violations.add(FieldViolation.newBuilder().setField(field).setDescription(description).build());
        return this;
    }

    public boolean isEmpty() {
        return violations.isEmpty();
    }

    public List<FieldViolation> list() {
        return List.copyOf(violations);
    }

    /** Throws INVALID_ARGUMENT listing every violation collected, if there is any. */
    public void throwIfAny() {
        if (!violations.isEmpty()) {
            throw new InvalidArgumentException(violations);
        }
    }

    /** A required text: not blank, at most {@code maxLength} characters. */
    public void requiredText(String field, String value, int maxLength) {
        if (value.isBlank()) {
            add(field, "is required");
        } else {
            maxLength(field, value, maxLength);
        }
    }

    /** An optional text of at most {@code maxLength} characters, without NUL characters. */
    public void maxLength(String field, String value, int maxLength) {
        if (value.length() > maxLength) {
            add(field, "must be at most " + maxLength + " characters (got " + value.length() + ")");
        }
        // PostgreSQL text cannot hold NUL; refuse it here rather than fail at the database.
        if (value.indexOf('\u0000') >= 0) {
            add(field, "must not contain NUL characters");
        }
    }

    /** An ISO 3166-1 alpha-2 code in upper case; empty is accepted unless required. */
    public void countryCode(String field, String value, boolean required) {
        if (value.isEmpty()) {
            if (required) {
                add(field, "is required");
            }
        } else if (!COUNTRY_CODES.contains(value)) {
            add(field, "must be an ISO 3166-1 alpha-2 country code in upper case, like \"PK\"");
        }
    }

    /** An optional absolute http(s) URL. */
    public void httpUrl(String field, String value) {
        if (value.isEmpty()) {
            return;
        }
        if (value.length() > MAX_URL_LENGTH) {
            add(field, "must be at most " + MAX_URL_LENGTH + " characters");
            return;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                add(field, "must be an absolute http or https URL");
            }
        } catch (URISyntaxException e) {
            add(field, "must be an absolute http or https URL");
        }
    }

    /** An optional UUID such as a request_id. */
    public void uuid(String field, String value) {
        if (value.isEmpty()) {
            return;
        }
        try {
            // UUID.fromString accepts short forms like "1-1-1-1-1"; insist on the canonical one.
            if (!UUID.fromString(value).toString().equalsIgnoreCase(value)) {
                add(field, "must be a UUID like 123e4567-e89b-12d3-a456-426614174000");
            }
        } catch (IllegalArgumentException e) {
            add(field, "must be a UUID like 123e4567-e89b-12d3-a456-426614174000");
        }
    }

    /** An optional client-chosen resource id (AIP-122). */
    public void resourceId(String field, String value) {
        if (!value.isEmpty() && !ResourceNames.isValidId(value)) {
            add(field, "must be 1 to 63 lower-case letters, digits or hyphens, not starting or ending with a hyphen");
        }
    }

    /**
     * At most {@code max} items. Returns whether the count is within the limit, so callers check
     * the items one by one only then: a million bad items must not make a million violations.
     */
    public boolean maxItems(String field, Collection<?> items, int max) {
        if (items.size() > max) {
            add(field, "must have at most " + max + " items (got " + items.size() + ")");
            return false;
        }
        return true;
    }

    /** A known enum value; UNSPECIFIED (0) is refused when the field is required. */
    public void enumValue(String field, ProtocolMessageEnum value, boolean required) {
        if (isUnrecognized(value)) {
            add(field, "is not a known value");
        } else if (required && value.getNumber() == 0) {
            add(field, "is required (must not be " + value.getValueDescriptor().getName() + ")");
        }
    }

    /**
     * At most {@code max} enum values, each known and specified (a filter's set of kinds, a
     * deal's sectors); false when there are too many to check one by one.
     */
    public boolean enumValues(String field, List<? extends ProtocolMessageEnum> values, int max) {
        if (!maxItems(field, values, max)) {
            return false;
        }
        for (int i = 0; i < values.size(); i++) {
            enumValue(field + "[" + i + "]", values.get(i), true);
        }
        return true;
    }

    /** A number in [min, max]. */
    public void range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            add(field, "must be between " + min + " and " + max + " (got " + value + ")");
        }
    }

    /**
     * A real partial date (see {@link PartialDates}), optionally required and optionally not in
     * the future. {@code present} tells whether the message field is set.
     */
    public void partialDate(String field, boolean present, Date value, boolean required, boolean notInFuture) {
        if (!present) {
            if (required) {
                add(field, "is required");
            }
            return;
        }
        String problem = PartialDates.problem(value);
        if (problem != null) {
            add(field, problem);
        } else if (notInFuture && PartialDates.isInFuture(value, PartialDates.todayUtc())) {
            add(field, "must not be in the future");
        }
    }

    /**
     * A filter's optional date range {@code <prefix>.<name>_after} .. {@code <prefix>.<name>_before}:
     * each a real partial date, and the range not empty (after's first day not past before's last).
     */
    public void partialDateRange(String prefix, String name, boolean hasAfter, Date after, boolean hasBefore,
            Date before) {
        partialDate(prefix + "." + name + "_after", hasAfter, after, false, false);
        partialDate(prefix + "." + name + "_before", hasBefore, before, false, false);
        if (hasAfter && hasBefore && PartialDates.problem(after) == null && PartialDates.problem(before) == null
                && PartialDates.span(after).first().isAfter(PartialDates.span(before).last())) {
            add(prefix + "." + name + "_before", "must not be before " + name + "_after");
        }
    }

    private static boolean isUnrecognized(ProtocolMessageEnum value) {
        // Proto3 enums are open: numbers this build does not know arrive as UNRECOGNIZED, whose
        // getNumber() throws.
        try {
            value.getNumber();
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
