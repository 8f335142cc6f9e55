package dev.o365emulator.server.imap;

import dev.o365emulator.codec.imap.ImapResponse;
import dev.o365emulator.codec.imap.ImapStatus;
import dev.o365emulator.codec.imap.ImapTaggedResponse;
import dev.o365emulator.codec.imap.ImapUntaggedResponse;
import dev.o365emulator.server.reply.Office365Reply;
import java.util.List;

/** Renders a catalogue reply into the IMAP responses the encoder writes. */
public final class ImapReplyRenderer {

    private ImapReplyRenderer() {
    }

    /**
     * The reply's IMAP form answering the command tagged {@code tag}: a tagged {@code OK}, {@code NO}
     * or {@code BAD} (followed by {@code * BYE} when the form says so), or an untagged {@code * BYE}.
     */
    public static List<ImapResponse> responses(Office365Reply reply, String tag) {
        Office365Reply.Imap imap = reply.imap();
        if (imap == null) {
            throw new IllegalArgumentException(reply.id() + " has no IMAP form");
        }
        ImapStatus status = switch (imap.kind()) {
            case OK -> ImapStatus.OK;
            case NO -> ImapStatus.NO;
            case BAD -> ImapStatus.BAD;
            case BYE -> null;
        };
        if (status == null) {
            return List.of(ImapUntaggedResponse.of("BYE " + imap.text()));
        }
        ImapTaggedResponse tagged = new ImapTaggedResponse(tag, status, imap.text());
        return imap.byeAfter() == null ? List.of(tagged)
                : List.of(tagged, ImapUntaggedResponse.of("BYE " + imap.byeAfter()));
    }

    /** The reply in place of the greeting: a greeting can only be OK, PREAUTH or BYE, so it is {@code * BYE}. */
    public static ImapResponse greeting(Office365Reply reply) {
        String text = reply.imap() != null ? reply.imap().text() : reply.smtp().text();
        return ImapUntaggedResponse.of("BYE " + text);
    }
}
