package org.corridorwatch.support.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.corridorwatch.support.validation.Violations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.rpc.BadRequest.FieldViolation;

class PageSizesTest {

    private static final int DEFAULT = 25;
    private static final int MAX = 100;

    private final Violations violations = new Violations();

    private int resolve(int requested) {
        return PageSizes.resolve(requested, DEFAULT, MAX, "page_size", violations);
    }

    @Test
    void zeroMeansTheDefault() {
        assertEquals(DEFAULT, resolve(0));
        assertTrue(violations.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, -100, Integer.MIN_VALUE})
    void negativeIsAViolation(int requested) {
        resolve(requested);

        assertEquals(List.of(FieldViolation.newBuilder().setField("page_size").setDescription("must not be negative")
                .build()), violations.list());
    }

    @Test
    void negativeStillReturnsAUsableSize() {
        int size = resolve(-5);
        assertTrue(size > 0 && size <= MAX, "got " + size);
    }

    @ParameterizedTest
    @ValueSource(ints = {MAX + 1, 1000, Integer.MAX_VALUE})
    void aboveMaximumIsCoercedToTheMaximum(int requested) {
        assertEquals(MAX, resolve(requested));
        assertTrue(violations.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, DEFAULT, 50, MAX - 1, MAX})
    void inRangeIsUnchanged(int requested) {
        assertEquals(requested, resolve(requested));
        assertTrue(violations.isEmpty());
    }
}
