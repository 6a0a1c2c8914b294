package org.corridorwatch.testing;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

import com.google.rpc.BadRequest.FieldViolation;

/**
 * The cases of a validator's unit test, each one broken rule of an otherwise valid record, as a
 * {@code @ParameterizedTest} takes them; and the fields violations name, as a client reads them
 * from the BadRequest. One instance per kind of record, e.g.
 * {@code new ValidationCases<Incident.Builder>()}, so the cases' lambdas know their builder.
 *
 * @param <B> the builder of the record the cases change
 */
public final class ValidationCases<B> {

    /**
     * One broken rule: its name (the test's display name), the change to a valid record's builder
     * that breaks it, and the field paths its violations must name, sorted as {@link #fields} sorts.
     */
    public Arguments broken(String rule, UnaryOperator<B> change, String... fields) {
        return Arguments.arguments(rule, change, Stream.of(fields).sorted().toList());
    }

    /** The fields the violations name, sorted; a field named twice appears twice. */
    public static List<String> fields(List<FieldViolation> violations) {
        return violations.stream().map(FieldViolation::getField).sorted().toList();
    }
}
