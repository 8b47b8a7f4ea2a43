package io.mic.spi.apicheck.v2;

/** Version 2: one break of each kind, and compatible growth ({@code ApiCompatibilityTest}). */
public interface Widget {
    void run();

    void stop();

    default void pause() {
    }

    void resize(long size);

    default String label() {
        return "";
    }

    static Widget none() {
        return null;
    }

    /** The record lost a component and gained a method. */
    record Part(String name) {
        public String upper() {
            return name.toUpperCase(java.util.Locale.ROOT);
        }
    }
}
