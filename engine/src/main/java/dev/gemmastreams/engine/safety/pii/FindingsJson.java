package dev.gemmastreams.engine.safety.pii;

import java.util.List;

/** Compact JSON for findings: {@code [{"type":"EMAIL","start":3,"end":20}]}. Enum names and ints need no escaping. */
public final class FindingsJson {

    private FindingsJson() {
    }

    public static String toJson(List<Finding> findings) {
        StringBuilder sb = new StringBuilder(2 + findings.size() * 40);
        sb.append('[');
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"type\":\"").append(f.type().name())
                    .append("\",\"start\":").append(f.start())
                    .append(",\"end\":").append(f.end())
                    .append('}');
        }
        return sb.append(']').toString();
    }
}
