package dev.gemmastreams.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The command line as {@code ./gemma-streams publish|ask|results|model|safety} runs it: the service's runnable jar
 * unpacked into plain jars, main class {@code Cli}, in its own JVM, with stdout and stderr kept apart.
 */
final class CliProcess {

    record Run(int exit, List<String> stdout, String stderr) {
    }

    private final Path appJar;
    private final Path work;

    private CliProcess(Path appJar, Path work) {
        this.appJar = appJar;
        this.work = work;
    }

    /** Unpacks the service jar the way the launcher does ({@code -Djarmode=tools extract}). */
    static CliProcess unpack(Path work) throws IOException, InterruptedException {
        Path destination = work.resolve("app");
        Process extract = new ProcessBuilder(ServiceProcess.javaBinary(), "-Djarmode=tools", "-jar",
                ServiceProcess.serviceJar().toString(), "extract", "--destination", destination.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("extract.log").toFile()).start();
        if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0) {
            throw new IllegalStateException("cannot unpack the service jar: " + Files.readString(work.resolve("extract.log")));
        }
        try (Stream<Path> files = Files.list(destination)) {
            Path jar = files.filter(f -> f.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no unpacked jar in " + destination));
            return new CliProcess(jar, work);
        }
    }

    Run run(String stdin, Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ServiceProcess.javaBinary(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", appJar.toString(), "dev.gemmastreams.service.cli.Cli"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "cli-", ".out");
        Path err = Files.createTempFile(work, "cli-", ".err");
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(args[0] + " did not finish within " + timeout + "; stderr:\n"
                    + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readAllLines(out), Files.readString(err));
    }
}
