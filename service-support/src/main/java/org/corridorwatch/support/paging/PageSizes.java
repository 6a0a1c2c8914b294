package org.corridorwatch.support.paging;

import org.corridorwatch.support.validation.Violations;

/** page_size handling of AIP-158: 0 means the default, above the maximum is coerced, negative is refused. */
public final class PageSizes {

    private PageSizes() {
    }

    public static int resolve(int requested, int defaultSize, int maxSize, String field, Violations violations) {
        if (requested < 0) {
            violations.add(field, "must not be negative");
            return defaultSize;
        }
        if (requested == 0) {
            return defaultSize;
        }
        return Math.min(requested, maxSize);
    }
}
