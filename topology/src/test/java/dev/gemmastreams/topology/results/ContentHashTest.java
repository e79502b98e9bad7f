package dev.gemmastreams.topology.results;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The value of {@code Summary.contentHash} is what its schema documents (consumers recompute it). */
class ContentHashTest {

    @Test
    void aTextHashesAsItsUtf8ByteLengthAColonAndTheText() {
        // printf '%s' "5:hello" | sha256sum
        assertThat(ContentHash.sha256("hello"))
                .isEqualTo("a3a285698dc7dbfe23947339ee187d471f643617f88b4af70209bb1a01edd9d9");
    }

    @Test
    void theLengthCountsUtf8BytesNotCharacters() {
        // "naïve" is 5 characters and 6 UTF-8 bytes: printf '%s' "6:naïve" | sha256sum
        assertThat(ContentHash.sha256("naïve"))
                .isEqualTo("ddbddd2eef2be41678db3179028d10c8dcb644c37c8b11fed4ff2a8e1173d864");
    }
}
