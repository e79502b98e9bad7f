package dev.gemmastreams.service.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import dev.gemmastreams.engine.tokenizer.GemmaTokenizer;
import dev.gemmastreams.engine.tokenizer.TokenizerProvisioner;
import org.junit.jupiter.api.Test;

class TextWindowsTest {

    private static GemmaTokenizer tokenizer() throws Exception {
        TokenizerProvisioner tokenizers = new TokenizerProvisioner();
        assumeTrue(tokenizers.canProvision(), tokenizers.howToEnable());
        return GemmaTokenizer.load(tokenizers.provision());
    }

    @Test
    void windowsFitTheLimitAndTogetherAreTheWholeText() throws Exception {
        GemmaTokenizer tokenizer = tokenizer();
        String text = "Grüße aus Zürich! 東京 and emoji 🙂. ".repeat(50);

        List<String> windows = TextWindows.of(tokenizer, text, 40);

        assertThat(windows).hasSizeGreaterThan(1);
        assertThat(windows).allSatisfy(w -> assertThat(tokenizer.encode(w).length).isLessThanOrEqualTo(40));
        assertThat(String.join("", windows)).isEqualTo(text);
    }

    @Test
    void aShortTextIsOneWindow() throws Exception {
        assertThat(TextWindows.of(tokenizer(), "short", 40)).containsExactly("short");
    }
}
