package io.mic.testkit;

import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.ConfigException;
import io.mic.spi.PluginConfig;
import io.mic.spi.PluginContext;
import io.mic.spi.PluginFactory;
import io.mic.spi.PluginId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * What every plugin promises, whatever its SPI: a valid name and version, discovery through
 * {@link ServiceLoader}, strict configuration (unknown, misspelt, missing and invalid parameters
 * are {@link ConfigException}s naming the key and its {@code file:line}), and only optional
 * capabilities declared unsupported.
 *
 * <p>Plugin authors do not extend this class directly: they extend the kit of their SPI
 * ({@link RerankerContractTest}, {@link AugmenterContractTest}...), implement {@link #factory()},
 * and override the fixture methods their plugin needs. Every check is a {@code public final}
 * JUnit 5 test: a plugin opts out of a check only by declaring an optional {@link Capability}
 * unsupported, and the skip shows in the test report.
 *
 * <p>Plugins are created the way a host creates them: through a {@link PluginRegistry}, which
 * calls {@link PluginFactory#create} and then {@link PluginConfig#requireAllKeysKnown()}.
 *
 * @param <T> the behaviour the SPI's factory builds
 * @param <C> the context the SPI's plugins are created with
 * @param <F> the SPI's factory interface
 */
public abstract class PluginContractTest<T, C extends PluginContext, F extends PluginFactory<T, C>> {
    /** The file name the kit's located configs pretend to come from. */
    protected static final String CONFIG_FILE = "contract-test.textproto";
    private static final String UNKNOWN_KEY = "contract_test_unknown_key";

    private final PluginKind<F> kind;
    private final String spi;
    private final Set<Capability> optional;

    PluginContractTest(PluginKind<F> kind, String spi, Set<Capability> optional) {
        this.kind = kind;
        this.spi = spi;
        this.optional = Set.copyOf(optional);
    }

    // ---------------------------------------------------------------- what a plugin's test supplies

    /** A new instance of the factory under test (the class your {@code META-INF/services} file names). */
    protected abstract F factory();

    /**
     * Parameters every check creates the plugin with. Choose values that make the plugin do
     * visible work on the fixtures (an augmenter's masking probability well above zero).
     */
    protected Map<String, String> params() {
        return Map.of();
    }

    /**
     * Parameter sets the plugin must reject (out of range, malformed, contradictory), each merged
     * over {@link #params()}. The check expects a {@link ConfigException} whose
     * {@link ConfigException#key()} is one of the set's keys and whose message names that key's
     * {@code file:line}. Empty (the default) skips the check.
     */
    protected List<Map<String, String>> invalidParams() {
        return List.of();
    }

    /** Keys without a default value: creating without one of them must fail naming it. */
    protected Set<String> requiredKeys() {
        return Set.of();
    }

    /** Capabilities this plugin does not have; the kit skips the checks that need them. */
    protected Set<Capability> unsupported() {
        return Set.of();
    }

    /** The seeded world the checks run on; {@link TestData#standard()} unless overridden. */
    protected TestData data() {
        return TestData.standard();
    }

    /**
     * The context plugins are created with: {@link TestData#context} of {@link #data()} (schema,
     * seed, the training data and an item catalog). The host's context class serves every extension
     * point's typed context; override to add what your plugin needs from its host (its {@code with...} methods).
     */
    protected SeededPluginContext context() {
        return data().context(factory().name());
    }

    // ---------------------------------------------------------------- helpers for subclasses

    /** The plugin built from {@link #params()} and {@link #context()}, as a host builds it. */
    protected final T create() {
        return create(params());
    }

    /** The plugin built from {@code params} and {@link #context()}. */
    protected final T create(Map<String, String> params) {
        return create(params, context());
    }

    /** The plugin built from {@code params} and {@code context}, through a registry that then rejects unread keys. */
    protected final T create(Map<String, String> params, SeededPluginContext context) {
        return create(PluginConfig.of(factory().name(), params), context);
    }

    @SuppressWarnings("unchecked") // the host's context implements every extension point's context type
    private T create(PluginConfig config, SeededPluginContext context) {
        PluginRegistry registry = PluginRegistry.builder().register(kind, factory()).build();
        return registry.create(kind, config, (C) context, CONFIG_FILE);
    }

    /** Whether the plugin has {@code capability} (it is not in {@link #unsupported()}). */
    protected final boolean supports(Capability capability) {
        return !unsupported().contains(capability);
    }

    /** Skips the calling check (JUnit assumption) when the plugin declared {@code capability} unsupported. */
    protected final void requires(Capability capability) {
        assumeTrue(supports(capability), () -> name() + " declares " + capability + " unsupported: check skipped");
    }

    /** Fails the calling check with {@code [<SPI> contract] <plugin>: <message>}. */
    protected final AssertionError violation(String format, Object... args) {
        return Assertions.fail("[" + spi + " contract] " + name() + ": " + String.format(format, args));
    }

    /** The name of the plugin under test. */
    protected final String name() {
        return factory().name();
    }

    /** The SPI's simple name, as in messages ({@code Reranker}). */
    final String spi() {
        return spi;
    }

    // ---------------------------------------------------------------- checks

    /** The name matches {@code [a-z0-9-]+}, the version is at least 1, the description is not blank. */
    @Test
    public final void factoryHasAValidNameVersionAndDescription() {
        F f = factory();
        if (!PluginId.isValidName(f.name())) {
            throw violation("name '%s' must match [a-z0-9]+(-[a-z0-9]+)*: configs and persisted artifacts refer to it", f.name());
        }
        if (f.version() < 1) {
            throw violation("version() is %d; versions start at 1 and grow when persisted state or parameter meaning changes", f.version());
        }
        if (f.description() == null || f.description().isBlank()) {
            throw violation("description() is blank; `mic plugins` prints it beside the name");
        }
    }

    /** {@link ServiceLoader} finds exactly this factory under its name, and the host's registry builds with it. */
    @Test
    public final void serviceLoaderFindsTheFactoryByName() {
        Class<?> expected = factory().getClass();
        String services = "META-INF/services/" + kind.factoryType().getName();
        List<F> named = new ArrayList<>();
        Set<String> all = new TreeSet<>();
        for (F f : ServiceLoader.load(kind.factoryType(), Thread.currentThread().getContextClassLoader())) {
            all.add(f.name());
            if (f.name().equals(name())) {
                named.add(f);
            }
        }
        if (named.isEmpty()) {
            throw violation("ServiceLoader finds no %s named '%s' (it finds %s). Add the line %s to src/main/resources/%s",
                    kind.factoryType().getSimpleName(), name(), all, expected.getName(), services);
        }
        if (named.size() > 1) {
            List<String> classes = new ArrayList<>();
            named.forEach(f -> classes.add(f.getClass().getName() + " from " + PluginRegistry.originOf(f)));
            throw violation("%d factories are named '%s': %s; plugin names must be unique", named.size(), name(), classes);
        }
        if (named.get(0).getClass() != expected) {
            throw violation("the %s named '%s' that ServiceLoader finds is %s, but factory() returns a %s", kind.factoryType().getSimpleName(),
                    name(), named.get(0).getClass().getName(), expected.getName());
        }
        PluginRegistry registry;
        try {
            registry = PluginRegistry.discover();
        } catch (IllegalStateException e) {
            throw violation("the host's registry cannot be built with everything on this class path: %s", e.getMessage());
        }
        if (!registry.contains(kind, name())) {
            throw violation("PluginRegistry.discover() does not list it under %s plugins", kind.label());
        }
    }

    /** {@link #params()} creates a plugin. */
    @Test
    public final void createsFromParams() {
        try {
            create();
        } catch (ConfigException e) {
            throw violation("params() %s are rejected: %s", params(), e.getMessage());
        }
    }

    /** Only the {@link #requiredKeys()} create a plugin: every other parameter has a default. */
    @Test
    public final void createsWithDefaultsForEveryOptionalKey() {
        Map<String, String> only = new LinkedHashMap<>();
        for (String key : requiredKeys()) {
            if (!params().containsKey(key)) {
                throw violation("required key '%s' is missing from params() %s", key, params());
            }
            only.put(key, params().get(key));
        }
        try {
            create(only);
        } catch (ConfigException e) {
            throw violation("creating with only the required keys %s fails: %s. Give every other parameter a default, or list it in requiredKeys()",
                    only.keySet(), e.getMessage());
        }
    }

    /** A key the plugin never reads is an error naming the key, the plugin and the key's {@code file:line}. */
    @Test
    public final void rejectsAnUnknownKey() {
        Map<String, String> p = new LinkedHashMap<>(params());
        p.put(UNKNOWN_KEY, "1");
        ConfigException e = expectConfigError(p, "the unknown key '" + UNKNOWN_KEY + "'");
        requireMention(e, UNKNOWN_KEY, p, "an unknown key");
    }

    /**
     * A misspelt parameter (one of {@link #params()}' optional keys with its last letter doubled
     * or its last two swapped) is an error naming the misspelt key, not a silent default.
     */
    @Test
    public final void rejectsAMisspeltKey() {
        String key = null;
        for (String k : new TreeSet<>(params().keySet())) {
            if (!requiredKeys().contains(k)) {
                key = k;
                break;
            }
        }
        assumeFalse(key == null, "params() has no optional key to misspell");
        String typo = misspell(key);
        Map<String, String> p = new LinkedHashMap<>(params());
        String value = p.remove(key);
        p.put(typo, value);
        ConfigException e = expectConfigError(p, "the misspelt key '" + typo + "' (for '" + key + "')");
        requireMention(e, typo, p, "a misspelt key");
    }

    private static String misspell(String key) {
        int n = key.length();
        if (n >= 2 && key.charAt(n - 1) != key.charAt(n - 2) && Character.isLetter(key.charAt(n - 2))) {
            return key.substring(0, n - 2) + key.charAt(n - 1) + key.charAt(n - 2);
        }
        return key + key.charAt(n - 1);
    }

    /** Every entry of {@link #invalidParams()} is rejected, blaming one of its keys at that key's {@code file:line}. */
    @Test
    public final void rejectsInvalidValuesNamingTheKeyAndLine() {
        assumeFalse(invalidParams().isEmpty(), "invalidParams() is empty: list values your plugin must reject to have them checked");
        for (Map<String, String> bad : invalidParams()) {
            Map<String, String> p = new LinkedHashMap<>(params());
            p.putAll(bad);
            ConfigException e = expectConfigError(p, "the invalid parameters " + bad);
            if (!bad.containsKey(e.key())) {
                throw violation("rejects %s but blames key '%s' (message: %s); report the offending key with config.error(key, message)", bad, e.key(),
                        e.getMessage());
            }
            requireMention(e, e.key(), p, "an invalid value");
        }
    }

    /** Leaving out a {@link #requiredKeys() required key} is an error naming it. */
    @Test
    public final void rejectsAMissingRequiredKey() {
        assumeFalse(requiredKeys().isEmpty(), "requiredKeys() is empty: every parameter has a default");
        for (String key : requiredKeys()) {
            Map<String, String> p = new LinkedHashMap<>(params());
            p.remove(key);
            ConfigException e = expectConfigError(p, "no value for the required key '" + key + "'");
            if (!key.equals(e.key()) && !e.getMessage().contains("'" + key + "'")) {
                throw violation("without required key '%s' the error does not name it: %s", key, e.getMessage());
            }
        }
    }

    /** {@link #unsupported()} holds only capabilities this SPI's contract makes optional. */
    @Test
    public final void declaresOnlyCapabilitiesTheContractMakesOptional() {
        for (Capability c : unsupported()) {
            if (!optional.contains(c)) {
                throw violation("declares %s unsupported, but the %s contract requires it (optional for %s: %s); hosts rely on it, so fix the "
                        + "plugin instead", c, spi, spi, optional.isEmpty() ? "nothing" : new TreeSet<>(optional));
            }
        }
    }

    // ---------------------------------------------------------------- config checking machinery

    /** Creates from {@code params} as if read from {@link #CONFIG_FILE}, key {@code i} on line {@code i + 2}. */
    private ConfigException expectConfigError(Map<String, String> params, String what) {
        PluginConfig config = PluginConfig.of(name(), params, locations(params), CONFIG_FILE + ":1");
        try {
            create(config, context());
        } catch (ConfigException e) {
            return e;
        } catch (RuntimeException e) {
            throw violation("%s must be a ConfigException (use PluginConfig's getters or config.error(key, message)), but create threw %s", what, e);
        }
        throw violation("accepts %s: %s. Read parameters only through PluginConfig's getters, which record the keys you know, so the host "
                + "rejects the others; validate values in create()", what, params);
    }

    private void requireMention(ConfigException e, String key, Map<String, String> params, String what) {
        String message = e.getMessage();
        String location = locations(params).get(key);
        if (!message.contains(key)) {
            throw violation("the error for %s does not name the key '%s': %s", what, key, message);
        }
        if (!message.contains(location)) {
            throw violation("the error for %s does not name where the key is (%s): %s. Build errors with config.error(key, message)", what,
                    location, message);
        }
        if (!message.contains(name())) {
            throw violation("the error for %s does not name the plugin '%s': %s", what, name(), message);
        }
    }

    private static Map<String, String> locations(Map<String, String> params) {
        Map<String, String> sources = new LinkedHashMap<>();
        int line = 2;
        for (String key : params.keySet()) {
            sources.put(key, CONFIG_FILE + ":" + line++);
        }
        return sources;
    }
}
