package io.mic.testkit.broken;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Disables the deliberately broken kit runs unless {@link KitCatchesBrokenPluginsTest} launched
 * them (it sets {@value #KEY}), so a direct run (an IDE, {@code -Dtest=...}) does not report their
 * expected failures as real ones.
 */
final class OnlyUnderTheEngineTestKit implements ExecutionCondition {
    static final String KEY = "mic.testkit.run-broken-plugins";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getConfigurationParameter(KEY).isPresent()
                ? ConditionEvaluationResult.enabled("launched by KitCatchesBrokenPluginsTest")
                : ConditionEvaluationResult.disabled("a deliberately broken plugin; KitCatchesBrokenPluginsTest runs it");
    }
}
