package io.mic.testkit.broken;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.AugmenterFactory;
import io.mic.spi.EncoderFactory;
import io.mic.spi.ModelFactory;
import io.mic.spi.NeighborStoreFactory;
import io.mic.spi.PluginContext;
import io.mic.spi.RerankerFactory;
import io.mic.spi.RetrievalChannelFactory;
import io.mic.spi.SamplerFactory;
import io.mic.spi.Samples;
import io.mic.spi.VectorIndexFactory;
import io.mic.testkit.AugmenterContractTest;
import io.mic.testkit.Capability;
import io.mic.testkit.EncoderContractTest;
import io.mic.testkit.ModelContractTest;
import io.mic.testkit.NeighborStoreContractTest;
import io.mic.testkit.RerankerContractTest;
import io.mic.testkit.RetrievalChannelContractTest;
import io.mic.testkit.SamplerContractTest;
import io.mic.testkit.ServingTables;
import io.mic.testkit.VectorIndexContractTest;
import io.mic.testkit.reference.ScoreRerankerFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs each {@link Broken} plugin through its kit (with JUnit's engine test kit) and checks that
 * exactly the check for its defect fails, with a message that names the problem. A kit check that
 * cannot fail would pass here unnoticed, so every kind of check has a plugin that trips it.
 *
 * <p>The kit subclasses below only run when this test launches them ({@link OnlyUnderTheEngineTestKit}).
 */
class KitCatchesBrokenPluginsTest {

    private static Events run(Class<?> kit) {
        return EngineTestKit.engine("junit-jupiter").configurationParameter(OnlyUnderTheEngineTestKit.KEY, "true").selectors(selectClass(kit))
                .execute().testEvents();
    }

    private static void assertFails(Class<?> kit, String check, String... messageParts) {
        run(kit).assertThatEvents().haveExactly(1, event(test(check), finishedWithFailure(message(m -> {
            for (String part : messageParts) {
                if (!m.contains(part)) {
                    return false;
                }
            }
            return true;
        }))));
    }

    // ---------------------------------------------------------------- augmenters

    @ExtendWith(OnlyUnderTheEngineTestKit.class)
    public static final class MutatingAugmenterKit extends AugmenterContractTest {
        @Override
        protected AugmenterFactory factory() {
            return new Broken.MutatingAugmenterFactory();
        }
    }

    @Test
    void mutatingTheInputIsCaught() {
        assertFails(MutatingAugmenterKit.class, "neverMutatesItsInput", "[Augmenter contract] broken-mutating", "mutates its input",
                "column 'id'");
    }

    @ExtendWith(OnlyUnderTheEngineTestKit.class)
    public static final class HiddenStateAugmenterKit extends AugmenterContractTest {
        @Override
        protected AugmenterFactory factory() {
            return new Broken.HiddenStateAugmenterFactory();
        }
    }

    @Test
    void randomnessNotFromTheGeneratorArgumentIsCaught() {
        assertFails(HiddenStateAugmenterKit.class, "sameGeneratorStateGivesTheSameView", "generator argument");
    }

    @ExtendWith(OnlyUnderTheEngineTestKit.class)
    public static final class KeyHoarderAugmenterKit extends AugmenterContractTest {
        @Override
        protected AugmenterFactory factory() {
            return new Broken.KeyHoarderAugmenterFactory();
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("p", "0.5");
        }
    }

    @Test
    void acceptingUnknownAndMisspeltKeysIsCaught() {
        Events events = run(KeyHoarderAugmenterKit.class);
        events.assertThatEvents().haveExactly(1, event(test("rejectsAnUnknownKey"),
                finishedWithFailure(message(m -> m.contains("accepts the unknown key 'contract_test_unknown_key'")))));
        events.assertThatEvents().haveExactly(1, event(test("rejectsAMisspeltKey"),
                finishedWithFailure(message(m -> m.contains("accepts the misspelt key 'pp' (for 'p')")))));
    }

    @ExtendWith(OnlyUnderTheEngineTestKit.class)
    public static final class UncheckedValueAugmenterKit extends AugmenterContractTest {
        @Override
        protected AugmenterFactory factory() {
            return new Broken.UncheckedValueAugmenterFactory();
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("p", "1.5"));
        }
    }

    @Test
    void invalidValuesWithoutAConfigExceptionAreCaught() {
        assertFails(UncheckedValueAugmenterKit.class, "rejectsInvalidValuesNamingTheKeyAndLine", "must be a ConfigException",
                "p out of range");
    }

    @ExtendWith(OnlyUnderTheEngineTestKit.class)
    public static final class UnregisteredAugmenterKit extends AugmenterContractTest {
        @Override
        protected AugmenterFactory factory() {
            return new Broken.UnregisteredAugmenterFactory();
        }
    }

    @Test
    void aMissingServicesEntryIsCaught() {
        assertFails(UnregisteredAugmenterKit.class, "serviceLoaderFindsTheFactoryByName", "finds no AugmenterFactory named 'broken-unregistered'",
                "Add the line io.mic.testkit.broken.Broken$UnregisteredAugmenterFactory to src/main/resources/META-INF/services/"
                        + "io.mic.spi.AugmenterFactory");
    }

    @ExtendWith(OnlyUnderTheEngineTestKit.class)
    public static final class FixedAugmenterKit extends AugmenterContractTest {
        @Override
        protected AugmenterFactory factory() {
            return new Broken.FixedAugmenterFactory();
        }

        @Override
        protected Set<Capability> unsupported() {
            return Set.of(Capability.RANDOMIZED);
        }
    }

    @Test
    void aDeclaredCapabilitySkipsExactlyItsChecksVisibly() {
        Events events = run(FixedAugmenterKit.class);
        events.assertThatEvents().haveExactly(1, event(test("differentSeedsGiveDifferentViews"),
                abortedWithReason(message(m -> m.contains("declares RANDOMIZED unsupported")))));
        events.assertThatEvents().haveExactly(1, event(test("sameGeneratorStateGivesTheSameView"), finishedSuccessfully()));
        events.assertStatistics(s -> s.failed(0));
    }

    @ExtendWith(OnlyUnderTheEngineTestKit.class)
    public static final class UndeclarableCapabilityKit extends RerankerContractTest {
        @Override
        protected RerankerFactory factory() {
            return new ScoreRerankerFactory();
        }

        @Override
        protected Set<Capability> unsupported() {
            return Set.of(Capability.THREAD_SAFE);
        }
    }

    @Test
    void declaringAMandatoryCapabilityUnsupportedIsCaught() {
        assertFails(UndeclarableCapabilityKit.class, "declaresOnlyCapabilitiesTheContractMakesOptional",
                "declares THREAD_SAFE unsupported, but the Reranker contract requires it");
    }

    // ---------------------------------------------------------------- samplers

    @ExtendWith(OnlyUnderTheEngineTestKit.class)
    public static final class SelfSamplerKit extends SamplerContractTest {
        @Override
        protected SamplerFactory factory() {
            return new Broken.SelfSamplerFactory();
        }

        @Override
        protected Expected expected() {
            return new Expected(2, Samples.Target.ITEM, false, false);
        }
    }

    @Test
    void samplingTheRowsOwnIdIsCaught() {
        assertFails(SelfSamplerKit.class, "samplesHaveTheDeclaredLayoutAndValidIds", "is the row's own ITEM id");
    }

    // ---------------------------------------------------------------- rerankers

    @ExtendWith(OnlyUnderTheEngineTestKit.class)
    public static final class ExcludeIgnoringRerankerKit extends RerankerContractTest {
        @Override
        protected RerankerFactory factory() {
            return new Broken.ExcludeIgnoringRerankerFactory();
        }
    }

    @Test
    void emittingExcludedItemsIsCaught() {
        assertFails(ExcludeIgnoringRerankerKit.class, "emitsTheTopNOfTheEligibleCandidatesBestFirst", "query.exclude()");
    }

    @ExtendWith(OnlyUnderTheEngineTestKit.class)
    public static final class ScoreRewritingRerankerKit extends RerankerContractTest {
        @Override
        protected RerankerFactory factory() {
            return new Broken.ScoreRewritingRerankerFactory();
        }
    }

    @Test
    void rewritingTheInputsMergedScoresIsCaught() {
        assertFails(ScoreRewritingRerankerKit.class, "neverMutatesTheCandidatesOrTheQuery", "merged scores");
    }

    @ExtendWith(OnlyUnderTheEngineTestKit.class)
    public static final class EmptyRefusingRerankerKit extends RerankerContractTest {
        @Override
        protected RerankerFactory factory() {
            return new Broken.EmptyRefusingRerankerFactory();
        }
    }

    @Test
    void throwingOnEmptyInputIsAContractMessage() {
        assertFails(EmptyRefusingRerankerKit.class, "handlesEmptyAndShortCandidateLists", "empty candidate list", "nothing to rerank");
    }

    @ExtendWith(OnlyUnderTheEngineTestKit.class)
    public static final class SharedScratchRerankerKit extends RerankerContractTest {
        @Override
        protected RerankerFactory factory() {
            return new Broken.SharedScratchRerankerFactory();
        }
    }

    @Test
    void sharedScratchStateIsCaught() {
        Events events = run(SharedScratchRerankerKit.class);
        events.assertThatEvents().haveExactly(1, event(test("isThreadSafe"), finishedWithFailure()));
        events.assertThatEvents().haveExactly(1, event(test("emitsTheTopNOfTheEligibleCandidatesBestFirst"), finishedSuccessfully()));
    }

    // ---------------------------------------------------------------- indexes, stores, channels

    @ExtendWith(OnlyUnderTheEngineTestKit.class)
    public static final class SloppyIndexKit extends VectorIndexContractTest {
        @Override
        protected VectorIndexFactory factory() {
            return new Broken.SloppyIndexFactory();
        }

        @Override
        protected Set<Capability> unsupported() {
            return Set.of(Capability.SAVE);
        }
    }

    @Test
    void anInexactIndexClaimingExactnessIsCaught() {
        assertFails(SloppyIndexKit.class, "searchMatchesBruteForce", "declare Capability.EXACT unsupported");
    }

    @ExtendWith(OnlyUnderTheEngineTestKit.class)
    public static final class NormalisingIndexKit extends VectorIndexContractTest {
        @Override
        protected VectorIndexFactory factory() {
            return new Broken.NormalisingIndexFactory();
        }

        @Override
        protected Set<Capability> unsupported() {
            return Set.of(Capability.SAVE);
        }
    }

    @Test
    void normalisingTheCallersVectorsIsCaught() {
        assertFails(NormalisingIndexKit.class, "buildNeverMutatesTheVectors", "mutates the vectors it indexes");
    }

    @ExtendWith(OnlyUnderTheEngineTestKit.class)
    public static final class LeakyStoreKit extends NeighborStoreContractTest {
        @Override
        protected NeighborStoreFactory factory() {
            return new Broken.LeakyStoreFactory();
        }

        @Override
        protected SeededPluginContext context() {
            return data().context(name()).withEngineResource(ServingTables.class, tables());
        }

        @Override
        protected ServingTables tables() {
            // the leak overwrites what it hands out, so each run gets its own tables
            return data().servingTables(16, 10);
        }
    }

    @Test
    void handingOutInternalArraysIsCaught() {
        assertFails(LeakyStoreKit.class, "returnedArraysBelongToTheCaller", "return copies");
    }

    @ExtendWith(OnlyUnderTheEngineTestKit.class)
    public static final class ExcludeIgnoringChannelKit extends RetrievalChannelContractTest {
        @Override
        protected RetrievalChannelFactory factory() {
            return new Broken.ExcludeIgnoringChannelFactory();
        }
    }

    @Test
    void aChannelAddingExcludedItemsIsCaught() {
        assertFails(ExcludeIgnoringChannelKit.class, "addsAtMostQuotaValidItemsUnderItsChannel", "adds excluded item");
    }

    @ExtendWith(OnlyUnderTheEngineTestKit.class)
    public static final class StoreClosingChannelKit extends RetrievalChannelContractTest {
        @Override
        protected RetrievalChannelFactory factory() {
            return new Broken.StoreClosingChannelFactory();
        }
    }

    @Test
    void aChannelClosingTheHostsStoreIsCaught() {
        assertFails(StoreClosingChannelKit.class, "closeReleasesOnlyWhatTheChannelOwns", "closed the host's NeighborStore");
    }

    // ---------------------------------------------------------------- encoders and models

    @ExtendWith(OnlyUnderTheEngineTestKit.class)
    public static final class BatchNormEncoderKit extends EncoderContractTest {
        @Override
        protected EncoderFactory factory() {
            return new Broken.BatchNormEncoderFactory();
        }
    }

    @Test
    void batchDependentEncodingIsCaught() {
        assertFails(BatchNormEncoderKit.class, "rowsDoNotDependOnTheRestOfTheBatch", "online serving and batch inference disagree");
    }

    @ExtendWith(OnlyUnderTheEngineTestKit.class)
    public static final class TestPeekingModelKit extends ModelContractTest {
        @Override
        protected ModelFactory factory() {
            return new Broken.TestPeekingModelFactory();
        }
    }

    @Test
    void readingTestInteractionsIsCaught() {
        assertFails(TestPeekingModelKit.class, "fitNeverReadsTestInteractions", "fit reads split.test()");
    }
}
