package dev.gemmastreams.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The look-up forwarded to the instance that holds a key must carry any key Kafka accepts, intact. */
class PeerPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"plain", "a/b", "..", "50% off", "with space", "plus+sign", "q?x=1&y#z", "ünïcødé 文書"})
    void thePeersPathCarriesTheKeyAsAQueryParameter(String key) {
        URI url = URI.create("http://other-host:8081" + StoreQueries.peerPath("/documents/summary", key));

        assertThat(url.getPath()).isEqualTo("/documents/summary");
        assertThat(url.getRawQuery()).startsWith("id=").doesNotContain("&", "#", "+", " ");
        // As a servlet container reads a query parameter (where '+' would mean a space).
        assertThat(URLDecoder.decode(url.getRawQuery().substring(3), StandardCharsets.UTF_8)).isEqualTo(key);
    }
}
