package io.mic.retrieval.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mic.spi.Candidates;
import io.mic.spi.Query;
import io.mic.spi.RetrievalChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Shutting the recommender down closes every channel; a channel's close error is logged and does not stop the rest. */
class ChannelRecommenderCloseTest {
    /** Records its close; the one called "broken" throws from it. */
    private static final class Channel implements RetrievalChannel {
        private final String label;
        private final List<String> closed;

        Channel(String label, List<String> closed) {
            this.label = label;
            this.closed = closed;
        }

        @Override
        public String label() {
            return label;
        }

        @Override
        public int quota() {
            return 1;
        }

        @Override
        public void retrieve(Query query, int channel, Candidates out) {
        }

        @Override
        public void close() {
            closed.add(label);
            if (label.equals("broken")) {
                throw new IllegalStateException("model handle already gone");
            }
        }
    }

    @Test
    void closeClosesEveryChannelAndLogsTheOneThatFails() {
        List<String> closed = new ArrayList<>();
        List<String> resources = new ArrayList<>();
        RetrievalChannel[] channels = {new Channel("u2i", closed), new Channel("broken", closed), new Channel("i2i", closed)};
        ExecutorService pool = Executors.newSingleThreadExecutor();
        ChannelRecommender r = new ChannelRecommender(null, null, List.of(), null, channels, new boolean[3], null, pool, 100, 10,
                List.of(() -> resources.add("store")), null);
        Logger log = (Logger) LoggerFactory.getLogger(ChannelRecommender.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try {
            r.close();
        } finally {
            log.detachAppender(appender);
        }

        assertThat(closed).containsExactly("u2i", "broken", "i2i");
        assertThat(resources).containsExactly("store");
        assertThat(pool.isShutdown()).isTrue();
        List<ILoggingEvent> warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getFormattedMessage()).contains("channel 1 (broken)").contains("model handle already gone");
        assertThat(warnings.get(0).getThrowableProxy().getMessage()).isEqualTo("model handle already gone");
    }

    @Test
    void aChannelThatDoesNotOverrideCloseClosesQuietly() {
        RetrievalChannel plain = new RetrievalChannel() {
            @Override
            public String label() {
                return "plain";
            }

            @Override
            public int quota() {
                return 0;
            }

            @Override
            public void retrieve(Query query, int channel, Candidates out) {
            }
        };
        plain.close();
        ChannelRecommender.closeChannels(new RetrievalChannel[] {plain, null});
    }
}
