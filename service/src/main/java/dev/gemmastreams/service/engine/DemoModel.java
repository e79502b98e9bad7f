package dev.gemmastreams.service.engine;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.gemmastreams.engine.provision.ModelFolders;
import dev.gemmastreams.engine.tokenizer.TokenizerProvisioner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The demo model: a random-weight Gemma 2 of a small shape with the real tokenizer, made once and kept. */
final class DemoModel {

    private static final Logger log = LoggerFactory.getLogger(DemoModel.class);
    static final long SEED = 42;

    private DemoModel() {
    }

    static Path ensure(Path folder, String shape) {
        if (!Files.exists(folder.resolve(ModelFolders.TOKENIZER_FILE))) {
            log.info("Writing the demo model ({} shape, random weights) to {}", shape, folder);
            ModelFolders.random(folder, shape, SEED, new TokenizerProvisioner());
        }
        log.warn("""

                ***********************************************************************************
                  DEMO MODEL: random weights ({} shape) in {}.
                  Everything works end to end, but its summaries and answers are MEANINGLESS text.
                  Run with --model DIR (a Gemma 2 folder) for real output.
                ***********************************************************************************""",
                shape, folder);
        return folder;
    }
}
