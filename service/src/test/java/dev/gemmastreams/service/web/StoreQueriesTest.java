package dev.gemmastreams.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The redirect to the instance that owns a key must carry any key Kafka accepts, intact. */
class StoreQueriesTest {

    @ParameterizedTest
    @ValueSource(strings = {"plain", "a/b", "..", "50% off", "with space", "plus+sign", "q?x=1&y#z", "ünïcødé 文書"})
    void theOwnersAddressCarriesTheKeyAsAQueryParameter(String key) {
        URI url = StoreQueries.ownerUrl(new HostInfo("other-host", 8081), "/documents/summary", key);

        assertThat(url.getHost()).isEqualTo("other-host");
        assertThat(url.getPort()).isEqualTo(8081);
        assertThat(url.getPath()).isEqualTo("/documents/summary");
        assertThat(url.getRawQuery()).startsWith("id=").doesNotContain("&", "#", "+", " ");
        // As a servlet container reads a query parameter (where '+' would mean a space).
        assertThat(URLDecoder.decode(url.getRawQuery().substring(3), StandardCharsets.UTF_8)).isEqualTo(key);
    }
}
