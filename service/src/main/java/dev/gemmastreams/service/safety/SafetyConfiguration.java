package dev.gemmastreams.service.safety;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.gemmastreams.engine.generate.LoadedModel;
import dev.gemmastreams.engine.safety.pii.PiiDetector;
import dev.gemmastreams.engine.safety.pii.PiiRedactor;
import dev.gemmastreams.engine.safety.pii.RedactionAction;
import dev.gemmastreams.engine.safety.pii.RedactionPolicy;
import dev.gemmastreams.engine.safety.policy.PolicyScorer;
import dev.gemmastreams.engine.safety.policy.SafetyPolicy;
import dev.gemmastreams.engine.serve.ModelWorker;
import dev.gemmastreams.service.config.ModelProperties;
import dev.gemmastreams.service.engine.EngineConfiguration;
import dev.gemmastreams.topology.engine.NotClassifiedSafety;
import dev.gemmastreams.topology.engine.SafetyClassifier;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The safety classifier the topology gates on, from {@code gemma-streams.safety.*}. */
@Configuration(proxyBeanMethods = false)
public class SafetyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SafetyConfiguration.class);

    @Bean(destroyMethod = "close")
    SafetyModel safetyModel(SafetyProperties safety, LoadedModel mainModel, ModelWorker mainWorker,
                            ModelProperties model) {
        if (safety.modelDir() == null) {
            return new SafetyModel(mainModel, mainWorker, false);
        }
        LoadedModel separate = LoadedModel.load(safety.modelDir());
        log.info("Safety model '{}' loaded from {}", separate.id(), safety.modelDir().toAbsolutePath());
        return new SafetyModel(separate, new ModelWorker(separate, model.workerOptions()), true);
    }

    @Bean
    SafetyClassifier safetyClassifier(SafetyProperties safety, SafetyModel safetyModel, ModelProperties model,
                                      MeterRegistry meters) {
        if (!safety.enabled()) {
            log.warn("Safety classification is disabled: verdicts will say NOT_CLASSIFIED");
            return new NotClassifiedSafety();
        }
        List<SafetyPolicy> policies = safety.policies().stream().map(SafetyConfiguration::policy).toList();
        double fallback = model.demo() ? SafetyProperties.DEMO_THRESHOLD : SafetyProperties.DEFAULT_THRESHOLD;
        Map<String, Double> thresholds = new LinkedHashMap<>();
        safety.policies().forEach(p -> thresholds.put(p.name(), p.thresholdOr(fallback)));
        log.info("Safety policies and thresholds: {}{}", thresholds,
                model.demo() ? " (demo model: its scores are noise, so unset thresholds default to "
                        + SafetyProperties.DEMO_THRESHOLD + ")" : "");
        PiiDetector detector = PiiDetector.withPhoneRegions(safety.phoneRegions());
        RedactionPolicy redaction = RedactionPolicy.fromConfig(safety.piiActions(), RedactionAction.REDACT);
        int context = Math.min(EngineConfiguration.contextTokens(model, safetyModel.model()),
                safetyModel.model().model().config().maxPositionEmbeddings());
        return new GemmaSafetyClassifier(safetyModel.worker(), safetyModel.model().id(), context, policies, thresholds,
                detector, new PiiRedactor(detector, redaction), PolicyScorer.overheadTokens(safetyModel.model().tokenizer()),
                model.requestTimeout(), meters, new TreeMap<>(safety.piiActions()) + "|" + safety.phoneRegions());
    }

    private static SafetyPolicy policy(SafetyProperties.Policy configured) {
        if (configured.promptDescription() == null && configured.responseDescription() == null) {
            return SafetyPolicy.named(configured.name());
        }
        if (configured.promptDescription() == null || configured.responseDescription() == null) {
            throw new IllegalArgumentException("gemma-streams.safety.policies: custom policy '" + configured.name()
                    + "' needs both prompt-description and response-description");
        }
        return new SafetyPolicy(configured.name(), configured.promptDescription(), configured.responseDescription());
    }
}
