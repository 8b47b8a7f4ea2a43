package io.mic.augment;

import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.spi.Augmenter;
import io.mic.spi.ComponentContext;
import io.mic.spi.PluginConfig;
import io.mic.spi.Sampler;
import java.util.Map;

/** Creates plugins the way a host does: through the discovered registry, which then rejects unread keys. */
final class Plugins {
    static final PluginRegistry REGISTRY = PluginRegistry.discover();

    private Plugins() {
    }

    static Augmenter augmenter(String name, Map<String, String> params, ComponentContext context) {
        return REGISTRY.create(PluginKind.AUGMENTER, PluginConfig.of(name, params), context, "test");
    }

    static Sampler sampler(String name, Map<String, String> params, ComponentContext context) {
        return REGISTRY.create(PluginKind.SAMPLER, PluginConfig.of(name, params), context, "test");
    }
}
