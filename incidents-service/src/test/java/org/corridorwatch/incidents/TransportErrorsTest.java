package org.corridorwatch.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.support.errors.GrpcTransportErrors;
import org.corridorwatch.support.errors.RequestTooLargeAnswer;
import org.corridorwatch.testing.GrpcErrors;
import org.corridorwatch.testing.TestTokens;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;
import com.google.rpc.ErrorInfo;

import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.GetIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.incidents.v1.UpdateIncidentRequest;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;

/**
 * What the gRPC transport answers by itself, as clients see it: status messages exactly as written
 * (in grpc-java, and on the wire as the gRPC protocol encodes them, which grpc-js and grpcurl
 * decode), a request that is not a valid message answered INVALID_ARGUMENT, one over the size limit
 * answered RESOURCE_EXHAUSTED naming the limit, and neither of them logged as an ERROR.
 */
@QuarkusTest
class TransportErrorsTest {

    private static final String BAD_NAME_MESSAGE =
            "Invalid request: name: must be a resource name like \"incidents/{id}\"";

    @GrpcClient("incidents")
    IncidentServiceBlockingStub incidents;

    @GrpcClient("incidents")
    Channel channel;

    @TestHTTPResource
    URL server;

    @Inject
    Vertx vertx;

    @Inject
    DataSource dataSource;

    /** A method of the incident service that sends and receives raw bytes, valid protobuf or not. */
    private static MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<?, ?> method) {
        MethodDescriptor.Marshaller<byte[]> bytes = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(byte[] value) {
                return new ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(InputStream stream) {
                try {
                    return stream.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        return method.toBuilder(bytes, bytes).build();
    }

    /** Collects what is logged at ERROR (SEVERE) or above while it is attached to the root logger. */
    static final class ErrorLog extends Handler implements AutoCloseable {
        final List<LogRecord> errors = new CopyOnWriteArrayList<>();

        ErrorLog() {
            Logger.getLogger("").addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            Logger.getLogger("").removeHandler(this);
        }

        void assertNone() {
            assertEquals(List.of(), errors.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList());
        }
    }

    @Test
    void messagesReachGrpcJavaAsWritten() {
        StatusRuntimeException bad = IncidentsTestSupport.assertFails(Status.Code.INVALID_ARGUMENT,
                () -> incidents.getIncident(GetIncidentRequest.newBuilder().setName("not a name").build()));
        assertEquals(BAD_NAME_MESSAGE, bad.getStatus().getDescription());

        // A message that echoes the client's non-ASCII input.
        Incident created = incidents.createIncident(CreateIncidentRequest.newBuilder()
                .setIncident(IncidentFixtures.dasu()).build());
        StatusRuntimeException echoed = IncidentsTestSupport.assertFails(Status.Code.INVALID_ARGUMENT,
                () -> incidents.updateIncident(UpdateIncidentRequest.newBuilder()
                        .setIncident(Incident.newBuilder().setName(created.getName()))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("tïtle_%41")).build()));
        String expected = "Invalid request: update_mask: names an unknown or unchangeable field: \"tïtle_%41\"";
        assertEquals(expected, echoed.getStatus().getDescription());
        assertEquals(expected, GrpcErrors.status(echoed).getMessage());
    }

    @Test
    void grpcMessageOnTheWireIsEncodedAsTheProtocolSays() throws Exception {
        // What grpc-js and grpcurl read: printable ASCII as it is, no URL-form encoding of ':' '/' '"'.
        byte[] body = GetIncidentRequest.newBuilder().setName("not a name").build().toByteArray();
        Buffer frame = Buffer.buffer().appendByte((byte) 0).appendInt(body.length).appendBytes(body);
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
        try {
            HttpClientResponse response = http.request(new RequestOptions().setMethod(HttpMethod.POST)
                    .setHost(server.getHost()).setPort(server.getPort())
                    .setURI("/" + IncidentServiceGrpc.getGetIncidentMethod().getFullMethodName())
                    .putHeader("content-type", "application/grpc").putHeader("te", "trailers")
                    .putHeader("authorization", "Bearer " + TestTokens.admin()))
                    .compose(request -> request.send(frame)).toCompletionStage().toCompletableFuture()
                    .get(20, TimeUnit.SECONDS);
            response.body().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            // An error before any message is a trailers-only answer: the status is in the headers.
            String status = firstOf(response.headers().get("grpc-status"), response.trailers().get("grpc-status"));
            String message = firstOf(response.headers().get("grpc-message"), response.trailers().get("grpc-message"));
            assertEquals("3", status);
            assertEquals(BAD_NAME_MESSAGE, message);
        } finally {
            http.close();
        }
    }

    @Test
    void requestThatIsNotAValidMessageIsInvalidArgumentAndNoError() throws InterruptedException {
        MethodDescriptor<byte[], byte[]> getIncident = raw(IncidentServiceGrpc.getGetIncidentMethod());
        try (ErrorLog log = new ErrorLog()) {
            for (String hex : List.of("ffffffff", "0a1061", "0a02c328")) { // garbage, truncated, bad UTF-8
                StatusRuntimeException e = IncidentsTestSupport.assertFails(Status.Code.INVALID_ARGUMENT,
                        () -> ClientCalls.blockingUnaryCall(channel, getIncident,
                                CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), HexFormat.of().parseHex(hex)));
                assertEquals("The request is not a valid corridorwatch.incidents.v1.GetIncidentRequest message.",
                        e.getStatus().getDescription());
                ErrorInfo info = GrpcErrors.errorInfo(e);
                assertEquals(GrpcTransportErrors.UNPARSEABLE_REASON, info.getReason());
                assertEquals(Map.of("method", IncidentServiceGrpc.getGetIncidentMethod().getFullMethodName()),
                        info.getMetadataMap());
            }
            Thread.sleep(500);
            log.assertNone();
        }
    }

    @Test
    void requestOverTheSizeLimitIsResourceExhaustedNamingTheLimitAndNoError() throws Exception {
        int limit = ConfigProvider.getConfig().getValue("quarkus.grpc.server.max-inbound-message-size", Integer.class);
        Incident tooLarge = IncidentFixtures.dasu().toBuilder().setSummary("x".repeat(limit)).build();
        long rowsBefore = IncidentsTestSupport.incidentRows(dataSource);
        try (ErrorLog log = new ErrorLog()) {
            StatusRuntimeException e = IncidentsTestSupport.assertFails(Status.Code.RESOURCE_EXHAUSTED,
                    () -> incidents.createIncident(CreateIncidentRequest.newBuilder().setIncident(tooLarge).build()));
            assertEquals("The request message is larger than this service's limit of " + limit + " bytes.",
                    e.getStatus().getDescription());
            ErrorInfo info = GrpcErrors.errorInfo(e);
            assertEquals(RequestTooLargeAnswer.REASON, info.getReason());
            assertEquals(Map.of("limit_bytes", Integer.toString(limit)), info.getMetadataMap());
            assertEquals(rowsBefore, IncidentsTestSupport.incidentRows(dataSource), "nothing was written");
            // The server closes its side of the call after answering: give a late ERROR time to show.
            Thread.sleep(500);
            log.assertNone();
        }
    }

    private static String firstOf(String a, String b) {
        return a != null ? a : b;
    }
}
