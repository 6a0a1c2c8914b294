package org.corridorwatch.support.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

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

    /** A required single-line text (see {@link #maxLength}): not blank, at most {@code maxLength} characters. */
    public void requiredText(String field, String value, int maxLength) {
        requiredText(field, value, maxLength, false);
    }

    /**
     * A required multi-line text (see {@link #maxLengthMultiLine}): not blank, at most {@code maxLength}
     * characters.
     */
    public void requiredMultiLineText(String field, String value, int maxLength) {
        requiredText(field, value, maxLength, true);
    }

    /**
     * An optional single-line text (a title, name, outlet, place, role, filter value ...) of at
     * most {@code maxLength} characters, without control characters of any kind (no tab, no line
     * break) and without bidirectional embeddings, overrides or isolates.
     */
    public void maxLength(String field, String value, int maxLength) {
        text(field, value, maxLength, false);
    }

    /**
     * An optional multi-line text (a summary, a statement's words, an excerpt, a note) of at most
     * {@code maxLength} characters: like a single-line text, but tab, line feed and CR LF are
     * accepted.
     */
    public void maxLengthMultiLine(String field, String value, int maxLength) {
        text(field, value, maxLength, true);
    }

    private void requiredText(String field, String value, int maxLength, boolean multiLine) {
        if (value.isBlank()) {
            add(field, "is required");
        } else {
            text(field, value, maxLength, multiLine);
        }
    }

    private void text(String field, String value, int maxLength, boolean multiLine) {
        if (value.length() > maxLength) {
            add(field, "must be at most " + maxLength + " characters (got " + value.length() + ")");
        }
        String problem = characterProblem(value, multiLine);
        if (problem != null) {
            add(field, problem);
        }
    }

    /**
     * What is wrong with the first refused character of {@code value}, or null. Texts are shown in
     * analysts' terminals, logs, exports and UIs, so they hold only characters that are text:
     * <ul>
     * <li>No control character (C0 U+0000-U+001F, DEL U+007F, C1 U+0080-U+009F): to a terminal they
     * are commands, not text. ESC (and C1 CSI/OSC) starts sequences that recolour, hide or rewrite
     * what is on screen, move the cursor or set the window title; BEL rings; a lone CR returns to
     * the start of the line so what follows overprints what came before. NUL also cannot be stored
     * in PostgreSQL text. A multi-line text keeps tab, line feed and CR LF (text pasted from
     * Windows); a single-line text keeps none of them, nor U+2028/U+2029 (line and paragraph
     * separator).</li>
     * <li>No bidirectional embedding, override or isolate (U+202A-U+202E, U+2066-U+2069): they
     * reorder how everything after them is displayed until they are closed, so a record could show
     * readers text in another order than stored (and than searched), and an unclosed one spills
     * into the next field printed. Arabic-script and Latin text mix without them; the marks LRM,
     * RLM and ALM (U+200E, U+200F, U+061C), which reorder nothing beyond themselves, are
     * accepted.</li>
     * </ul>
     * One violation per field: the first refused character, named by its code point and offset (in
     * code points) since most of them are invisible, is enough to find and fix them all.
     */
    private static String characterProblem(String value, boolean multiLine) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String problem;
            if (c == '\u0000') {
                // The wording clients have seen since before the other controls were refused.
                return "must not contain NUL characters";
            } else if (c == '\t' || c == '\n' || c == '\u2028' || c == '\u2029') {
                problem = multiLine ? null : "must be a single line, without tabs or line breaks";
            } else if (c == '\r') {
                boolean crLf = i + 1 < value.length() && value.charAt(i + 1) == '\n';
                problem = !multiLine ? "must be a single line, without tabs or line breaks"
                        : crLf ? null : "must not contain a carriage return other than in a CR LF line break";
            } else if (Character.isISOControl(c)) {
                problem = multiLine ? "must not contain control characters other than tab, line feed and CR LF"
                        : "must not contain control characters";
            } else if ((c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
                problem = "must not contain bidirectional embedding, override or isolate characters";
            } else {
                problem = null;
            }
            if (problem != null) {
                return problem + String.format(Locale.ROOT, " (found U+%04X at offset %d)", (int) c,
                        value.codePointCount(0, i));
            }
        }
        return null;
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

    /**
     * A repeated field's items: at most {@code max} (see {@link #maxItems}), then each checked by
     * {@code rule} with its path ({@code field[i]}). Returns whether the items were checked.
     */
    public <T> boolean eachItem(String field, List<T> items, int max, BiConsumer<T, String> rule) {
        if (!maxItems(field, items, max)) {
            return false;
        }
        for (int i = 0; i < items.size(); i++) {
            rule.accept(items.get(i), field + "[" + i + "]");
        }
        return true;
    }

    /** Each value of a list (a set, in the contract) that repeats an earlier one: "appears more than once". */
    public void noRepeats(String field, List<?> values) {
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            if (!seen.add(values.get(i))) {
                add(field + "[" + i + "]", "appears more than once");
            }
        }
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
        return eachItem(field, values, max, (value, item) -> enumValue(item, value, true));
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
