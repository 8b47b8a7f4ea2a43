package io.mic.core.registry;

import io.mic.spi.PluginConfig;
import io.mic.spi.PluginContext;
import io.mic.spi.PluginFactory;
import io.mic.spi.PluginId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * All plugin factories known to one process, by extension point and name.
 *
 * <p>Built once at start-up, from {@link ServiceLoader} discovery and/or factories a host
 * registers in code; immutable and thread-safe afterwards. Invalid names, two factories with one
 * name, and lookups of unknown names fail fast with messages that list what exists.
 */
public final class PluginRegistry {
    private final Map<PluginKind<?>, Map<String, PluginFactory<?, ?>>> byKind;

    private PluginRegistry(Map<PluginKind<?>, Map<String, PluginFactory<?, ?>>> byKind) {
        this.byKind = byKind;
    }

    /** Discovers every built-in and class-path plugin through the thread context class loader. */
    public static PluginRegistry discover() {
        return builder().discover(Thread.currentThread().getContextClassLoader()).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The factory called {@code name}; unknown names fail listing the available ones. */
    public <F extends PluginFactory<?, ?>> F factory(PluginKind<F> kind, String name) {
        return factory(kind, name, "");
    }

    /** As {@link #factory(PluginKind, String)}, naming {@code source} (file:line) in the error. */
    public <F extends PluginFactory<?, ?>> F factory(PluginKind<F> kind, String name, String source) {
        PluginFactory<?, ?> f = byKind.get(kind).get(name);
        if (f == null) {
            throw new UnknownPluginException(source, kind, name, names(kind));
        }
        return kind.factoryType().cast(f);
    }

    /** Whether a plugin called {@code name} exists. */
    public boolean contains(PluginKind<?> kind, String name) {
        return byKind.get(kind).containsKey(name);
    }

    /** Names of {@code kind}'s plugins, sorted. */
    public List<String> names(PluginKind<?> kind) {
        return List.copyOf(byKind.get(kind).keySet());
    }

    /** {@code kind}'s factories by name, sorted by name. */
    public <F extends PluginFactory<?, ?>> Map<String, F> factories(PluginKind<F> kind) {
        Map<String, F> out = new LinkedHashMap<>();
        for (Map.Entry<String, PluginFactory<?, ?>> e : byKind.get(kind).entrySet()) {
            out.put(e.getKey(), kind.factoryType().cast(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Creates a plugin instance and rejects parameters the plugin never read.
     *
     * @throws UnknownPluginException when {@code config.plugin()} is not registered
     * @throws io.mic.spi.ConfigException on bad or unknown parameters
     */
    public <T, C extends PluginContext, F extends PluginFactory<T, C>> T create(PluginKind<F> kind, PluginConfig config, C context, String source) {
        F factory = factory(kind, config.plugin(), source);
        T instance = factory.create(config, context);
        if (instance == null) {
            throw new IllegalStateException(factory.getClass().getName() + ".create returned null");
        }
        config.requireAllKeysKnown();
        return instance;
    }

    /** {@code name/version} of a factory, as persisted in manifests. */
    public static PluginId idOf(PluginFactory<?, ?> factory) {
        return new PluginId(factory.name(), factory.version());
    }

    /** Where a factory's class was loaded from (a jar path or class directory), for {@code mic plugins}. */
    public static String originOf(PluginFactory<?, ?> factory) {
        var cs = factory.getClass().getProtectionDomain().getCodeSource();
        return cs == null || cs.getLocation() == null ? "(unknown)" : cs.getLocation().toString();
    }

    /** Collects factories, then validates them all at once in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final Map<PluginKind<?>, List<PluginFactory<?, ?>>> found = new LinkedHashMap<>();

        private Builder() {
            for (PluginKind<?> k : PluginKind.all()) {
                found.put(k, new ArrayList<>());
            }
        }

        /** Adds every factory {@link ServiceLoader} finds through {@code loader}, for every kind. */
        public Builder discover(ClassLoader loader) {
            for (PluginKind<?> kind : PluginKind.all()) {
                discover(kind, loader);
            }
            return this;
        }

        private void discover(PluginKind<?> kind, ClassLoader loader) {
            try {
                for (PluginFactory<?, ?> f : ServiceLoader.load(kind.factoryType(), loader)) {
                    found.get(kind).add(f);
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                // a plugin jar naming a class it lacks, or built against other classes: the user's jar to fix
                throw new IllegalArgumentException("cannot load " + kind.label() + " plugins (" + kind.factoryType().getName()
                        + "): " + e.getMessage(), e);
            }
        }

        /** Registers a factory in code, under every extension point its type implements. */
        public Builder register(PluginFactory<?, ?> factory) {
            boolean any = false;
            for (PluginKind<?> kind : PluginKind.all()) {
                if (kind.factoryType().isInstance(factory)) {
                    found.get(kind).add(factory);
                    any = true;
                }
            }
            if (!any) {
                throw new IllegalArgumentException(factory.getClass().getName() + " implements no known factory interface");
            }
            return this;
        }

        /** Registers a factory under one extension point. */
        public <F extends PluginFactory<?, ?>> Builder register(PluginKind<F> kind, F factory) {
            found.get(kind).add(kind.factoryType().cast(factory));
            return this;
        }

        /**
         * Validates and freezes.
         *
         * @throws IllegalStateException on an invalid name or two factories with one name
         */
        public PluginRegistry build() {
            Map<PluginKind<?>, Map<String, PluginFactory<?, ?>>> byKind = new LinkedHashMap<>();
            for (Map.Entry<PluginKind<?>, List<PluginFactory<?, ?>>> e : found.entrySet()) {
                PluginKind<?> kind = e.getKey();
                Map<String, PluginFactory<?, ?>> names = new TreeMap<>();
                for (PluginFactory<?, ?> f : e.getValue()) {
                    String name = f.name();
                    if (!PluginId.isValidName(name)) {
                        throw new IllegalStateException(kind.label() + " plugin " + f.getClass().getName() + " has invalid name '" + name
                                + "': names must match [a-z0-9-]+");
                    }
                    if (f.version() < 1) {
                        throw new IllegalStateException(kind.label() + " plugin '" + name + "' has version " + f.version() + " (< 1)");
                    }
                    PluginFactory<?, ?> prev = names.putIfAbsent(name, f);
                    if (prev != null && prev.getClass() != f.getClass()) {
                        throw new IllegalStateException("two " + kind.label() + " plugins are named '" + name + "': "
                                + prev.getClass().getName() + " (" + originOf(prev) + ") and " + f.getClass().getName() + " ("
                                + originOf(f) + "); remove one jar or rename one plugin");
                    }
                }
                byKind.put(kind, Collections.unmodifiableMap(names));
            }
            return new PluginRegistry(Collections.unmodifiableMap(byKind));
        }
    }
}
