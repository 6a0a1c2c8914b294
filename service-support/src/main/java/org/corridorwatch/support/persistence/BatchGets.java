package org.corridorwatch.support.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.corridorwatch.support.errors.ResourceException;
import org.corridorwatch.support.validation.ResourceNames;
import org.corridorwatch.support.validation.Violations;

/**
 * BatchGet (AIP-231) the same way for every kind of record: 1 to {@value #MAX_NAMES} names, all
 * well formed, answered in the order asked (repeats in place) from one query; NOT_FOUND naming
 * the first missing one. Other services check their references with it.
 */
public final class BatchGets {

    /** How many names one call may ask for. */
    public static final int MAX_NAMES = 1000;

    private BatchGets() {
    }

    /**
     * @param names the request's names, field "names"
     * @param collection the names' collection, e.g. "deals"
     * @param resourceType for NOT_FOUND's ResourceInfo, e.g. "corridorwatch.org/Deal"
     * @param findExisting the records with these ids that exist
     * @param toProto the API's view of a record
     */
    public static <E extends VersionedRecord, P> List<P> get(List<String> names, String collection,
            String resourceType, Function<List<String>, List<E>> findExisting, Function<E, P> toProto) {
        Violations violations = new Violations();
        if (names.isEmpty()) {
            violations.add("names", "must name at least one resource");
        }
        List<String> ids = new ArrayList<>();
        if (violations.maxItems("names", names, MAX_NAMES)) {
            for (int i = 0; i < names.size(); i++) {
                ids.add(ResourceNames.parse(collection, names.get(i), "names[" + i + "]", violations));
            }
        }
        violations.throwIfAny();
        Map<String, E> found = findExisting.apply(ids.stream().distinct().toList()).stream()
                .collect(Collectors.toMap(e -> e.id, Function.identity()));
        List<P> answer = new ArrayList<>(ids.size());
        for (String id : ids) {
            E record = found.get(id);
            if (record == null) {
                throw ResourceException.notFound(resourceType, ResourceNames.format(collection, id));
            }
            answer.add(toProto.apply(record));
        }
        return answer;
    }
}
