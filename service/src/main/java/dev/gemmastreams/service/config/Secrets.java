package dev.gemmastreams.service.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * What may be shown of a setting. A value whose name says it is a secret (password, secret, token, JAAS
 * config, user info, credentials) is shown as {@value #HIDDEN}, as the Kafka clients show their passwords, and a
 * URL loses its user info; so a settings object can be logged or put in an error message.
 */
public final class Secrets {

    public static final String HIDDEN = "[hidden]";
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(password|passwd|secret|token(?!s)|jaas|user[-._]?info|userinfo|credential|private[-._]?key).*");

    private Secrets() {
    }

    public static boolean isSecretName(String name) {
        return name != null && SECRET_NAME.matcher(name).matches();
    }

    /** The URL as it may be shown: {@code https://user:password@host/} becomes {@code https://[hidden]@host/}. */
    public static String withoutUserInfo(URI url) {
        if (url == null || url.getRawUserInfo() == null) {
            return String.valueOf(url);
        }
        return url.toString().replace(url.getRawUserInfo() + "@", HIDDEN + "@");
    }

    /** The settings as they may be shown: values of secret names hidden, user info dropped from URLs. */
    public static Map<String, Object> masked(Map<String, ?> settings) {
        Map<String, Object> shown = new LinkedHashMap<>();
        settings.forEach((name, value) -> shown.put(name, shown(name, value)));
        return shown;
    }

    /** A record's {@code toString()} with its secrets hidden (settings records override theirs with this). */
    public static String describe(Record record) {
        StringJoiner fields = new StringJoiner(", ", record.getClass().getSimpleName() + "[", "]");
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            try {
                Object value = component.getAccessor().invoke(record);
                fields.add(component.getName() + "=" + shown(component.getName(), value));
            } catch (IllegalAccessException | InvocationTargetException e) {
                fields.add(component.getName() + "=?");
            }
        }
        return fields.toString();
    }

    private static Object shown(String name, Object value) {
        if (value == null) {
            return null;
        }
        if (isSecretName(name)) {
            return HIDDEN;
        }
        if (value instanceof URI url) {
            return withoutUserInfo(url);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> shown = new LinkedHashMap<>();
            map.forEach((key, inner) -> shown.put(String.valueOf(key), shown(String.valueOf(key), inner)));
            return shown;
        }
        return value;
    }
}
