package org.corridorwatch.support.references;

/**
 * One reference a request makes to a resource another service owns.
 *
 * @param field the request field holding it, as AIP-193 paths name fields, e.g. "statement.deals[1]"
 * @param name the referenced resource's name, e.g. "deals/ml-1"
 */
public record Reference(String field, String name) {
}
