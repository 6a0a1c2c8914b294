package org.corridorwatch.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.corridorwatch.support.auth.RequiredRoles;
import org.corridorwatch.support.auth.Roles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.google.protobuf.Message;
import com.google.rpc.ErrorInfo;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;

import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

/**
 * The access rules of one service, proven for every RPC its descriptor lists: each way a token is
 * refused is UNAUTHENTICATED with its reason, a role below the method's required one is
 * PERMISSION_DENIED naming the role, and the required role or a higher one gets through: a read
 * answers whatever the method says, but neither of those two; a write, sent as a valid request,
 * succeeds and changes the data. A refused write must leave the data as it was. No RPC may lack a
 * required role.
 *
 * <p>Server-streaming methods (Watch) are called too: their first answer, a message or a status,
 * shows whether they were let in.
 *
 * <p>A service's test subclasses it as a {@code @QuarkusTest}, giving a channel to the app, its
 * service descriptor, valid requests for its writes and a snapshot of its data.
 */
public abstract class AccessMatrixTest {

    /** A channel to the app under test, e.g. {@code @GrpcClient("incidents") Channel}. */
    protected abstract Channel channel();

    /** The service under test, e.g. {@code IncidentServiceGrpc.getServiceDescriptor()}. */
    protected abstract ServiceDescriptor service();

    /**
     * A request the method would carry out for an admin: for writes, a valid one, with whatever it
     * needs created first (a record to update or delete). For reads the empty request is enough:
     * its answer, even INVALID_ARGUMENT, proves the call was let in.
     */
    protected Message request(MethodDescriptor<?, ?> method) {
        return prototype(method);
    }

    /** What the service stores, such that any write changes it, e.g. row counts and the latest update time. */
    protected abstract Object snapshot() throws Exception;

    /** Every way a token can be refused, with the reason the answer must give. */
    static Map<String, Refusal> refusals() {
        Map<String, Refusal> refusals = new LinkedHashMap<>();
        refusals.put("no token", new Refusal(TestTokens::none, "MISSING_CREDENTIALS"));
        refusals.put("expired", new Refusal(() -> TestTokens.bearer(TestTokens.expired()), "TOKEN_EXPIRED"));
        refusals.put("not yet valid", new Refusal(() -> TestTokens.bearer(TestTokens.notYetValid()),
                "TOKEN_NOT_YET_VALID"));
        refusals.put("wrong issuer", new Refusal(() -> TestTokens.bearer(TestTokens.wrongIssuer()), "INVALID_TOKEN"));
        refusals.put("wrong audience", new Refusal(() -> TestTokens.bearer(TestTokens.wrongAudience()),
                "INVALID_TOKEN"));
        refusals.put("bad signature", new Refusal(() -> TestTokens.bearer(TestTokens.badSignature()),
                "INVALID_TOKEN"));
        refusals.put("alg none", new Refusal(() -> TestTokens.bearer(TestTokens.algNone()), "INVALID_TOKEN"));
        refusals.put("malformed", new Refusal(() -> TestTokens.bearer(TestTokens.malformed()), "INVALID_TOKEN"));
        refusals.put("services' key in the users' issuer's name", new Refusal(
                () -> TestTokens.bearer(TestTokens.serviceKeyAsUsersIssuer()), "INVALID_TOKEN"));
        refusals.put("users' key in the services' issuer's name", new Refusal(
                () -> TestTokens.bearer(TestTokens.usersKeyAsServiceIssuer()), "INVALID_TOKEN"));
        refusals.put("service token whose subject is not service:<name>", new Refusal(
                () -> TestTokens.bearer(TestTokens.service("test-admin", Roles.ADMIN)), "INVALID_TOKEN"));
        refusals.put("no exp", new Refusal(() -> TestTokens.bearer(TestTokens.withoutClaim("exp")), "INVALID_TOKEN"));
        refusals.put("no sub", new Refusal(() -> TestTokens.bearer(TestTokens.withoutClaim("sub")), "INVALID_TOKEN"));
        refusals.put("HS256 keyed with the public key", new Refusal(
                () -> TestTokens.bearer(TestTokens.hmacWithThePublicKey()), "INVALID_TOKEN"));
        refusals.put("two authorization values", new Refusal(
                () -> TestTokens.headers("Bearer " + TestTokens.admin(), "Bearer " + TestTokens.reader()),
                "INVALID_TOKEN"));
        refusals.put("not a bearer token", new Refusal(() -> TestTokens.header("Basic dXNlcjpwYXNzd29yZA=="),
                "INVALID_TOKEN"));
        return refusals;
    }

    record Refusal(Supplier<CallCredentials> credentials, String reason) {
    }

    @Test
    void everyRpcHasARequiredRole() {
        for (MethodDescriptor<?, ?> method : methods()) {
            assertNotEquals(Optional.empty(), RequiredRoles.of(method),
                    method.getFullMethodName() + " has no (corridorwatch.common.v1.required_role)");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRefusedTokenIsUnauthenticatedWithItsReason() {
        List<DynamicTest> tests = new ArrayList<>();
        for (MethodDescriptor<?, ?> method : methods()) {
            refusals().forEach((name, refusal) -> tests.add(DynamicTest.dynamicTest(
                    method.getBareMethodName() + ", " + name, () -> {
                        StatusRuntimeException e = refusedWithoutWriting(method, refusal.credentials().get());
                        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode(), e::toString);
                        assertEquals(refusal.reason(), GrpcErrors.errorInfo(e).getReason());
                    })));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> eachRoleGetsWhatItsRankAllows() {
        List<DynamicTest> tests = new ArrayList<>();
        // Who calls, and the role the service must grant them.
        Map<String, Supplier<String>> tokens = new LinkedHashMap<>();
        Map<String, Set<String>> granted = new LinkedHashMap<>();
        tokens.put("no role", () -> TestTokens.forRoles("test-nobody"));
        granted.put("no role", Set.of());
        for (String role : Roles.HIERARCHY) {
            tokens.put(role, () -> TestTokens.forRoles("test-" + role, role));
            granted.put(role, Set.of(role));
        }
        // A service's own token is capped at reader: its key, in every pod, must not make writers.
        tokens.put("service token claiming admin", () -> TestTokens.service("service:test", Roles.ADMIN));
        granted.put("service token claiming admin", Set.of(Roles.READER));
        for (MethodDescriptor<?, ?> method : methods()) {
            String required = RequiredRoles.of(method).orElseThrow();
            tokens.forEach((caller, token) -> tests.add(DynamicTest.dynamicTest(
                    method.getBareMethodName() + " (requires " + required + "), " + caller, () -> {
                        CallCredentials credentials = TestTokens.bearer(token.get());
                        if (Roles.grants(granted.get(caller), required) && Roles.READER.equals(required)) {
                            assertLetIn(method, credentials);
                        } else if (Roles.grants(granted.get(caller), required)) {
                            assertWrites(method, credentials);
                        } else {
                            StatusRuntimeException e = refusedWithoutWriting(method, credentials);
                            assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), e::toString);
                            ErrorInfo info = GrpcErrors.errorInfo(e);
                            assertEquals("MISSING_ROLE", info.getReason());
                            assertEquals(required, info.getMetadataOrThrow("required_role"));
                        }
                    })));
        }
        return tests.stream();
    }

    /** RFC 6750 names the scheme "Bearer", and HTTP auth schemes are case-insensitive (RFC 9110). */
    @Test
    void theBearerSchemeIsCaseInsensitive() {
        MethodDescriptor<?, ?> read = methods().stream()
                .filter(m -> m.getType() == MethodDescriptor.MethodType.UNARY)
                .filter(m -> RequiredRoles.of(m).orElseThrow().equals(Roles.READER)).findFirst().orElseThrow();
        for (String scheme : List.of("bearer ", "BEARER ")) {
            assertLetIn(read, TestTokens.header(scheme + TestTokens.reader()));
        }
    }

    @Test
    void healthNeedsNoToken() {
        assertNotNull(HealthGrpc.newBlockingStub(channel()).withCallCredentials(TestTokens.none())
                .check(HealthCheckRequest.getDefaultInstance()).getStatus());
    }

    @Test
    void reflectionNeedsNoToken() throws Exception {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel())
                .withCallCredentials(TestTokens.none()).withDeadlineAfter(30, TimeUnit.SECONDS)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        answer.complete(response);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        ServerReflectionResponse response = answer.get(30, TimeUnit.SECONDS);
        requests.onCompleted();
        assertEquals(true, response.getListServicesResponse().getServiceList().stream()
                .anyMatch(s -> s.getName().equals(service().getName())), response::toString);
    }

    /** The call with these credentials fails; for a write, the data is as it was. */
    private StatusRuntimeException refusedWithoutWriting(MethodDescriptor<?, ?> method, CallCredentials credentials)
            throws Exception {
        Message request = request(method);
        Object before = snapshot();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call(method, request, credentials));
        assertEquals(before, snapshot(), method.getBareMethodName() + " was refused but wrote");
        return e;
    }

    /** A write the caller may make is carried out: it answers OK and the data changes. */
    private void assertWrites(MethodDescriptor<?, ?> method, CallCredentials credentials) throws Exception {
        Message request = request(method);
        Object before = snapshot();
        call(method, request, credentials);
        assertNotEquals(before, snapshot(), method.getBareMethodName() + " answered OK but wrote nothing");
    }

    private void assertLetIn(MethodDescriptor<?, ?> method, CallCredentials credentials) {
        try {
            call(method, request(method), credentials);
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            assertNotEquals(Status.Code.UNAUTHENTICATED, code, e::toString);
            assertNotEquals(Status.Code.PERMISSION_DENIED, code, e::toString);
            // Let in means answered by the service: a failure in the access layer itself would be one of these.
            assertNotEquals(Status.Code.UNKNOWN, code, e::toString);
            assertNotEquals(Status.Code.INTERNAL, code, e::toString);
        }
    }

    @SuppressWarnings("unchecked")
    private void call(MethodDescriptor<?, ?> method, Message request, CallCredentials credentials) {
        if (method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING) {
            firstOfStream((MethodDescriptor<Message, Message>) method, request, credentials);
            return;
        }
        ClientCalls.blockingUnaryCall(channel(), (MethodDescriptor<Message, Message>) method,
                CallOptions.DEFAULT.withCallCredentials(credentials), request);
    }

    /**
     * A server-streaming call (a Watch) runs until the client cancels it, so it is judged by its
     * first answer: a message means it was let in; a status (thrown as StatusRuntimeException) is
     * the refusal or the service's own answer; then the call is cancelled. A stream let in with
     * nothing to send yet ends with this call's short deadline, DEADLINE_EXCEEDED: let in too.
     */
    private void firstOfStream(MethodDescriptor<Message, Message> method, Message request, CallCredentials credentials) {
        Context.CancellableContext context = Context.current().withCancellation();
        try {
            context.run(() -> ClientCalls.blockingServerStreamingCall(channel(), method,
                    CallOptions.DEFAULT.withCallCredentials(credentials).withDeadlineAfter(10, TimeUnit.SECONDS), request)
                    .hasNext());
        } finally {
            context.cancel(null);
        }
    }

    private List<MethodDescriptor<?, ?>> methods() {
        return List.copyOf(service().getMethods());
    }

    /** The one value {@code sql} selects, read straight from the service's database: for {@link #snapshot()}. */
    protected static String queryValue(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The method's empty request message. */
    protected static Message prototype(MethodDescriptor<?, ?> method) {
        return (Message) ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller()).getMessagePrototype();
    }
}
