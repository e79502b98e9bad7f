package dev.gemmastreams.service.streams;

import java.time.Clock;
import java.time.Duration;

import dev.gemmastreams.service.config.ModelProperties;
import dev.gemmastreams.service.config.StreamsProperties;
import dev.gemmastreams.service.engine.GemmaAnswerer;
import dev.gemmastreams.service.engine.GemmaSummarizer;
import dev.gemmastreams.service.engine.ModelCalls;
import dev.gemmastreams.topology.TopologyServices;
import dev.gemmastreams.topology.TopologySettings;
import dev.gemmastreams.topology.engine.SafetyClassifier;
import dev.gemmastreams.topology.engine.TokenCounter;
import dev.gemmastreams.topology.results.TopologyMetrics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the topology is built with: its limits, and the engine behind its small interfaces. */
@Configuration(proxyBeanMethods = false)
public class TopologyConfiguration {

    /** Questions longer than this many tokens are not expected; the answer prompt keeps room for them. */
    static final int QUESTION_TOKENS = 512;

    @Bean
    TopologySettings topologySettings(StreamsProperties streams, ModelProperties model, ModelCalls calls) {
        int passageBudget = GemmaAnswerer.passageBudget(calls, model.contextTokens(), model.maxAnswerTokens(),
                QUESTION_TOKENS);
        return new TopologySettings(streams.maxDocumentChars(), streams.maxQuestionChars(), streams.questionWait(),
                streams.pendingCheckInterval(), model.attempts(), Duration.ofSeconds(1),
                Math.min(streams.passageTokens(), passageBudget), passageBudget)
                .withOutputLimits(TopologySettings.DEFAULT_MAX_RESULT_BYTES, streams.deadLetterOriginalBytes());
    }

    @Bean
    TopologyServices topologyServices(GemmaSummarizer summarizer, GemmaAnswerer answerer, SafetyClassifier safety,
                                      TokenCounter tokens, TopologyMetrics metrics) {
        return new TopologyServices(summarizer, answerer, safety, tokens, metrics, Clock.systemUTC());
    }
}
