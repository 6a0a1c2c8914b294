package org.corridorwatch.support.paging;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.corridorwatch.support.validation.Violations;

import com.google.protobuf.Message;

/**
 * Reads one page of a keyset-ordered list, the same way for every kind of record: decodes and
 * checks the page token against the query it belongs to, asks for one row more than the page to
 * learn whether another page follows, and encodes the next page's token from the page's last row.
 */
public final class KeysetPages {

    /** A page of records and the token of the next one (empty at the end). */
    public record Page<E>(List<E> rows, String nextPageToken) {
    }

    private KeysetPages() {
    }

    /**
     * Throws INVALID_ARGUMENT with every violation collected so far (the caller's too) when the
     * token, or anything else, is invalid. For any keyset: a List's (sort value, id), a search's
     * (relevance, id), a history's (time, position).
     *
     * @param query the request without page_token and page_size: what the token is bound to (its
     *        message type stands for the method, so pass the request itself, never a part shared by
     *        several methods such as a filter)
     * @param cursorParts how many parts the keyset's cursor has
     * @param cursor the cursor a valid token's parts describe, or null with a violation on
     *        "page_token" (tokens are checked like any other input)
     * @param find the rows after a cursor (null: from the start), at most the given count
     * @param cursorOf the cursor parts of a row, for the next page's token
     */
    public static <R, C> Page<R> read(Message query, String token, int cursorParts, int pageSize,
            Violations violations, Function<List<String>, C> cursor, BiFunction<C, Integer, List<R>> find,
            Function<R, List<String>> cursorOf) {
        List<String> parts = PageTokens.decode(token, query, cursorParts, "page_token", violations);
        C after = parts == null || parts.isEmpty() ? null : cursor.apply(parts);
        violations.throwIfAny();

        List<R> rows = find.apply(after, pageSize + 1);
        if (rows.size() <= pageSize) {
            return new Page<>(rows, "");
        }
        R last = rows.get(pageSize - 1);
        return new Page<>(rows.subList(0, pageSize), PageTokens.encode(query, cursorOf.apply(last)));
    }
}
