package io.mic.models.crmman;

import io.mic.core.data.Dataset;
import io.mic.core.features.ItemTexts;
import io.mic.spi.ItemFeatureSource;
import io.mic.spi.ItemFeatureSourceFactory;
import io.mic.spi.PluginConfig;
import io.mic.spi.PluginContext;
import io.mic.spi.Progress;
import io.mic.spi.Vectors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CRM-MAN's item text vectors (the frozen input of {@code s = linear(text)}) from the framework's
 * item-feature SPI ({@link ItemFeatureSource}, plugin kind {@code item-features}): {@code minilm}
 * (all-MiniLM-L6-v2 sentence vectors of the item text; module mic-features-minilm, on the CLI's
 * class path), {@code hashed-ngram} (the dependency-free fallback), {@code file} (vectors computed
 * elsewhere, e.g. BERT [CLS], or by {@code mic features}), or any other installed source. The text of
 * an item is {@link ItemTexts#of}: MovieLens {@code "Toy Story (1995). genres: Animation, ..."}.
 */
final class ItemText {
    private static final Logger LOG = LoggerFactory.getLogger(ItemText.class);
    static final String FALLBACK = "hashed-ngram";

    private ItemText() {
    }

    /**
     * The configured source, created through its {@link ItemFeatureSourceFactory} (found with
     * {@link ServiceLoader}). The default {@code minilm} falls back to {@value #FALLBACK} with a
     * warning when it is not installed; a source named in the config never falls back.
     */
    static ItemFeatureSource open(CrmManSettings s, PluginConfig config, PluginContext context) {
        Map<String, ItemFeatureSourceFactory> factories = new TreeMap<>();
        for (ItemFeatureSourceFactory f : ServiceLoader.load(ItemFeatureSourceFactory.class, Thread.currentThread().getContextClassLoader())) {
            factories.putIfAbsent(f.name(), f);
        }
        String name = s.textSource();
        if (!factories.containsKey(name)) {
            if (s.textSourceGiven() || !factories.containsKey(FALLBACK)) {
                throw config.error("text_source", "no item-features plugin '" + name + "' on the class path; installed: " + factories.keySet());
            }
            LOG.warn("crm-man: item-features plugin '{}' (the default text source) is not on the class path (module mic-features-minilm); "
                    + "using '{}' instead", name, FALLBACK);
            name = FALLBACK;
        }
        Map<String, String> p = new LinkedHashMap<>();
        if (name.equals("file")) {
            p.put("path", s.textFile().toString());
        } else if (name.equals(FALLBACK)) {
            p.put("dim", Integer.toString(s.textDim()));
        }
        if (s.textCache() != null && !name.equals("file")) {
            p.put("cache", s.textCache().toString());
        }
        PluginConfig pc = PluginConfig.of(name, p);
        ItemFeatureSource src;
        try {
            src = factories.get(name).create(pc, context);
            pc.requireAllKeysKnown();
        } catch (RuntimeException e) {
            throw config.error("text_source", "cannot open item-features plugin '" + name + "' with " + p + ": " + e.getMessage());
        }
        return src;
    }

    /** Text vectors of every item of {@code d}, row = internal item id ({@code numItems x src.dim()}), owned by the caller. */
    static float[] vectors(ItemFeatureSource src, Dataset d) {
        long t0 = System.nanoTime();
        Vectors v = src.features(ItemTexts.ids(d), ItemTexts.of(d), Progress.NOOP);
        if (v.dim() != src.dim() || v.values().length != (long) d.numItems() * v.dim()) {
            throw new IllegalStateException("item-features source " + src + " returned " + v.values().length + " values for " + d.numItems()
                    + " items of width " + src.dim());
        }
        int zero = 0;
        for (int i = 0; i < d.numItems(); i++) {
            boolean z = true;
            for (int c = 0; c < v.dim() && z; c++) {
                z = v.values()[i * v.dim() + c] == 0f;
            }
            zero += z ? 1 : 0;
        }
        LOG.info("item text vectors: {} items x {} from {} in {} ms ({} zero rows)", d.numItems(), v.dim(), src.getClass().getSimpleName(),
                (System.nanoTime() - t0) / 1_000_000, zero);
        return v.values();
    }
}
