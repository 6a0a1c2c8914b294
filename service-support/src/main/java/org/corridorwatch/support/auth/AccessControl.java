package org.corridorwatch.support.auth;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.inject.spi.Prioritized;
import jakarta.inject.Singleton;

import org.corridorwatch.support.errors.ApiException;
import org.corridorwatch.support.errors.GrpcErrorMapper;
import org.corridorwatch.support.errors.PermissionDeniedException;
import org.corridorwatch.support.errors.UnauthenticatedException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.runtime.Startup;

/**
 * Lets a gRPC call through only when its caller may make it: the bearer token in its
 * {@code authorization} metadata is verified ({@link TokenVerifier}: a user's token against the
 * configured public key or JWKS, issuer, audience, expiry, {@code mp.jwt.verify.*}; a service's
 * own token against the services' key, capped at reader), and its roles must
 * grant the method's required role, which the contract sets on every RPC
 * ({@code (corridorwatch.common.v1.required_role)}, read by {@link RequiredRoles}). A method
 * without one is refused to everyone: a forgotten rule fails closed.
 *
 * <p>Refused calls are answered here, through the central {@link GrpcErrorMapper}, and never
 * reach the service, so nothing is written: UNAUTHENTICATED ({@link UnauthenticatedException}'s
 * reasons) or PERMISSION_DENIED ({@link PermissionDeniedException}). Why a token was refused is
 * logged at DEBUG, never the token. Health checks and server reflection are open to all.
 *
 * <p>A call let through gets its {@link Caller}; a write (editor or admin method) is audited when
 * it closes ({@link AuditLog}).
 *
 * <p>Threading: Quarkus runs global server interceptors on the Vert.x event loop. With a PEM
 * public key, verification is CPU only (one RSA signature check). With a JWKS URL, smallrye-jwt
 * fetches the key set on the first token and again when it meets an unknown key id or its cache
 * ({@code smallrye.jwt.jwks.refresh-interval}, 60 min) expires: that one fetch blocks the event
 * loop for as long as the provider takes to answer. A provider that cannot be reached makes the
 * call UNAVAILABLE ({@link TokenVerifier#KEYS_UNAVAILABLE}), not a refused token.
 *
 * <p>The service refuses to start without a verification key and an issuer: it never runs open
 * by accident.
 */
@Startup
@Singleton
@GlobalInterceptor
public class AccessControl implements ServerInterceptor, Prioritized {

    /** Open without a token: probes and tools must work before anyone has one. */
    static final Set<String> OPEN_SERVICES = Set.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection");

    private static final Logger LOG = Logger.getLogger(AccessControl.class);
    private static final String BEARER = "bearer ";

    private final TokenVerifier verifier;
    private final GrpcErrorMapper errors;
    private final AuditLog audit;
    private final boolean anonymousRead;

    public AccessControl(TokenVerifier verifier, GrpcErrorMapper errors, AuditLog audit, AccessConfig config,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> publicKeyLocation,
            @ConfigProperty(name = "mp.jwt.verify.publickey") Optional<String> publicKey,
            @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer) {
        if ((publicKeyLocation.isEmpty() && publicKey.isEmpty()) || issuer.isEmpty()) {
            throw new IllegalStateException("Token verification is not configured: set MP_JWT_VERIFY_PUBLICKEY_LOCATION "
                    + "(a PEM public key file or the JWKS URL of the OpenID Connect provider) and MP_JWT_VERIFY_ISSUER. "
                    + "The service does not start without them, so that it never runs open by accident.");
        }
        this.verifier = verifier;
        this.errors = errors;
        this.audit = audit;
        this.anonymousRead = config.anonymousRead();
    }

    /**
     * Inside {@code GrpcTransportErrors} (MAX_VALUE - 65), so that refusals are sent with the
     * status message encoded as every client reads it; outside Quarkus' exception handling
     * (MAX_VALUE - 70), which this never relies on. Higher priorities wrap lower ones.
     */
    @Override
    public int getPriority() {
        return Integer.MAX_VALUE - 68;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (OPEN_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        Optional<String> required = RequiredRoles.of(call.getMethodDescriptor());
        Caller caller;
        try {
            if (required.isEmpty()) {
                LOG.errorf("%s has no (corridorwatch.common.v1.required_role) in the contract: refused", method);
                throw PermissionDeniedException.noAccessRule(method);
            }
            caller = authenticate(method, headers, required.get());
            if (!caller.isAnonymous() && !Roles.grants(caller.roles(), required.get())) {
                if (!Roles.READER.equals(required.get())) {
                    audit.write(caller, method, null, Status.Code.PERMISSION_DENIED);
                }
                throw PermissionDeniedException.missingRole(method, required.get());
            }
        } catch (ApiException refused) {
            return refuse(call, refused);
        } catch (RuntimeException bug) {
            // Thrown out of an interceptor, it would leave the call open until the client's deadline.
            return refuse(call, bug);
        }
        Caller.set(caller);
        if (Roles.READER.equals(required.get())) {
            return next.startCall(call, headers);
        }
        return audit.audited(caller, call, headers, next);
    }

    /** The verified caller, or {@link Caller#ANONYMOUS} for a reader method without a token when allowed. */
    private Caller authenticate(String method, Metadata headers, String required) {
        Iterable<String> values = headers.getAll(Tokens.AUTHORIZATION);
        List<String> authorization = values == null ? List.of() : toList(values);
        if (authorization.isEmpty()) {
            if (anonymousRead && Roles.READER.equals(required)) {
                return Caller.ANONYMOUS;
            }
            throw UnauthenticatedException.missingCredentials();
        }
        if (authorization.size() > 1 || !authorization.get(0).regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            LOG.debugf("%s refused: the authorization metadata is not one 'Bearer <token>'", method);
            throw UnauthenticatedException.invalid();
        }
        return verifier.verify(method, authorization.get(0).substring(BEARER.length()).strip());
    }

    private <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, RuntimeException refused) {
        StatusRuntimeException mapped = errors.toStatusException(refused);
        call.close(mapped.getStatus(), mapped.getTrailers() == null ? new Metadata() : mapped.getTrailers());
        return new ServerCall.Listener<>() {
        };
    }

    private static List<String> toList(Iterable<String> values) {
        List<String> list = new java.util.ArrayList<>();
        values.forEach(list::add);
        return list;
    }
}
