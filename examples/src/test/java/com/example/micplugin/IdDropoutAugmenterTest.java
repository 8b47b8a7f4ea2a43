package com.example.micplugin;

import io.mic.spi.AugmenterFactory;
import io.mic.testkit.AugmenterContractTest;
import java.util.List;
import java.util.Map;

/** The Augmenter contract, inherited: determinism, no mutation, shapes, thread safety, strict config, discovery. */
class IdDropoutAugmenterTest extends AugmenterContractTest {

    @Override
    protected AugmenterFactory factory() {
        return new IdDropoutAugmenterFactory();
    }

    @Override
    protected Map<String, String> params() {
        return Map.of("p", "0.3");
    }

    @Override
    protected List<Map<String, String>> invalidParams() {
        return List.of(Map.of("p", "1.5"));
    }
}
