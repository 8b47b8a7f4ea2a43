package io.mic.models.crmman;

import io.mic.spi.PluginConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code crm-man} model's parameters, read strictly from its config (unknown keys, wrong types
 * and out-of-range values are errors naming the key, through {@link PluginConfig}).
 *
 * @param dim            d: width of s (text projection), of p / p'' (graph), and of each view
 * @param combine        {@code concat} (r = s ‖ p'', width 2d) or {@code average} (r = (s + p'')/2, width d)
 * @param text           use the text branch
 * @param textSource     the item-features plugin that gives the text vectors ({@code minilm} by default, {@code hashed-ngram},
 *                       {@code file}, any other); see {@link ItemText}
 * @param textSourceGiven whether {@code text_source} was written (the default falls back to {@code hashed-ngram} when
 *                       {@code minilm} is not on the class path; a written name never falls back)
 * @param textFile       the feature file of {@code text_source: file} (relative: to the config file's directory)
 * @param textCache      text-encoder cache file ({@code minilm}'s {@code cache}), or null
 * @param textDim        width of the {@code hashed-ngram} text vectors
 * @param graph          use the KG graph branch (default: on when {@code kg_dir} is given; false: the KG-free model)
 * @param kgDir          directory with {@code kg.txt(.gz)} + {@code item_index2entity_id.txt} (relative: to the config file's directory)
 * @param unmapped       {@code id}: an item without a KG entity goes through the graph branch with its own id
 *                       embedding p (no neighbours, the GAT's self loop only); {@code text}: it is text-only (zeros in the
 *                       graph half, or r = s when averaging)
 * @param minShared      S_m: an item-graph edge needs more than this many shared neighbour entities
 * @param neighbours     K: neighbours sampled per node and GAT layer (training); top-K by shared entities at inference
 * @param gatHeads       heads of both GAT layers
 * @param gat            run the two GAT layers over p (false: p'' = p, the item's own row of the graph-branch
 *                       table: the control that keeps the per-item parameters and drops the graph attention)
 * @param sdne           initialise p with SDNE (false: random init)
 * @param sdneEpochs     SDNE epochs
 * @param sdneHidden     SDNE hidden width
 * @param sdneBeta       SDNE β
 * @param sdneAlpha      SDNE α
 * @param dislike        use the disliked view (false: the liked view only)
 * @param likeThreshold  training ratings ≥ this are liked, below it disliked
 * @param historyLength  L: most recent items read per view
 * @param attentionHeads heads of each view's self-attention
 * @param negatives      R: sampled negatives per positive (never the user's training items)
 * @param temperature    logits are divided by it
 */
record CrmManSettings(int dim, String combine, boolean text, String textSource, boolean textSourceGiven, Path textFile, Path textCache, int textDim,
        boolean graph, Path kgDir, String unmapped, int minShared,
        int neighbours, int gatHeads, boolean gat, boolean sdne, int sdneEpochs, int sdneHidden, double sdneBeta, double sdneAlpha, boolean dislike,
        double likeThreshold, int historyLength, int attentionHeads, int negatives, double temperature) {

    static CrmManSettings parse(PluginConfig c) {
        int dim = c.getInt("dim", 64, 2, 4096);
        String combine = c.getChoice("combine", "concat", "concat", "average");
        boolean text = c.getBoolean("text", true);
        boolean textSourceGiven = c.has("text_source");
        String textSource = c.getString("text_source", "minilm");
        Path textFile = c.getPath("text_file", "");
        if (textSource.equals("file") != (textFile != null)) {
            throw c.error(textFile == null ? "text_source" : "text_file", "text_file (a feature file) goes with text_source: file and only with it; got text_source '"
                    + textSource + "'" + (textFile == null ? " without text_file" : ""));
        }
        Path textCache = c.getPath("text_cache", "");
        int textDim = c.getInt("text_dim", 256, 1, 65536);
        Path kg = c.getPath("kg_dir", "");
        // the graph branch is on exactly when a KG is given, unless switched off explicitly (ablation)
        boolean graph = c.getBoolean("graph", kg != null);
        if (graph && kg == null) {
            throw c.error("graph", "the graph branch needs kg_dir (kg.txt + item_index2entity_id.txt); without it the model is KG-free");
        }
        if (graph && !Files.isDirectory(kg)) {
            throw c.error("kg_dir", "directory '" + kg + "' does not exist (relative paths resolve against the config file's directory)");
        }
        String unmapped = c.getChoice("unmapped", "id", "id", "text");
        if (!text && !graph) {
            throw c.error("text", "text and graph are both off: items would have no representation");
        }
        int sm = c.getInt("min_shared", 4, 0, 1 << 20);
        int k = c.getInt("neighbours", 10, 1, 1000);
        int gh = c.getInt("gat_heads", 4, 1, 64);
        if (dim % gh != 0) {
            throw c.error("gat_heads", "dim " + dim + " must be divisible by gat_heads " + gh);
        }
        boolean gat = c.getBoolean("gat", true);
        if (!gat && !graph) {
            throw c.error("gat", "false needs the graph branch (gat switches its attention layers off; graph: false drops the branch)");
        }
        boolean sdne = c.getBoolean("sdne", true);
        int se = c.getInt("sdne_epochs", 5, 1, 10000);
        int sh = c.getInt("sdne_hidden", 256, 1, 65536);
        double beta = c.getDouble("sdne_beta", 10, 1, 1e6);
        double alpha = c.getDouble("sdne_alpha", 0.1, 0, 1e6);
        boolean dislike = c.getBoolean("dislike", true);
        double thr = c.getDouble("like_threshold", 4.0, -1e9, 1e9);
        int l = c.getInt("history_length", 50, 1, 1000);
        int ah = c.getInt("attention_heads", 2, 1, 64);
        int width = combine.equals("concat") && text && graph ? 2 * dim : dim;
        if (width % ah != 0) {
            throw c.error("attention_heads", "item width " + width + " must be divisible by attention_heads " + ah);
        }
        int r = c.getInt("negatives", 20, 1, 10000);
        double tau = c.getDouble("temperature", 1.0, 1e-6, 1e6);
        return new CrmManSettings(dim, combine, text, textSource, textSourceGiven, textFile, textCache, textDim, graph, kg, unmapped, sm, k, gh, gat, sdne, se, sh, beta, alpha, dislike, thr, l, ah, r,
                tau);
    }

    /** Width of an item representation r (and of the user vector). */
    int itemWidth() {
        return concat() && text && graph ? 2 * dim : dim;
    }

    boolean concat() {
        return combine.equals("concat");
    }

    /** Whether items without a KG entity get an id embedding in the graph branch. */
    boolean idForUnmapped() {
        return graph && unmapped.equals("id");
    }

    @Override
    public String toString() {
        return "d=" + dim + ", r=" + (text && graph ? (concat() ? "s||p''" : "(s+p'')/2") : text ? "s (no graph)" : "p'' (no text)")
                + (graph ? ", unmapped items: " + unmapped + ", S_m=" + minShared + ", K=" + neighbours + (gat ? ", GAT heads " + gatHeads : ", no GAT (p'' = p)") + (sdne ? ", SDNE init" : ", random init") : "")
                + (text ? ", text " + textSource + (textFile == null ? "" : " " + textFile) : "") + ", views " + (dislike ? "like+dislike" : "like only") + " (threshold " + likeThreshold
                + "), L=" + historyLength + ", R=" + negatives + ", tau=" + temperature;
    }
}
