package io.mic.models.crmman;

import io.mic.core.data.DataFiles;
import io.mic.core.data.DataFormatException;
import io.mic.core.data.IdMap;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A knowledge graph of {@code (head, relation, tail)} triples plus the mapping of recommendable items
 * (external item ids, as in the interaction data) to entities.
 *
 * <p>Formats (plain or gzip, UTF-8, tab-separated, blank lines and lines starting with {@code #}
 * skipped): triples {@code head\trelation\ttail}; mapping {@code itemId\tentity}. Entity and
 * relation names are opaque strings, interned to dense ints in order of first appearance. The
 * MovieLens-1M KG of MKR ({@code kg.txt(.gz)} + {@code item_index2entity_id.txt}) is this format.
 *
 * <p>Immutable; arrays are read-only for callers.
 */
public final class KnowledgeGraph {
    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeGraph.class);
    /** File names of the MKR MovieLens-1M KG, looked up by {@link #loadDirectory}. */
    static final String TRIPLES = "kg.txt";
    static final String MAPPING = "item_index2entity_id.txt";

    private final IdMap entities;
    private final List<String> relations;
    private final int[] heads;
    private final int[] rels;
    private final int[] tails;
    private final Map<String, Integer> itemEntity;

    KnowledgeGraph(IdMap entities, List<String> relations, int[] heads, int[] rels, int[] tails, Map<String, Integer> itemEntity) {
        this.entities = entities;
        this.relations = List.copyOf(relations);
        this.heads = heads;
        this.rels = rels;
        this.tails = tails;
        this.itemEntity = Map.copyOf(itemEntity);
    }

    /** Reads {@code triples} and the item → entity {@code mapping}; errors name file:line. */
    public static KnowledgeGraph load(Path triples, Path mapping) throws IOException {
        IdMap.Builder ents = new IdMap.Builder();
        List<String> relNames = new ArrayList<>();
        Map<String, Integer> relIds = new HashMap<>();
        int[] h = new int[1 << 12];
        int[] r = new int[h.length];
        int[] t = new int[h.length];
        int n = 0;
        try (BufferedReader in = DataFiles.reader(triples, StandardCharsets.UTF_8)) {
            String line;
            long no = 0;
            while ((line = in.readLine()) != null) {
                no++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 3) {
                    throw new DataFormatException(triples, no, "expected 3 tab-separated fields (head, relation, tail), got " + f.length
                            + ": '" + abbreviate(line) + "'");
                }
                for (int k = 0; k < 3; k++) {
                    if (f[k].isBlank()) {
                        throw new DataFormatException(triples, no, k == 0 ? "head" : k == 1 ? "relation" : "tail", "is empty");
                    }
                }
                if (n == h.length) {
                    h = Arrays.copyOf(h, n * 2);
                    r = Arrays.copyOf(r, n * 2);
                    t = Arrays.copyOf(t, n * 2);
                }
                h[n] = ents.intern(f[0].strip());
                r[n] = relIds.computeIfAbsent(f[1].strip(), k -> {
                    relNames.add(k);
                    return relNames.size() - 1;
                });
                t[n] = ents.intern(f[2].strip());
                n++;
            }
        }
        if (n == 0) {
            throw new DataFormatException(triples, 0, "no triples");
        }
        Map<String, Integer> items = new HashMap<>();
        int unknown = 0;
        try (BufferedReader in = DataFiles.reader(mapping, StandardCharsets.UTF_8)) {
            String line;
            long no = 0;
            while ((line = in.readLine()) != null) {
                no++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 2 || f[0].isBlank() || f[1].isBlank()) {
                    throw new DataFormatException(mapping, no, "expected 'itemId<TAB>entity', got '" + abbreviate(line) + "'");
                }
                String item = f[0].strip();
                String e = f[1].strip();
                int id = ents.get(e);
                if (id < 0) {
                    unknown++; // an item whose entity has no triple: it stays without neighbours
                    id = ents.intern(e);
                }
                Integer prev = items.putIfAbsent(item, id);
                if (prev != null && prev != id) {
                    throw new DataFormatException(mapping, no, "item '" + item + "' is mapped twice (to '" + ents.build().external(prev)
                            + "' and '" + e + "')");
                }
            }
        }
        KnowledgeGraph kg = new KnowledgeGraph(ents.build(), relNames, Arrays.copyOf(h, n), Arrays.copyOf(r, n), Arrays.copyOf(t, n), items);
        LOG.info("knowledge graph {}: {} triples, {} entities, {} relations; {} items mapped ({} to entities without triples)", triples, n,
                kg.numEntities(), relNames.size(), items.size(), unknown);
        return kg;
    }

    /** The MKR layout: {@code kg.txt(.gz)} and {@code item_index2entity_id.txt(.gz)} in {@code dir}. */
    public static KnowledgeGraph loadDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("knowledge-graph directory " + dir + " does not exist");
        }
        return load(DataFiles.resolve(dir, TRIPLES), DataFiles.resolve(dir, MAPPING));
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    public int numEntities() {
        return entities.size();
    }

    public int numTriples() {
        return heads.length;
    }

    public List<String> relations() {
        return relations;
    }

    public IdMap entities() {
        return entities;
    }

    int[] heads() {
        return heads;
    }

    int[] relationIds() {
        return rels;
    }

    int[] tails() {
        return tails;
    }

    /** Number of items in the mapping. */
    public int mappedItems() {
        return itemEntity.size();
    }

    /**
     * The entity of each internal item of {@code items} ({@code -1} when the item has none). Logs
     * how many dataset items are unmapped and how many mapped items are not in the dataset.
     */
    public int[] entityOfItems(IdMap items) {
        int[] out = new int[items.size()];
        int missing = 0;
        for (int i = 0; i < out.length; i++) {
            Integer e = itemEntity.get(items.external(i));
            out[i] = e == null ? -1 : e;
            if (e == null) {
                missing++;
            }
        }
        int absent = 0;
        for (String ext : itemEntity.keySet()) {
            if (items.get(ext) < 0) {
                absent++;
            }
        }
        LOG.info("knowledge graph covers {} of {} dataset items ({} unmapped); {} mapped items are not in the dataset", out.length - missing,
                out.length, missing, absent);
        return out;
    }

    /**
     * Each entity's neighbour entities (either direction, de-duplicated, sorted) as CSR: entity
     * {@code e} owns {@code values[offsets[e] .. offsets[e+1])}.
     */
    int[][] neighbours() {
        int ne = numEntities();
        int[] deg = new int[ne + 1];
        for (int k = 0; k < heads.length; k++) {
            deg[heads[k] + 1]++;
            deg[tails[k] + 1]++;
        }
        for (int e = 0; e < ne; e++) {
            deg[e + 1] += deg[e];
        }
        int[] vals = new int[deg[ne]];
        int[] cur = Arrays.copyOf(deg, ne);
        for (int k = 0; k < heads.length; k++) {
            vals[cur[heads[k]]++] = tails[k];
            vals[cur[tails[k]]++] = heads[k];
        }
        int[] off = new int[ne + 1];
        int w = 0;
        for (int e = 0; e < ne; e++) {
            int from = deg[e];
            int to = deg[e + 1];
            Arrays.sort(vals, from, to);
            off[e] = w;
            for (int k = from; k < to; k++) {
                if ((k == from || vals[k] != vals[k - 1]) && vals[k] != e) {
                    vals[w++] = vals[k];
                }
            }
        }
        off[ne] = w;
        return new int[][] {off, Arrays.copyOf(vals, w)};
    }
}
