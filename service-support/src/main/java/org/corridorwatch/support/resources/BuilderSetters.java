package org.corridorwatch.support.resources;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * Setters (and adders) of generated protobuf builders, called through method handles looked up
 * once: {@code Builder.setField} and {@code addRepeatedField} go through {@code Method.invoke} with
 * an access check per call, which showed in a List page's profile (issue 12).
 */
public final class BuilderSetters {

    /** The type every setter's handle is adapted to: (builder, value) returning the builder. */
    public static final MethodType SETTER = MethodType.methodType(Object.class, Object.class, Object.class);

    private BuilderSetters() {
    }

    /** The handle of {@code method}, a public one-argument method of a generated builder, as {@link #SETTER}. */
    public static MethodHandle of(Method method) throws IllegalAccessException {
        return MethodHandles.publicLookup().unreflect(method).asType(SETTER);
    }

    /** Calls {@code setter} (of {@link #of}) on {@code builder} with {@code value}. */
    public static void call(MethodHandle setter, Object builder, Object value) {
        try {
            Object unused = (Object) setter.invokeExact(builder, value);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
