package dev.gemmastreams.engine.provision;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Downloads a Gemma 2 model folder from a Hugging Face repository into a local cache, with a token (Gemma is
 * gated: the user accepts Google's terms on the model's page first). Only what the engine loads is fetched:
 * config, tokenizer and safetensors files. Files already complete in the cache are not fetched again.
 */
public final class HuggingFaceHub {

    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");
    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][\\w.-]*/[\\w.-]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String token;
    private final Path cacheRoot;
    private final HttpClient http;

    /** @param token an access token (HF_TOKEN), or null for public repositories */
    public HuggingFaceHub(URI endpoint, String token, Path cacheRoot) {
        this.endpoint = endpoint;
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.cacheRoot = cacheRoot;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public static boolean looksLikeRepoId(String text) {
        return text != null && REPO_ID.matcher(text).matches();
    }

    /** Progress of one file: name, bytes so far, total bytes (-1 when unknown). */
    public record Progress(String file, long bytes, long total) {
    }

    public Path download(String repoId, String revision, Consumer<Progress> progress) {
        if (!looksLikeRepoId(repoId)) {
            throw new ModelDownloadException("'" + repoId + "' is not a Hugging Face repository id (owner/name)");
        }
        Path folder = cacheRoot.resolve("models--" + repoId.replace("/", "--")).resolve(revision);
        List<String> files = modelFiles(repoId, revision);
        try {
            Files.createDirectories(folder);
            for (String file : files) {
                fetch(repoId, revision, file, folder.resolve(file), progress);
            }
        } catch (IOException e) {
            throw new ModelDownloadException("Cannot write the model into " + folder + ": " + e.getMessage(), e);
        }
        return folder;
    }

    /** The files of the repository the engine needs, from the Hub's API. */
    private List<String> modelFiles(String repoId, String revision) {
        HttpResponse<String> response = send(repoId, HttpRequest.newBuilder(
                endpoint.resolve("/api/models/" + repoId + "/revision/" + encode(revision))).GET(),
                HttpResponse.BodyHandlers.ofString());
        try {
            List<String> files = new ArrayList<>();
            for (JsonNode sibling : JSON.readTree(response.body()).path("siblings")) {
                String name = sibling.path("rfilename").asText();
                if (name.equals("config.json") || name.equals("tokenizer.json") || name.equals("tokenizer_config.json")
                        || name.equals("model.safetensors.index.json") || name.endsWith(".safetensors")) {
                    files.add(name);
                }
            }
            if (!files.contains("config.json") || files.stream().noneMatch(f -> f.endsWith(".safetensors"))) {
                throw new ModelDownloadException("Repository " + repoId + " has no config.json and safetensors "
                        + "weights at revision " + revision + ": not a model the engine can load");
            }
            return files;
        } catch (IOException e) {
            throw new ModelDownloadException("Unreadable answer from " + endpoint + " about " + repoId, e);
        }
    }

    private void fetch(String repoId, String revision, String file, Path target, Consumer<Progress> progress)
            throws IOException {
        HttpResponse<InputStream> response = send(repoId, HttpRequest.newBuilder(
                endpoint.resolve("/" + repoId + "/resolve/" + encode(revision) + "/" + file)).GET(),
                HttpResponse.BodyHandlers.ofInputStream());
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (total >= 0 && Files.exists(target) && Files.size(target) == total) {
            response.body().close();
            progress.accept(new Progress(file, total, total));
            return;
        }
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(partial)) {
            byte[] buffer = new byte[1 << 20];
            long bytes = 0;
            long reported = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                bytes += n;
                if (bytes - reported >= 64L << 20) {
                    progress.accept(new Progress(file, bytes, total));
                    reported = bytes;
                }
            }
            if (total >= 0 && bytes != total) {
                throw new ModelDownloadException("Download of " + file + " from " + repoId + " stopped at " + bytes
                        + " of " + total + " bytes; run again to retry");
            }
            progress.accept(new Progress(file, bytes, total));
        }
        // A complete file appears under its real name only when it is whole.
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private <T> HttpResponse<T> send(String repoId, HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<T> response;
        try {
            response = http.send(request.timeout(Duration.ofMinutes(30)).build(), body);
        } catch (IOException e) {
            throw new ModelDownloadException("Cannot reach " + endpoint + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "). Without network access, copy the model folder to this machine and pass it"
                    + " with --model DIR.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelDownloadException("Interrupted while downloading " + repoId, e);
        }
        int status = response.statusCode();
        if (status == 401) {
            throw new ModelDownloadException(token == null
                    ? repoId + " needs an access token: create one at " + endpoint + "/settings/tokens and set HF_TOKEN"
                    : "The access token was refused by " + endpoint + " for " + repoId + ": check HF_TOKEN");
        }
        if (status == 403) {
            throw new ModelDownloadException("Access to " + repoId + " is restricted: open " + endpoint + "/" + repoId
                    + " while logged in, accept the licence terms, then try again with the same token");
        }
        if (status == 404) {
            throw new ModelDownloadException("No repository or file " + request.build().uri() + " (is the id right?)");
        }
        if (status >= 300) {
            throw new ModelDownloadException(endpoint + " answered HTTP " + status + " for " + request.build().uri());
        }
        return response;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
