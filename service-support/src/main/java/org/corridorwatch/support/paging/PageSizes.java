package org.corridorwatch.support.paging;

import org.corridorwatch.support.validation.Violations;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

/** page_size handling of AIP-158: 0 means the default, above the maximum is coerced, negative is refused. */
public final class PageSizes {

    /** The page size of every list when the request asks for none (page_size 0). */
    public static final int DEFAULT = 50;
    /** The largest page any list returns; larger requests are coerced to it. */
    public static final int MAX = 1000;

    private PageSizes() {
    }

    /**
     * The request without its page_token and page_size: what a page token is bound to (the page
     * size may change from page to page, AIP-158).
     */
    public static Message withoutPaging(Message request) {
        Message.Builder query = request.toBuilder();
        for (String paging : new String[] { "page_token", "page_size" }) {
            FieldDescriptor field = request.getDescriptorForType().findFieldByName(paging);
            if (field != null) {
                query.clearField(field);
            }
        }
        return query.build();
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
