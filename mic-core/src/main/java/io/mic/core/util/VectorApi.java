package io.mic.core.util;

import org.slf4j.LoggerFactory;

/**
 * Loading a kernel written against the JDK's incubating Vector API ({@code jdk.incubator.vector}) only
 * where the JVM can run it. Such a class must never be referenced directly (its first use would fail
 * with {@code NoClassDefFoundError} in a JVM started without {@code --add-modules jdk.incubator.vector}),
 * so callers name it and get an instance or {@code null}; they keep a scalar fallback that gives the
 * same results. {@code -Dmic.simd=false} asks every caller for its scalar kernel.
 */
public final class VectorApi {
    private VectorApi() {
    }

    /** Whether the user asked for the scalar kernels ({@code -Dmic.simd=false}). */
    public static boolean disabledByFlag() {
        return !Boolean.parseBoolean(System.getProperty("mic.simd", "true"));
    }

    /** Whether this JVM resolved {@code jdk.incubator.vector}. */
    public static boolean resolved() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * A new instance of {@code className} (a {@code type} with a no-argument constructor), or {@code null}
     * when the JVM did not resolve the module or the class did not load (logged as a warning naming
     * {@code what}).
     */
    public static <T> T load(Class<T> type, String className, String what) {
        if (!resolved()) {
            return null;
        }
        try {
            // kernels are package-private classes of the caller's package: open the constructor to this class
            java.lang.reflect.Constructor<?> c = Class.forName(className, true, type.getClassLoader()).getDeclaredConstructor();
            c.setAccessible(true);
            return type.cast(c.newInstance());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LoggerFactory.getLogger(VectorApi.class).warn("{}: the Vector API did not load, scalar only ({})", what, e.toString());
            return null;
        }
    }
}
