package org.corridorwatch.cli;

import java.util.Locale;
import java.util.stream.Collectors;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;

/**
 * Enumeration values as people type and read them: {@code suicide-bombing}, {@code SUICIDE_BOMBING}
 * and {@code INCIDENT_TYPE_SUICIDE_BOMBING} all name the same IncidentType value.
 */
final class Enums {

    private Enums() {
    }

    /** The prefix every value of the type shares, e.g. "INCIDENT_TYPE_" (from its unspecified value). */
    static String prefix(EnumDescriptor type) {
        String unspecified = type.findValueByNumber(0).getName();
        return unspecified.endsWith("UNSPECIFIED") ? unspecified.substring(0, unspecified.length() - "UNSPECIFIED".length())
                : "";
    }

    /** The value's name without the type's prefix. */
    static String shortName(EnumValueDescriptor value) {
        String prefix = prefix(value.getType());
        return value.getName().startsWith(prefix) ? value.getName().substring(prefix.length()) : value.getName();
    }

    /**
     * The value {@code text} names, with or without the prefix, in any case, with - or _; null when
     * it names none (the unspecified value is never named).
     */
    static EnumValueDescriptor parse(EnumDescriptor type, String text) {
        String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        EnumValueDescriptor value = type.findValueByName(name);
        if (value == null) {
            value = type.findValueByName(prefix(type) + name);
        }
        return value == null || value.getNumber() == 0 ? null : value;
    }

    /** The values people may type, for an error message: "suicide-bombing, ied, ...". */
    static String choices(EnumDescriptor type) {
        return type.getValues().stream().filter(value -> value.getNumber() != 0)
                .map(value -> shortName(value).toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
    }
}
