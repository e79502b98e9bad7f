package dev.gemmastreams.topology;

import java.time.Clock;

import dev.gemmastreams.topology.engine.Answerer;
import dev.gemmastreams.topology.engine.SafetyClassifier;
import dev.gemmastreams.topology.engine.Summarizer;
import dev.gemmastreams.topology.engine.TokenCounter;
import dev.gemmastreams.topology.results.TopologyMetrics;

/** What the topology calls out to: the model behind small interfaces, metrics and the clock. */
public record TopologyServices(Summarizer summarizer, Answerer answerer, SafetyClassifier safety, TokenCounter tokens,
                               TopologyMetrics metrics, Clock clock) {
}
