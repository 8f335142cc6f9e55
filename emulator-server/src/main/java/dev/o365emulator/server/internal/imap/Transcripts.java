package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.ImapArgument;
import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.server.internal.journal.Masking;
import java.util.List;
import java.util.Locale;

/** Renders decoded client commands back into transcript lines, with LOGIN passwords and SASL responses masked. */
final class Transcripts {

    /** Longer argument text is cut: the journal keeps lines short. */
    private static final int MAX_TEXT = 512;

    private Transcripts() {
    }

    static String describe(ImapRequest request) {
        StringBuilder out = new StringBuilder(request.tag()).append(' ').append(request.command());
        List<ImapArgument> args = request.arguments();
        String command = request.command().toUpperCase(Locale.ROOT);
        for (int i = 0; i < args.size() && out.length() < MAX_TEXT; i++) {
            // Everything after LOGIN's user or AUTHENTICATE's mechanism, however many words a
            // malformed line split it into.
            boolean secret = (command.equals("LOGIN") || command.equals("AUTHENTICATE")) && i >= 1;
            out.append(' ');
            if (secret) {
                out.append(Masking.MASK);
            } else {
                append(out, args.get(i));
            }
        }
        return out.length() > MAX_TEXT ? out.substring(0, MAX_TEXT) + "…" : out.toString();
    }

    /**
     * Whether a line the server cannot run as a command may be a credential: anything in the SASL
     * aftermath, or a line of one word that looks like base64 (a SASL response sent after the
     * exchange ended, which the decoder reads as a tag without a command).
     */
    static boolean mayBeCredential(ImapRequest request, boolean saslAftermath) {
        return saslAftermath || (request.command() == null && Masking.looksLikeBase64(request.tag()));
    }

    private static void append(StringBuilder out, ImapArgument arg) {
        if (arg instanceof ImapArgument.Atom atom) {
            out.append(atom.value());
        } else if (arg instanceof ImapArgument.QuotedString quoted) {
            out.append('"').append(quoted.value().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        } else if (arg instanceof ImapArgument.Literal literal) {
            out.append('{').append(literal.size()).append('}');
        } else if (arg instanceof ImapArgument.ListArgument list) {
            out.append('(');
            for (int i = 0; i < list.elements().size(); i++) {
                if (i > 0) {
                    out.append(' ');
                }
                append(out, list.elements().get(i));
            }
            out.append(')');
        } else {
            out.append("NIL");
        }
    }
}
