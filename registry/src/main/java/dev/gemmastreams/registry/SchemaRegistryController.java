package dev.gemmastreams.registry;

import dev.gemmastreams.schemas.registry.RegistryProtocol;
import dev.gemmastreams.registry.RegistryDtos.CompatibilityCheck;
import dev.gemmastreams.registry.RegistryDtos.CompatibilityLevelAnswer;
import dev.gemmastreams.registry.RegistryDtos.CompatibilityUpdate;
import dev.gemmastreams.registry.RegistryDtos.SchemaId;
import dev.gemmastreams.registry.RegistryDtos.SchemaString;
import dev.gemmastreams.registry.RegistryDtos.SubjectVersion;
import dev.gemmastreams.registry.RegistryDtos.SubjectVersionRef;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * The Confluent Schema Registry REST API (the part Avro clients use), served from this service so the one-machine
 * default needs no separate registry. Bodies are read as bytes whatever their content type; see {@link RequestBodies}.
 */
@RestController
@ConditionalOnRegistryServed
@RequestMapping(produces = {RegistryProtocol.CONTENT_TYPE, "application/vnd.schemaregistry+json",
        MediaType.APPLICATION_JSON_VALUE})
public class SchemaRegistryController {

    private static final String AUTHORIZATION = "Authorization";

    private final RegistryService registry;
    private final RegistryWriteAccess writeAccess;

    public SchemaRegistryController(RegistryService registry, RegistryWriteAccess writeAccess) {
        this.registry = registry;
        this.writeAccess = writeAccess;
    }

    @PostMapping("/subjects/{subject}/versions")
    public SchemaId register(@PathVariable String subject, @RequestBody(required = false) byte[] body,
                             @RequestHeader(name = AUTHORIZATION, required = false) String authorization) {
        writeAccess.requireWriteAllowed(authorization);
        return new SchemaId(registry.register(subject, RequestBodies.schema(body)));
    }

    @PostMapping("/subjects/{subject}")
    public SubjectVersion lookup(@PathVariable String subject, @RequestBody(required = false) byte[] body,
                                 @RequestParam(defaultValue = "false") boolean normalize,
                                 @RequestParam(defaultValue = "false") boolean deleted) {
        return SubjectVersion.of(registry.lookup(subject, RequestBodies.schema(body), normalize, deleted));
    }

    @GetMapping("/schemas/ids/{id}")
    public SchemaString schemaById(@PathVariable int id) {
        return new SchemaString(registry.schemaById(id));
    }

    @GetMapping("/schemas/ids/{id}/versions")
    public List<SubjectVersionRef> versionsWithId(@PathVariable int id, @RequestParam(defaultValue = "false") boolean deleted) {
        return registry.versionsWithId(id, deleted).stream().map(SubjectVersionRef::of).toList();
    }

    /** Only Avro: the serdes and this registry speak nothing else. */
    @GetMapping("/schemas/types")
    public List<String> schemaTypes() {
        return List.of("AVRO");
    }

    @GetMapping("/subjects")
    public List<String> subjects(@RequestParam(defaultValue = "false") boolean deleted) {
        return registry.subjects(deleted);
    }

    @GetMapping("/subjects/{subject}/versions")
    public List<Integer> versions(@PathVariable String subject, @RequestParam(defaultValue = "false") boolean deleted) {
        return registry.versions(subject, deleted);
    }

    @GetMapping("/subjects/{subject}/versions/{version}")
    public SubjectVersion version(@PathVariable String subject, @PathVariable String version,
                                  @RequestParam(defaultValue = "false") boolean deleted) {
        return SubjectVersion.of(registry.version(subject, version, deleted));
    }

    @DeleteMapping("/subjects/{subject}")
    public List<Integer> deleteSubject(@PathVariable String subject, @RequestParam(defaultValue = "false") boolean permanent,
                                       @RequestHeader(name = AUTHORIZATION, required = false) String authorization) {
        writeAccess.requireWriteAllowed(authorization);
        return registry.deleteSubject(subject, permanent);
    }

    @DeleteMapping("/subjects/{subject}/versions/{version}")
    public int deleteVersion(@PathVariable String subject, @PathVariable String version,
                             @RequestParam(defaultValue = "false") boolean permanent,
                             @RequestHeader(name = AUTHORIZATION, required = false) String authorization) {
        writeAccess.requireWriteAllowed(authorization);
        return registry.deleteVersion(subject, version, permanent);
    }

    @PostMapping("/compatibility/subjects/{subject}/versions/{version}")
    public CompatibilityCheck checkCompatibility(@PathVariable String subject, @PathVariable String version,
                                                 @RequestParam(defaultValue = "false") boolean verbose,
                                                 @RequestBody(required = false) byte[] body) {
        List<String> problems = registry.compatibilityProblems(subject, version, RequestBodies.schema(body));
        return new CompatibilityCheck(problems.isEmpty(), verbose ? problems : null);
    }

    @GetMapping("/config")
    public CompatibilityLevelAnswer globalConfig() {
        return new CompatibilityLevelAnswer(registry.globalLevel().name());
    }

    @PutMapping("/config")
    public CompatibilityUpdate updateGlobalConfig(@RequestBody(required = false) byte[] body,
                                                  @RequestHeader(name = AUTHORIZATION, required = false) String authorization) {
        writeAccess.requireWriteAllowed(authorization);
        return new CompatibilityUpdate(registry.setGlobalLevel(RequestBodies.compatibility(body)).name());
    }

    @GetMapping("/config/{subject}")
    public CompatibilityLevelAnswer subjectConfig(@PathVariable String subject,
                                                  @RequestParam(defaultValue = "false") boolean defaultToGlobal) {
        return new CompatibilityLevelAnswer(registry.subjectLevel(subject, defaultToGlobal).name());
    }

    @PutMapping("/config/{subject}")
    public CompatibilityUpdate updateSubjectConfig(@PathVariable String subject,
                                                   @RequestBody(required = false) byte[] body,
                                                   @RequestHeader(name = AUTHORIZATION, required = false) String authorization) {
        writeAccess.requireWriteAllowed(authorization);
        return new CompatibilityUpdate(registry.setSubjectLevel(subject, RequestBodies.compatibility(body)).name());
    }

    @DeleteMapping("/config/{subject}")
    public CompatibilityLevelAnswer deleteSubjectConfig(@PathVariable String subject,
                                                        @RequestHeader(name = AUTHORIZATION, required = false) String authorization) {
        writeAccess.requireWriteAllowed(authorization);
        return new CompatibilityLevelAnswer(registry.deleteSubjectLevel(subject).name());
    }
}
