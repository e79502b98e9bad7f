package dev.gemmastreams.engine.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.gemmastreams.engine.generate.ChatFormat;
import dev.gemmastreams.engine.generate.GenerationRequest;
import dev.gemmastreams.engine.generate.Generator;
import dev.gemmastreams.engine.generate.LoadedModel;
import dev.gemmastreams.engine.support.TinyModel;
import org.junit.jupiter.api.Test;

/**
 * A hundred generations leave nothing in the temp folder (Jlama's own generate() leaves ~74 MB of KV page files
 * per call there) and do not grow the heap or native buffers. Figures are printed for the record.
 */
class ResourceUseTest {

    @Test
    void aHundredGenerationsLeaveNoTempFilesAndFlatMemory() throws Exception {
        Path temp = Path.of(System.getProperty("java.io.tmpdir")); // this module's own (see engine/pom.xml)
        LoadedModel model = TinyModel.shared();
        List<Path> before = listing(temp);
        Generator generator = model.newGenerator();
        generate(generator, model, 10); // warm up: first-use allocations are not growth

        long heapBefore = usedHeapAfterGc();
        long nativeBefore = nativeBuffers();
        generate(generator, model, 100);
        long heapAfter = usedHeapAfterGc();
        long nativeAfter = nativeBuffers();

        System.out.printf("100 generations: heap after GC %.1f MB -> %.1f MB, direct+mapped buffers %.1f MB -> %.1f MB%n",
                heapBefore / 1e6, heapAfter / 1e6, nativeBefore / 1e6, nativeAfter / 1e6);
        assertThat(listing(temp)).as("files left in %s", temp).containsExactlyInAnyOrderElementsOf(before);
        assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(32_000_000L);
        assertThat(nativeAfter - nativeBefore).as("native buffer growth").isLessThan(1_000_000L);
    }

    private static void generate(Generator generator, LoadedModel model, int times) {
        for (int i = 0; i < times; i++) {
            int[] prompt = ChatFormat.encodeUserTurn(model.tokenizer(), "Request number " + i + ".");
            generator.generate(GenerationRequest.greedy(prompt, 4));
        }
    }

    private static List<Path> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long nativeBuffers() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }
}
