package org.corridorwatch.support.auth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.corridorwatch.api.common.v1.AccessProto;
import org.corridorwatch.api.common.v1.Role;

import com.google.protobuf.Descriptors;

import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;

/**
 * The role each RPC requires, as the contract says it: the method option
 * {@code (corridorwatch.common.v1.required_role)} in the .proto files. Read from the descriptors
 * the generated stubs carry, so no list of methods is kept anywhere else.
 */
public final class RequiredRoles {

    private RequiredRoles() {
    }

    /**
     * The role ({@link Roles#READER}, ...) the method requires, or empty when its descriptor has
     * none (no protobuf schema, the option unset or ROLE_UNSPECIFIED): such a method is refused.
     */
    public static Optional<String> of(MethodDescriptor<?, ?> method) {
        if (method.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier schema) {
            return of(schema.getMethodDescriptor());
        }
        return Optional.empty();
    }

    /** The role the method requires, or empty when the option is unset. */
    public static Optional<String> of(Descriptors.MethodDescriptor method) {
        Role role = method.getOptions().getExtension(AccessProto.requiredRole);
        return switch (role) {
            case ROLE_READER, ROLE_EDITOR, ROLE_ADMIN -> Optional.of(name(role));
            default -> Optional.empty();
        };
    }

    /** Every method of the service with its required role (null when it has none), in contract order. */
    public static Map<String, String> ofService(Descriptors.ServiceDescriptor service) {
        Map<String, String> roles = new LinkedHashMap<>();
        for (Descriptors.MethodDescriptor method : service.getMethods()) {
            roles.put(method.getName(), of(method).orElse(null));
        }
        return roles;
    }

    /** How a token writes the role: ROLE_EDITOR is "editor". */
    public static String name(Role role) {
        return role.name().substring("ROLE_".length()).toLowerCase(Locale.ROOT);
    }
}
