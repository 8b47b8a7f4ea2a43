package io.mic.retrieval.store;

import io.mic.retrieval.kit.KitTables;
import io.mic.spi.NeighborStoreFactory;
import io.mic.testkit.NeighborStoreContractTest;
import io.mic.testkit.RedisServerProcess;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@code redis} store runs the NeighborStore kit against a real redis-server process on a free
 * loopback port, holding the kit's tables bulk-loaded by {@link RedisTableLoader}, the batch job's
 * publisher.
 */
class RedisStorePassesTheKitTest extends NeighborStoreContractTest {
    private static final String PREFIX = "kit";
    private static RedisServerProcess redis;
    private static boolean published;

    @BeforeAll
    static void start() throws IOException {
        redis = RedisServerProcess.launch();
    }

    @AfterAll
    static void stop() throws IOException {
        redis.close();
    }

    @Override
    protected NeighborStoreFactory factory() {
        return new RedisNeighborStoreFactory();
    }

    @Override
    protected Map<String, String> params() {
        synchronized (RedisStorePassesTheKitTest.class) {
            if (!published) {
                new RedisTableLoader(redis.uri(), PREFIX).publish(KitTables.of(tables(), 16));
                published = true;
            }
        }
        return Map.of("uri", redis.uri().toString(), "prefix", PREFIX, "timeout-ms", "2000", "connect-timeout-ms", "2000");
    }

    @Override
    protected List<Map<String, String>> invalidParams() {
        return List.of(Map.of("uri", "http://127.0.0.1:1"), Map.of("prefix", "{bad}"), Map.of("timeout-ms", "0"), Map.of("pool-size", "0"));
    }
}
