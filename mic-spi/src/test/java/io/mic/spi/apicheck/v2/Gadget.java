package io.mic.spi.apicheck.v2;

/** Made final in version 2, with a new method. */
public final class Gadget {
    public int size() {
        return 1;
    }

    public int weight() {
        return 2;
    }
}
