package io.mic.spi.apicheck.v1;

/** An extensible class in version 1. */
public class Gadget {
    public int size() {
        return 1;
    }
}
