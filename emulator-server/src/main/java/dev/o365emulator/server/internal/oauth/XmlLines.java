package dev.o365emulator.server.internal.oauth;

/**
 * A small indented XML document written line by line, for the discovery answers: every text and
 * attribute value is escaped, and characters XML 1.0 cannot carry are dropped (a display name comes
 * from the tenant's configuration, which may hold anything).
 */
final class XmlLines {

    private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n");
    private int depth;

    /** Opens {@code <name attributes…>}; {@code attributes} are name/value pairs. */
    XmlLines open(String name, String... attributes) {
        indent().append('<').append(name);
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
        }
        out.append(">\r\n");
        depth++;
        return this;
    }

    XmlLines close(String name) {
        depth--;
        indent().append("</").append(name).append(">\r\n");
        return this;
    }

    /** {@code <name>text</name>} on one line, or {@code <name />} for an empty text. */
    XmlLines element(String name, String text) {
        indent();
        if (text.isEmpty()) {
            out.append('<').append(name).append(" />\r\n");
        } else {
            out.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append(">\r\n");
        }
        return this;
    }

    XmlLines element(String name, int value) {
        return element(name, Integer.toString(value));
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private StringBuilder indent() {
        return out.append("  ".repeat(depth));
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> {
                    if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF || c == '\t' || c == '\n' || c == '\r') {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
