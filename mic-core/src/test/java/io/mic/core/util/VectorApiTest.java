package io.mic.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * mic-core's test JVM runs without {@code --add-modules jdk.incubator.vector}: nothing loads, whatever
 * the class (the modules with SIMD kernels test the loaded path: RowProductsTest, InnerProductTest).
 */
class VectorApiTest {
    @Test
    void withoutTheModuleNothingIsLoadedAndCallersKeepTheirScalarKernel() {
        assertThat(VectorApi.resolved()).isFalse();
        assertThat(VectorApi.load(CharSequence.class, "java.lang.StringBuilder", "test")).isNull();
    }

    @Test
    void theFlagTurnsTheKernelsOff() {
        String old = System.getProperty("mic.simd");
        try {
            System.clearProperty("mic.simd");
            assertThat(VectorApi.disabledByFlag()).isFalse();
            System.setProperty("mic.simd", "false");
            assertThat(VectorApi.disabledByFlag()).isTrue();
        } finally {
            if (old == null) {
                System.clearProperty("mic.simd");
            } else {
                System.setProperty("mic.simd", old);
            }
        }
    }
}
