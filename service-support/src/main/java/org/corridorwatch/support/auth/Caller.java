package org.corridorwatch.support.auth;

import java.util.Optional;
import java.util.Set;

import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;

/**
 * Who makes the current call, as its verified token says: issuer and subject together identify
 * the caller (a subject is unique only within its issuer), the display name is for people
 * (the {@code name} claim, else {@code preferred_username}, else null), and the roles are the
 * token's roles claim. {@link AccessControl} sets it for every call it lets through; use cases
 * read it with {@link #current()}.
 *
 * <p>It travels with the call's Vert.x duplicated context, which Quarkus carries to the worker
 * thread of a {@code @Blocking} method for every event of the call. (An {@code io.grpc.Context}
 * value would not always arrive: Quarkus' blocking interceptor replays events that came before
 * the method's listener was ready outside the call's gRPC context.)
 */
public record Caller(String issuer, String subject, String displayName, Set<String> roles) {

    private static final String KEY = Caller.class.getName();
    /** The caller of a reader method called without a token, when anonymous reads are allowed. */
    public static final Caller ANONYMOUS = new Caller("", "anonymous", null, Set.of());

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean isAnonymous() {
        return this.equals(ANONYMOUS);
    }

    /** The caller of the call being served on this thread. */
    public static Caller current() {
        return find().orElseThrow(() -> new IllegalStateException("No caller: not in a call that AccessControl let through"));
    }

    /** The caller of the call being served on this thread, if any. */
    public static Optional<Caller> find() {
        if (!VertxContext.isOnDuplicatedContext()) {
            return Optional.empty();
        }
        return ContextLocals.<Caller> get(KEY);
    }

    /** Makes {@code caller} the current one for the rest of the call (on its duplicated context). */
    static void set(Caller caller) {
        ContextLocals.put(KEY, caller);
    }
}
