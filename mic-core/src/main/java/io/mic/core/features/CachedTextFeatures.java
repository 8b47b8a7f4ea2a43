package io.mic.core.features;

import io.mic.spi.ItemFeatureSource;
import io.mic.spi.Progress;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A text encoder behind a persistent cache: a feature file ({@link FeatureFile}, binary, with its
 * manifest) whose ids are the lower-case hex SHA-256 of each text's UTF-8 bytes. A call encodes
 * only the distinct texts not yet in the cache, in one request to the encoder, then rewrites the
 * cache atomically; a dataset is therefore encoded once, and a second run encodes nothing. One
 * cache file belongs to one encoder configuration: its name should say which (the CLI uses
 * {@code <source>-<dim>.micf}); a width mismatch is an error.
 *
 * <p>Thread-safe: calls are serialised (the cache file is rewritten by one call at a time).
 */
public final class CachedTextFeatures implements ItemFeatureSource {
    private final ItemFeatureSource encoder;
    private final Path cacheFile;
    private int lastEncoded;

    public CachedTextFeatures(ItemFeatureSource encoder, Path cacheFile) {
        this.encoder = encoder;
        this.cacheFile = cacheFile;
    }

    @Override
    public int dim() {
        return encoder.dim();
    }

    /** Texts the encoder was asked for in the last call (0 when everything came from the cache). */
    public synchronized int lastEncoded() {
        return lastEncoded;
    }

    public Path cacheFile() {
        return cacheFile;
    }

    @Override
    public synchronized Vectors features(String[] ids, String[] texts, Progress progress) {
        if (texts == null || texts.length != ids.length) {
            throw new IllegalArgumentException("cached text features: need one text per id, got "
                    + (texts == null ? "none" : texts.length) + " for " + ids.length);
        }
        int d = encoder.dim();
        try {
            ItemFeatures cached = Files.exists(cacheFile) ? FeatureFile.read(cacheFile, true) : null;
            if (cached != null && cached.dim() != d) {
                throw new IOException(cacheFile + ": cache holds " + cached.dim() + "-d vectors, the encoder makes " + d
                        + "-d ones: another encoder's cache (delete it or use another file)");
            }
            String[] keys = new String[ids.length];
            Map<String, Integer> missIndex = new HashMap<>();
            List<String> missKeys = new ArrayList<>();
            List<String> missTexts = new ArrayList<>();
            for (int i = 0; i < ids.length; i++) {
                String t = texts[i] == null ? "" : texts[i];
                keys[i] = sha256(t);
                if ((cached == null || cached.rowOf(keys[i]) < 0) && !missIndex.containsKey(keys[i])) {
                    missIndex.put(keys[i], missKeys.size());
                    missKeys.add(keys[i]);
                    missTexts.add(t);
                }
            }
            lastEncoded = missKeys.size();
            float[] fresh = null;
            if (!missKeys.isEmpty()) {
                Vectors v = encoder.features(missKeys.toArray(new String[0]), missTexts.toArray(new String[0]), progress);
                if (v.dim() != d || v.rows() != missKeys.size()) {
                    throw new IllegalStateException("encoder returned " + v.rows() + " x " + v.dim() + ", expected " + missKeys.size() + " x " + d);
                }
                fresh = v.values();
                int old = cached == null ? 0 : cached.rows();
                String[] allIds = new String[old + missKeys.size()];
                float[] all = new float[allIds.length * d];
                if (cached != null) {
                    System.arraycopy(cached.ids(), 0, allIds, 0, old);
                    System.arraycopy(cached.values(), 0, all, 0, old * d);
                }
                for (int m = 0; m < missKeys.size(); m++) {
                    allIds[old + m] = missKeys.get(m);
                }
                System.arraycopy(fresh, 0, all, old * d, fresh.length);
                FeatureFile.write(cacheFile, new ItemFeatures(allIds, all, d), FeatureFile.Format.BINARY);
            } else {
                progress.start("text features (cached)", ids.length);
                progress.step(ids.length);
                progress.done();
            }
            float[] out = new float[ids.length * d];
            for (int i = 0; i < ids.length; i++) {
                Integer m = missIndex.get(keys[i]);
                if (m != null) {
                    System.arraycopy(fresh, m * d, out, i * d, d);
                } else {
                    cached.copyRow(cached.rowOf(keys[i]), out, i * d);
                }
            }
            return Vectors.of(out, d);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code text}: the cache key. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
