package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.ImapUntaggedResponse;
import java.util.Locale;

/**
 * What the transcript keeps of one FETCH's responses: the first {@value #HEAD}, the last, and between
 * them one line saying how many responses and bytes were left out.
 *
 * <p>Why: a {@code FETCH 1:*} that synchronises a 10,000-message mailbox wrote 10,000 transcript lines,
 * a quarter of the server's time for an envelope fetch, to keep lines that differ only in their
 * numbers, most of which the session's own line bound then dropped again. The head shows what the
 * client asked and the shape of the answer; the last line shows where it ended. A FETCH of up to
 * {@value #HEAD} + 1 messages, what an interactive client sends, is recorded whole. {@code --trace}
 * and the console's live stream show the transcript, so they elide the same way.
 */
final class FetchTranscript {

    /** Responses of one FETCH recorded before the rest is counted instead. */
    static final int HEAD = 16;

    private int responses;
    private long omitted;
    private long omittedBytes;

    /** Whether the next response goes into the transcript; {@code last} when no response follows it. */
    boolean records(boolean last) {
        return responses++ < HEAD || last;
    }

    /** Counts a response that was written but not recorded. */
    void omit(ImapUntaggedResponse response) {
        omitted++;
        omittedBytes += wireSize(response);
    }

    /** The line that stands for the responses left out since the last call, or null when none were. */
    String takeElision() {
        if (omitted == 0) {
            return null;
        }
        String line = String.format(Locale.ROOT, "%,d FETCH responses (%,d bytes) not recorded", omitted, omittedBytes);
        omitted = 0;
        omittedBytes = 0;
        return line;
    }

    /** The response's size on the wire: {@code "* "}, its text as UTF-8, each literal with its prefix, CRLF. */
    static long wireSize(ImapUntaggedResponse response) {
        long size = 4;
        for (ImapUntaggedResponse.Part part : response.parts()) {
            if (part instanceof ImapUntaggedResponse.Text text) {
                size += utf8Length(text.text());
            } else if (part instanceof ImapUntaggedResponse.Literal literal) {
                int n = literal.content().readableBytes();
                size += n + Integer.toString(n).length() + 4; // "{n}" CRLF
            }
        }
        return size;
    }

    private static int utf8Length(String text) {
        int length = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    length++;
                } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    length += 2; // four bytes for the pair's two chars
                    i++;
                } else if (!Character.isSurrogate(c)) {
                    // A lone surrogate is written as one '?', as String.getBytes does.
                    length += 2;
                }
            }
        }
        return length;
    }
}
