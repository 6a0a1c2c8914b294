package org.corridorwatch.cli;

import java.util.List;

import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealServiceGrpc;
import org.corridorwatch.stack.LocalStack;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;

import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;

/**
 * One of the three resources as the command line sees it: which service serves it, its methods
 * (found by the API's naming convention, {@code List<Plural>}, {@code Get<Singular>}, ...), the
 * filter options its commands take and the columns its table shows. Every command is written once
 * against this description, so the three resources cannot drift apart.
 *
 * @param collection   the command and collection name: incidents, deals, statements
 * @param singular     the resource's field name in requests: incident, deal, statement
 * @param service      the service's key in the local stack (incidents, investments, diplomacy)
 * @param grpc         the service's generated descriptor
 * @param record       the resource's message
 * @param filters      the options that fill the List filter, in the order the help lists them
 * @param tableColumns the columns of the table for people (flattened paths, {@link Flattener})
 * @param searchMethod the method `search` calls; null when search is the List filter's `query`
 */
record Resource(String collection, String singular, String service, ServiceDescriptor grpc, Descriptor record,
        List<FilterOption> filters, List<String> tableColumns, String searchMethod) {

    /**
     * A filter option: {@code option} (e.g. --province) sets the filter's field {@code field}; its
     * value is parsed by the field's type (text, whole number, date, enumeration value, money).
     */
    record FilterOption(String option, String field, String description) {
    }

    static final Resource INCIDENTS = new Resource("incidents", "incident", LocalStack.INCIDENTS,
            IncidentServiceGrpc.getServiceDescriptor(), Incident.getDescriptor(),
            List.of(new FilterOption("--from", "occurred_after", "only incidents on or after this date: 2024, 2024-03 or 2024-03-26"),
                    new FilterOption("--to", "occurred_before", "only incidents on or before this date"),
                    new FilterOption("--province", "province", "only incidents in this province, e.g. Balochistan"),
                    new FilterOption("--country", "country_code", "only incidents in this country (ISO code, e.g. PK)"),
                    new FilterOption("--kind", "incident_types", "only incidents of these types, e.g. suicide-bombing,ied"),
                    new FilterOption("--status", "statuses", "only incidents with these statuses, e.g. confirmed"),
                    new FilterOption("--victim-nationality", "victim_nationality", "only incidents with victims of this nationality (ISO code, e.g. CN)"),
                    new FilterOption("--min-killed", "min_killed", "only incidents with at least this many killed (best estimate)"),
                    new FilterOption("--deal", "affected_deal", "only incidents affecting this deal (deals/{id})"),
                    new FilterOption("--query", "query", "only incidents whose words match this free-text query")),
            List.of("name", "occurred_date", "incident_type", "place.province", "killed.best", "injured.best", "title"),
            null);

    static final Resource DEALS = new Resource("deals", "deal", LocalStack.INVESTMENTS,
            DealServiceGrpc.getServiceDescriptor(), Deal.getDescriptor(),
            List.of(new FilterOption("--from", "announced_after", "only deals announced on or after this date: 2024, 2024-03 or 2024-03-26"),
                    new FilterOption("--to", "announced_before", "only deals announced on or before this date"),
                    new FilterOption("--signed-from", "signed_after", "only deals signed on or after this date"),
                    new FilterOption("--signed-to", "signed_before", "only deals signed on or before this date"),
                    new FilterOption("--kind", "kinds", "only deals of these kinds, e.g. mou,joint-venture"),
                    new FilterOption("--status", "statuses", "only deals with these statuses, e.g. agreement-signed"),
                    new FilterOption("--sector", "sector", "only deals in this sector, e.g. mining"),
                    new FilterOption("--commodity", "commodity", "only deals about this commodity, e.g. copper"),
                    new FilterOption("--programme", "programme", "only deals under this programme: cpec or none"),
                    new FilterOption("--counterpart-country", "counterpart_country", "only deals with this counterpart country (ISO code)"),
                    new FilterOption("--party", "party", "only deals with a party of this name"),
                    new FilterOption("--min-amount", "min_amount", "only deals with an amount of at least this, e.g. \"1000000000 USD\""),
                    new FilterOption("--query", "query", "only deals whose words match this free-text query")),
            List.of("name", "kind", "status", "announced_date", "title"),
            null);

    static final Resource STATEMENTS = new Resource("statements", "statement", LocalStack.DIPLOMACY,
            StatementServiceGrpc.getServiceDescriptor(), Statement.getDescriptor(),
            List.of(new FilterOption("--from", "statement_after", "only statements made on or after this date: 2024, 2024-03 or 2024-03-26"),
                    new FilterOption("--to", "statement_before", "only statements made on or before this date"),
                    new FilterOption("--speaker", "speaker", "only statements by this speaker"),
                    new FilterOption("--organization", "organization", "only statements by or on behalf of this organization"),
                    new FilterOption("--country", "country_code", "only statements on behalf of this country (ISO code)"),
                    new FilterOption("--kind", "kinds", "only statements of these kinds, e.g. direct-quote,official-statement"),
                    new FilterOption("--topic", "topic", "only statements about this topic (a topic slug)"),
                    new FilterOption("--stance", "stances", "only statements taking these stances, e.g. supports,opposes"),
                    new FilterOption("--incident", "incident", "only statements about this incident (incidents/{id})"),
                    new FilterOption("--deal", "deal", "only statements about this deal (deals/{id})")),
            List.of("name", "statement_date", "speaker", "country_code", "kind", "summary"),
            "SearchStatements");

    static final List<Resource> ALL = List.of(INCIDENTS, DEALS, STATEMENTS);

    /** The resource's message name, e.g. Incident. */
    String typeName() {
        return record.getName();
    }

    /** The method of this resource's service with that name, e.g. ListIncidents. */
    @SuppressWarnings("unchecked")
    MethodDescriptor<Message, Message> method(String bareName) {
        for (MethodDescriptor<?, ?> method : grpc.getMethods()) {
            if (bareName.equals(method.getBareMethodName())) {
                return (MethodDescriptor<Message, Message>) method;
            }
        }
        throw new IllegalStateException(grpc.getName() + " has no method " + bareName);
    }

    /** The List method's filter message, which every filtered command takes. */
    Descriptor filterType() {
        return Api.request(collectionMethod("List")).getDescriptorForType().findFieldByName("filter").getMessageType();
    }

    /** Whether the service has a Summarize method for the resource (statements have none). */
    boolean summarizes() {
        String name = "Summarize" + plural();
        return grpc.getMethods().stream().anyMatch(method -> name.equals(method.getBareMethodName()));
    }

    private String plural() {
        return Character.toUpperCase(collection.charAt(0)) + collection.substring(1);
    }

    /** {@code List<Plural>}, {@code Export<Plural>}, ...: a method named by the collection. */
    MethodDescriptor<Message, Message> collectionMethod(String verb) {
        return method(verb + plural());
    }

    /** Whether the records have coordinates to put on a map (Incident.place.location). */
    boolean hasCoordinates() {
        return Flattener.findPath(record, "place.location") != null;
    }

    /** The full name of a record from the name or the bare id given on the command line. */
    String fullName(String nameOrId) {
        return nameOrId.startsWith(collection + "/") ? nameOrId : collection + "/" + nameOrId;
    }
}
