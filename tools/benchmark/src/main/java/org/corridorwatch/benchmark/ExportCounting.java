package org.corridorwatch.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.corridorwatch.api.common.v1.ExportEnd;
import org.corridorwatch.api.incidents.v1.ExportIncidentsRequest;
import org.corridorwatch.api.incidents.v1.ExportIncidentsResponse;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;

/**
 * ExportIncidents as a client that counts each message's records without parsing them: it reads
 * the message's top-level fields and skips the bytes of every {@code incidents} entry. Only the
 * end is parsed.
 */
final class ExportCounting {

    /** One message of the stream: how many records it held, and the end when it is the last. */
    record Counted(int records, ExportEnd end) {
    }

    private static final int RECORDS = ExportIncidentsResponse.INCIDENTS_FIELD_NUMBER;
    private static final int END = ExportIncidentsResponse.END_FIELD_NUMBER;

    /** ExportIncidents with the counting response marshaller (same method name and request). */
    static final MethodDescriptor<ExportIncidentsRequest, Counted> EXPORT_INCIDENTS = IncidentServiceGrpc
            .getExportIncidentsMethod().toBuilder(ProtoUtils.marshaller(ExportIncidentsRequest.getDefaultInstance()),
                    new MethodDescriptor.Marshaller<Counted>() {
                        @Override
                        public InputStream stream(Counted value) {
                            throw new UnsupportedOperationException("responses are only read");
                        }

                        @Override
                        public Counted parse(InputStream stream) {
                            return count(stream);
                        }
                    })
            .build();

    private ExportCounting() {
    }

    private static Counted count(InputStream stream) {
        try {
            CodedInputStream input = CodedInputStream.newInstance(stream);
            int records = 0;
            ExportEnd end = null;
            for (int tag = input.readTag(); tag != 0; tag = input.readTag()) {
                int field = WireFormat.getTagFieldNumber(tag);
                if (field == RECORDS) {
                    records++;
                    input.skipField(tag);
                } else if (field == END) {
                    end = ExportEnd.parseFrom(input.readBytes());
                } else {
                    input.skipField(tag);
                }
            }
            return new Counted(records, end);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
