package dev.o365emulator.server.internal.imap;

import dev.o365emulator.server.internal.reply.ImapCatalogue;
import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.internal.reply.ReplyArgs;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The catalogue's IMAP replies as the session writes them: the data lines built from the catalogue's
 * words (CAPABILITY, FLAGS, NAMESPACE), and every command's {@code completed.} and {@code failed.}
 * filled once, since one of them answers every command.
 */
public final class ImapReplies {

    private ImapReplies() {
    }

    /** Before login on 993 (and on 143 after STARTTLS). */
    public static final String CAPABILITY_PRE_AUTH = capability(ImapCatalogue.CAPABILITIES_PRE_AUTH);
    /** After login. */
    public static final String CAPABILITY_POST_AUTH = capability(ImapCatalogue.CAPABILITIES_POST_AUTH);
    /** Port 143 before STARTTLS. */
    public static final String CAPABILITY_PLAIN = capability(ImapCatalogue.CAPABILITIES_PLAIN);
    /** The untagged close when too much is pipelined, as written after {@code * }. */
    public static final String BYE_TOO_MUCH_PIPELINED = "BYE " + ImapCatalogue.TOO_MUCH_PIPELINED.imap().text();
    /** The text of IDLE's continuation request, as written after {@code + }. */
    public static final String IDLE_CONTINUATION = ImapCatalogue.IDLE_ACCEPTED.imap().text();

    static final String NAMESPACE = "NAMESPACE " + ImapCatalogue.NAMESPACES;

    private static final Set<String> LISTED = ImapCatalogue.FLAGS.stream()
            .map(flag -> flag.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());

    /** SELECT's FLAGS: the catalogue's flags, then the folder's other keywords. */
    static String flags(Collection<String> keywords) {
        return "FLAGS (" + String.join(" ", ImapCatalogue.FLAGS) + spaced(keywords) + ")";
    }

    /** SELECT's PERMANENTFLAGS: the same, and {@code \*}, since any keyword may be stored. */
    static Office365Reply permanentFlags(Collection<String> keywords) {
        return ImapCatalogue.SELECT_PERMANENT_FLAGS.with(ReplyArgs.of("keywords", spaced(keywords)));
    }

    /** Whether FLAGS always names this flag (keywords compare case-insensitively, RFC 3501 §2.3.2). */
    static boolean isListedFlag(String flag) {
        return LISTED.contains(flag.toLowerCase(Locale.ROOT));
    }

    private static String spaced(Collection<String> keywords) {
        StringBuilder out = new StringBuilder();
        for (String keyword : keywords) {
            out.append(' ').append(keyword);
        }
        return out.toString();
    }

    private static final Map<ImapCommand, Office365Reply> COMPLETED = filled(ImapCatalogue.COMPLETED);
    private static final Map<ImapCommand, Office365Reply> FAILED = filled(ImapCatalogue.FAILED);

    /** {@code <CMD> completed.}, Exchange's OK for every command. */
    static Office365Reply completed(ImapCommand command) {
        return COMPLETED.get(command);
    }

    /** {@code <CMD> failed.}, Exchange's NO. */
    static Office365Reply failed(ImapCommand command) {
        return FAILED.get(command);
    }

    /** A reply whose text names the command ({@code {command}}), e.g. {@code [TRYCREATE] COPY failed.}. */
    static Office365Reply naming(Office365Reply reply, ImapCommand command) {
        return reply.with(ReplyArgs.of("command", command.name()));
    }

    private static Map<ImapCommand, Office365Reply> filled(Office365Reply reply) {
        Map<ImapCommand, Office365Reply> byCommand = new EnumMap<>(ImapCommand.class);
        for (ImapCommand command : ImapCommand.values()) {
            byCommand.put(command, naming(reply, command));
        }
        return byCommand;
    }

    private static String capability(List<String> words) {
        return "CAPABILITY " + String.join(" ", words);
    }
}
