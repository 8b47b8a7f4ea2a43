package io.mic.spi.apicheck.v1;

/** Version 1 of a small SPI, compared with {@code v2.Widget} by {@code ApiCompatibilityTest}. */
public interface Widget {
    void run();

    int legacy();

    void resize(int size);

    String label();

    /** A record in the API. */
    record Part(String name, int weight) {
    }
}
