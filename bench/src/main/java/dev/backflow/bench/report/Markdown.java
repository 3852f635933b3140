package dev.backflow.bench.report;

/**
 * Text from result files (benchmark names, parameter values) made safe to print: on one line, and in markdown
 * as the literal text it is, so that a value cannot end a table cell, start a heading or a list, or inject
 * HTML or a link into the gate's table or the report.
 */
public final class Markdown {
    private Markdown() {}

    /** The text with every line break and other control character written as an escape (\n, \t, \u0007). */
    public static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                b.append(switch (c) {
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> String.format("\\u%04x", (int) c);
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * The text as literal markdown inline text on one line: markdown's punctuation backslash-escaped (a
     * {@code |} no longer ends a table cell), {@code < > &} as HTML entities, line breaks as escapes.
     */
    static String text(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : oneLine(s).toCharArray()) {
            switch (c) {
                case '\\', '|', '`', '*', '[', ']', '#', '~' -> b.append('\\').append(c);
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
