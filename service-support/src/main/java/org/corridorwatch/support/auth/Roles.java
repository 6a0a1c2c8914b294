package org.corridorwatch.support.auth;

import java.util.Collection;
import java.util.List;

/**
 * The roles a token's roles claim ({@code groups} by default) may hold, and what each grants.
 * They are hierarchical: {@code admin} may do everything {@code editor} may, and {@code editor}
 * everything {@code reader} may. A token needs only its highest role.
 */
public final class Roles {

    /** Reads: Get, List, BatchGet, Search, Summarize, timelines, status history. */
    public static final String READER = "reader";
    /** Writes that add or change records: Create, Update, TransitionDealStatus. */
    public static final String EDITOR = "editor";
    /** Writes that remove or overwrite records: Delete. */
    public static final String ADMIN = "admin";

    /** From the least to the most powerful. */
    public static final List<String> HIERARCHY = List.of(READER, EDITOR, ADMIN);

    private Roles() {
    }

    /** Whether a token with {@code held} roles may call a method that requires {@code required}. */
    public static boolean grants(Collection<String> held, String required) {
        int needed = HIERARCHY.indexOf(required);
        if (needed < 0) {
            throw new IllegalArgumentException("unknown role " + required);
        }
        for (String role : held) {
            if (HIERARCHY.indexOf(role) >= needed) {
                return true;
            }
        }
        return false;
    }
}
