package dev.gemmastreams.it;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, found simply but strictly: strings, label matchers, ranges and the
 * label lists of {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left} and
 * {@code group_right} are removed; what is left are numbers, operators, keywords, function calls and metric names.
 * An identifier called like a function that is not a PromQL function is an error, so no name slips through.
 * Grafana's variables ({@code $instance}, {@code ${instance}}, {@code $__rate_interval}) are ignored, and its
 * template queries {@code label_values(...)} and {@code query_result(...)} are read for the expression inside.
 */
final class PromQlMetricNames {

    /** PromQL's functions (Prometheus 3), including the experimental ones, and {@code start}/{@code end} of @. */
    static final Set<String> FUNCTIONS = Set.of(
            "abs", "absent", "absent_over_time", "acos", "acosh", "asin", "asinh", "atan", "atanh", "avg_over_time",
            "ceil", "changes", "clamp", "clamp_max", "clamp_min", "cos", "cosh", "count_over_time", "day_of_month",
            "day_of_week", "day_of_year", "days_in_month", "deg", "delta", "deriv", "double_exponential_smoothing",
            "exp", "floor", "histogram_avg", "histogram_count", "histogram_fraction", "histogram_quantile",
            "histogram_stddev", "histogram_stdvar", "histogram_sum", "holt_winters", "hour", "idelta", "increase",
            "info", "irate", "label_join", "label_replace", "last_over_time", "ln", "log10", "log2", "mad_over_time",
            "max_over_time", "min_over_time", "minute", "month", "pi", "predict_linear", "present_over_time",
            "quantile_over_time", "rad", "rate", "resets", "round", "scalar", "sgn", "sin", "sinh", "sort",
            "sort_by_label", "sort_by_label_desc", "sort_desc", "sqrt", "stddev_over_time", "stdvar_over_time",
            "sum_over_time", "tan", "tanh", "time", "timestamp", "vector", "year", "start", "end",
            "ts_of_max_over_time", "ts_of_min_over_time", "ts_of_last_over_time", "first_over_time");

    /** Aggregation operators: followed by {@code (} or by a {@code by}/{@code without} clause. */
    static final Set<String> AGGREGATIONS = Set.of(
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio");

    /** Keywords and literals that are not metric names. */
    static final Set<String> KEYWORDS = Set.of(
            "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset",
            "atan2", "inf", "nan");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^{}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\[\\]]*]");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern LABEL_LIST =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");
    private static final Pattern TOKEN =
            Pattern.compile("(?<number>\\.?[0-9][0-9a-zA-Z_.]*)|(?<identifier>[a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern LABEL_VALUES =
            Pattern.compile("^\\s*label_values\\((?:(?<expr>.*),)?\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)\\s*$", Pattern.DOTALL);
    private static final Pattern QUERY_RESULT = Pattern.compile("^\\s*query_result\\((?<expr>.*)\\)\\s*$", Pattern.DOTALL);

    private PromQlMetricNames() {
    }

    /** The metric names of a PromQL expression. */
    static Set<String> of(String expression) {
        String s = STRING.matcher(expression).replaceAll(" ");
        if (s.chars().filter(c -> c == '(').count() != s.chars().filter(c -> c == ')').count()) {
            throw new IllegalArgumentException("Unbalanced parentheses in: " + expression);
        }
        s = GRAFANA_VARIABLE.matcher(s).replaceAll(" ");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = LABEL_LIST.matcher(s).replaceAll(" $1 ");
        if (s.contains("{") || s.contains("}") || s.contains("[") || s.contains("]")) {
            throw new IllegalArgumentException("Unbalanced braces or brackets in: " + expression);
        }
        Set<String> names = new TreeSet<>();
        Matcher token = TOKEN.matcher(s);
        while (token.find()) {
            String identifier = token.group("identifier");
            if (identifier == null) {
                continue;
            }
            if (KEYWORDS.contains(identifier.toLowerCase(Locale.ROOT))) {
                continue;
            }
            boolean called = nextNonSpace(s, token.end()) == '(';
            if (called) {
                if (!FUNCTIONS.contains(identifier) && !AGGREGATIONS.contains(identifier)) {
                    throw new IllegalArgumentException("'" + identifier + "' is called like a function but is no"
                            + " PromQL function, in: " + expression);
                }
            } else if (!AGGREGATIONS.contains(identifier)) {
                names.add(identifier);
            }
        }
        return names;
    }

    /** The metric names of a Grafana template variable query (label_values, query_result or plain PromQL). */
    static Set<String> ofGrafanaVariableQuery(String query) {
        Matcher labelValues = LABEL_VALUES.matcher(query);
        if (labelValues.matches()) {
            return labelValues.group("expr") == null ? Set.of() : of(labelValues.group("expr"));
        }
        Matcher queryResult = QUERY_RESULT.matcher(query);
        if (queryResult.matches()) {
            return of(queryResult.group("expr"));
        }
        return of(query);
    }

    private static char nextNonSpace(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return s.charAt(i);
            }
        }
        return 0;
    }
}
