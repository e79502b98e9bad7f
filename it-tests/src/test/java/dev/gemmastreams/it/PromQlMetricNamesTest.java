package dev.gemmastreams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The PromQL name extraction DeployMetricNamesTest relies on: names found, label names and functions not. */
class PromQlMetricNamesTest {

    @Test
    void findsTheMetricOfASelectorAndIgnoresLabelNamesAndValues() {
        assertThat(PromQlMetricNames.of("gemma_streams_results_total{application=\"gemma-streams\", status=~\"FAILED|x_total\"}"))
                .containsExactly("gemma_streams_results_total");
    }

    @Test
    void ignoresFunctionsAggregationsAndTheirLabelLists() {
        assertThat(PromQlMetricNames.of("histogram_quantile(0.95, sum by (kind, le) "
                + "(rate(gemma_streams_model_queue_seconds_bucket{application=\"gemma-streams\"}[5m])))"))
                .containsExactly("gemma_streams_model_queue_seconds_bucket");
        assertThat(PromQlMetricNames.of("sum(rate(a_total[1m])) by (instance) / ignoring(status) group_left(kind) "
                + "max without (le) (b_seconds_max) unless on(instance) count(c) > bool 2"))
                .containsExactly("a_total", "b_seconds_max", "c");
    }

    @Test
    void ignoresNumbersDurationsKeywordsAndGrafanaVariables() {
        assertThat(PromQlMetricNames.of("increase(x_total{instance=~\"$instance\"}[$__rate_interval]) offset 5m * 1e3"
                + " and y[15m:1m] or vector(0) > Inf"))
                .containsExactly("x_total", "y");
        assertThat(PromQlMetricNames.of("rate(x_total[${interval}]) * ${scale} / $divisor")).containsExactly("x_total");
    }

    @Test
    void readsMultiLineExpressionsAndStringsWithBraces() {
        assertThat(PromQlMetricNames.of("""
                label_replace(
                  up{job="gemma-streams"} == 0,
                  "pod", "$1", "instance", "([^:{}]+):.*")
                """)).containsExactly("up");
    }

    @Test
    void aNameCalledLikeAFunctionIsAnError() {
        assertThatThrownBy(() -> PromQlMetricNames.of("gemma_streams_results_total(5m)"))
                .hasMessageContaining("gemma_streams_results_total");
        assertThatThrownBy(() -> PromQlMetricNames.of("rate(x_total[5m]"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsGrafanaVariableQueries() {
        assertThat(PromQlMetricNames.ofGrafanaVariableQuery(
                "label_values(process_uptime_seconds{application=\"gemma-streams\"}, instance)"))
                .containsExactly("process_uptime_seconds");
        assertThat(PromQlMetricNames.ofGrafanaVariableQuery("label_values(instance)")).isEmpty();
        assertThat(PromQlMetricNames.ofGrafanaVariableQuery("query_result(topk(5, sum by (kind) (z_total)))"))
                .containsExactly("z_total");
    }
}
