package org.corridorwatch.support.validation;

import java.util.regex.Pattern;

/** Resource names of the form {@code collection/id} (AIP-122). */
public final class ResourceNames {

    /** AIP-122 ids: lower-case letters, digits and hyphens, not starting or ending with a hyphen. */
    private static final Pattern ID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private ResourceNames() {
    }

    public static String format(String collection, String id) {
        return collection + "/" + id;
    }

    /**
     * The id of {@code name} when it is a well-formed name in {@code collection}; otherwise adds a
     * violation for {@code field} and returns null.
     */
    public static String parse(String collection, String name, String field, Violations violations) {
        String id = idOrNull(collection, name);
        if (id == null) {
            violations.add(field, name.isEmpty() ? "is required"
                    : "must be a resource name like \"" + collection + "/{id}\"");
        }
        return id;
    }

    /** Whether {@code name} is a well-formed name in {@code collection}. */
    public static boolean isValid(String collection, String name) {
        return idOrNull(collection, name) != null;
    }

    /** Whether {@code id} is a well-formed resource id. */
    public static boolean isValidId(String id) {
        return ID.matcher(id).matches();
    }

    private static String idOrNull(String collection, String name) {
        String prefix = collection + "/";
        if (!name.startsWith(prefix)) {
            return null;
        }
        String id = name.substring(prefix.length());
        return isValidId(id) ? id : null;
    }
}
