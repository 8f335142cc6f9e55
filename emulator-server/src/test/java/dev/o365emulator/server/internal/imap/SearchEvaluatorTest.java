package dev.o365emulator.server.internal.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.codec.imap.ImapArgument;
import dev.o365emulator.codec.imap.SearchKey;
import dev.o365emulator.codec.imap.SearchKeys;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MessageHandle;
import dev.o365emulator.server.internal.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchEvaluatorTest {

    /** Just after midnight UTC on 2 March: still 1 March in the sender's -0800. */
    private static final Instant RECEIVED = Instant.parse("2026-03-02T00:30:00Z");

    private static final MessageHandle NESTED = message("nested.eml", Flags.of("\\Seen", "\\Flagged", "$MDNSent"));
    private static final MessageHandle ENCODED = message("encoded.eml", Flags.of("\\Answered", "\\Deleted", "\\Draft"));
    private static final MessageHandle MALFORMED = message("malformed.eml", Flags.NONE);

    private static MessageHandle message(String fixture, Flags flags) {
        return new MessageHandle(3, 42, flags, new StoredMessage(FetchRendererTest.fixture(fixture), RECEIVED));
    }

    /** Parses {@code text} as the codec would after {@code SEARCH}: atoms, quoted strings and groups. */
    private static SearchKey key(String text) {
        List<ImapArgument> arguments = new ArrayList<>();
        int end = tokens(text, 0, arguments);
        assertThat(end).isEqualTo(text.length());
        return SearchKeys.parse(arguments).key();
    }

    private static int tokens(String text, int pos, List<ImapArgument> out) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ') {
                pos++;
            } else if (c == ')') {
                return pos;
            } else if (c == '(') {
                List<ImapArgument> group = new ArrayList<>();
                pos = tokens(text, pos + 1, group) + 1;
                out.add(new ImapArgument.ListArgument(group));
            } else if (c == '"') {
                int close = text.indexOf('"', pos + 1);
                out.add(new ImapArgument.QuotedString(text.substring(pos + 1, close)));
                pos = close + 1;
            } else {
                int stop = pos;
                while (stop < text.length() && " ()".indexOf(text.charAt(stop)) < 0) {
                    stop++;
                }
                out.add(new ImapArgument.Atom(text.substring(pos, stop)));
                pos = stop;
            }
        }
        return pos;
    }

    private static boolean matches(MessageHandle message, String search) {
        return SearchEvaluator.matches(key(search), 3, message, 5, 42);
    }

    @Test
    void matchesAllAndTheFlagKeysAndTheirOpposites() {
        assertThat(matches(NESTED, "ALL")).isTrue();
        assertThat(matches(NESTED, "SEEN")).isTrue();
        assertThat(matches(ENCODED, "SEEN")).isFalse();
        assertThat(matches(ENCODED, "UNSEEN")).isTrue();
        assertThat(matches(NESTED, "UNSEEN")).isFalse();
        assertThat(matches(NESTED, "FLAGGED")).isTrue();
        assertThat(matches(ENCODED, "FLAGGED")).isFalse();
        assertThat(matches(ENCODED, "UNFLAGGED")).isTrue();
        assertThat(matches(NESTED, "UNFLAGGED")).isFalse();
        assertThat(matches(ENCODED, "ANSWERED")).isTrue();
        assertThat(matches(NESTED, "ANSWERED")).isFalse();
        assertThat(matches(NESTED, "UNANSWERED")).isTrue();
        assertThat(matches(ENCODED, "UNANSWERED")).isFalse();
        assertThat(matches(ENCODED, "DELETED")).isTrue();
        assertThat(matches(NESTED, "DELETED")).isFalse();
        assertThat(matches(NESTED, "UNDELETED")).isTrue();
        assertThat(matches(ENCODED, "UNDELETED")).isFalse();
        assertThat(matches(ENCODED, "DRAFT")).isTrue();
        assertThat(matches(NESTED, "DRAFT")).isFalse();
        assertThat(matches(NESTED, "UNDRAFT")).isTrue();
        assertThat(matches(ENCODED, "UNDRAFT")).isFalse();
    }

    @Test
    void treatsEveryMessageAsOldBecauseExchangeReportsNoRecentMessages() {
        for (MessageHandle message : List.of(NESTED, ENCODED, MALFORMED)) {
            assertThat(matches(message, "RECENT")).isFalse();
            assertThat(matches(message, "NEW")).isFalse();
            assertThat(matches(message, "OLD")).isTrue();
        }
    }

    @Test
    void matchesKeywordsCaseInsensitivelyAndReadsASystemFlagAsOne() {
        assertThat(matches(NESTED, "KEYWORD $MDNSent")).isTrue();
        assertThat(matches(NESTED, "KEYWORD $mdnsent")).isTrue();
        assertThat(matches(ENCODED, "KEYWORD $MDNSent")).isFalse();
        assertThat(matches(ENCODED, "UNKEYWORD $MDNSent")).isTrue();
        assertThat(matches(NESTED, "UNKEYWORD $MDNSent")).isFalse();
        assertThat(matches(NESTED, "KEYWORD \\Seen")).isTrue();
        assertThat(matches(ENCODED, "KEYWORD \\Seen")).isFalse();
    }

    @Test
    void matchesAddressHeadersOnTheirDecodedValues() {
        assertThat(matches(NESTED, "FROM adèle")).isTrue();
        assertThat(matches(NESTED, "FROM ADELE@CONTOSO.COM")).isTrue();
        assertThat(matches(NESTED, "FROM megan")).as("only the embedded message is from Megan").isFalse();
        assertThat(matches(ENCODED, "FROM \"Jörg Müller\"")).isTrue();
        assertThat(matches(ENCODED, "FROM ISO-8859-1")).as("the encoded form is not the text").isFalse();
        assertThat(matches(NESTED, "TO \"megan bowen\"")).isTrue();
        assertThat(matches(NESTED, "TO info@contoso.com")).isFalse();
        assertThat(matches(NESTED, "CC team@")).isTrue();
        assertThat(matches(ENCODED, "CC team@")).isFalse();
        assertThat(matches(ENCODED, "BCC hidden")).isTrue();
        assertThat(matches(NESTED, "BCC hidden")).isFalse();
    }

    @Test
    void matchesSubjectAndArbitraryHeadersDecodedAndUnfolded() {
        assertThat(matches(NESTED, "SUBJECT \"quartalsbericht FÜR\"")).isTrue();
        assertThat(matches(NESTED, "SUBJECT UXVhcnRhbHNiZXJpY2h0")).isFalse();
        assertThat(matches(NESTED, "SUBJECT \"Inner draft\"")).isFalse();
        assertThat(matches(ENCODED, "SUBJECT \"übersicht und\"")).isTrue();
        assertThat(matches(NESTED, "HEADER X-Priority \"3 (normal)\"")).isTrue();
        assertThat(matches(NESTED, "HEADER x-priority \"\"")).as("an empty value asks for presence").isTrue();
        assertThat(matches(ENCODED, "HEADER X-Priority \"\"")).isFalse();
        assertThat(matches(NESTED, "HEADER Message-ID inner")).isFalse();
        assertThat(matches(NESTED, "HEADER Message-ID outer")).isTrue();
    }

    @Test
    void searchesTheTransferDecodedBodyTextInItsCharset() {
        assertThat(matches(NESTED, "BODY \"GRÜßE AUS REDMOND\"")).as("quoted-printable UTF-8").isTrue();
        assertThat(matches(NESTED, "BODY \"<b>redmond</b>\"")).as("base64 UTF-8 HTML").isTrue();
        assertThat(matches(NESTED, "BODY entwürfe")).as("quoted-printable ISO-8859-1 in the embedded message").isTrue();
        assertThat(matches(ENCODED, "BODY \"grüße aus münchen\"")).as("base64 ISO-8859-1").isTrue();
        assertThat(matches(NESTED, "BODY Quartalsbericht")).as("the subject is not the body").isFalse();
        assertThat(matches(NESTED, "BODY PDF-1.4")).as("attachments are not text").isFalse();
        assertThat(matches(NESTED, "BODY Gr=C3=BC")).as("the encoded form is not the text").isFalse();
        assertThat(matches(MALFORMED, "BODY \"first part\"")).isTrue();
    }

    @Test
    void searchesHeaderAndBodyForText() {
        assertThat(matches(NESTED, "TEXT Quartalsbericht")).isTrue();
        assertThat(matches(NESTED, "TEXT entwürfe")).isTrue();
        assertThat(matches(NESTED, "TEXT x-priority")).as("field names are part of the header").isTrue();
        assertThat(matches(NESTED, "TEXT nowhere-to-be-found")).isFalse();
    }

    @Test
    void comparesSizesStrictly() {
        assertThat(matches(NESTED, "LARGER 2170")).isTrue();
        assertThat(matches(NESTED, "LARGER 2171")).isFalse();
        assertThat(matches(NESTED, "SMALLER 2172")).isTrue();
        assertThat(matches(NESTED, "SMALLER 2171")).isFalse();
    }

    @Test
    void comparesTheInternalDateByItsDayInUtc() {
        assertThat(matches(NESTED, "ON 2-Mar-2026")).isTrue();
        assertThat(matches(NESTED, "ON 1-Mar-2026")).isFalse();
        assertThat(matches(NESTED, "BEFORE 3-Mar-2026")).isTrue();
        assertThat(matches(NESTED, "BEFORE 2-Mar-2026")).isFalse();
        assertThat(matches(NESTED, "SINCE 2-Mar-2026")).isTrue();
        assertThat(matches(NESTED, "SINCE 3-Mar-2026")).isFalse();
    }

    @Test
    void comparesTheSentDateByTheDayTheDateHeaderNames() {
        // "Sun, 1 Mar 2026 23:30:00 -0800" is 2 March in UTC, but the header says 1 March.
        assertThat(matches(NESTED, "SENTON 1-Mar-2026")).isTrue();
        assertThat(matches(NESTED, "SENTON 2-Mar-2026")).isFalse();
        assertThat(matches(NESTED, "SENTBEFORE 2-Mar-2026")).isTrue();
        assertThat(matches(NESTED, "SENTBEFORE 1-Mar-2026")).isFalse();
        assertThat(matches(NESTED, "SENTSINCE 1-Mar-2026")).isTrue();
        assertThat(matches(NESTED, "SENTSINCE 2-Mar-2026")).isFalse();
        assertThat(matches(ENCODED, "SENTON 2-Mar-2026")).as("two-digit year, no day name").isTrue();
        assertThat(matches(MALFORMED, "SENTON 2-Mar-2026")).as("no Date header: the internal date").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sun, 1 Mar 2026 23:30:00 -0800", "1 Mar 2026 23:30 -0800", "Sun,01 Mar 2026 10:00 GMT",
            "01 March 2026 10:00:00 +0000", "Sun, 1 Mar 26 10:00 +0000"})
    void readsTheDayOfDateHeadersInTheirCommonSpellings(String header) {
        assertThat(SearchEvaluator.headerDay(header)).isEqualTo(LocalDate.of(2026, 3, 1));
    }

    @Test
    void ignoresADateHeaderItCannotRead() {
        assertThat(SearchEvaluator.headerDay("yesterday")).isNull();
        assertThat(SearchEvaluator.headerDay("31 Feb 2026 10:00 +0000")).isNull();
        assertThat(SearchEvaluator.headerDay("1 Foo 2026 10:00 +0000")).isNull();
    }

    @Test
    void resolvesUidSetsWithStarAsTheHighestUid() {
        assertThat(matches(NESTED, "UID 40:45")).isTrue();
        assertThat(matches(NESTED, "UID 1:41,43")).isFalse();
        assertThat(matches(NESTED, "UID *")).isTrue();
        assertThat(SearchEvaluator.matches(key("UID *"), 3, NESTED, 5, 50)).isFalse();
        assertThat(SearchEvaluator.matches(key("UID 50:*"), 3, NESTED, 5, 42))
                .as("RFC 3501: 50:* is 42:50 when 42 is the highest UID").isTrue();
    }

    @Test
    void resolvesSequenceSetsWithStarAsTheHighestSequenceNumber() {
        assertThat(matches(NESTED, "3")).isTrue();
        assertThat(matches(NESTED, "1:2,4:*")).isFalse();
        assertThat(matches(NESTED, "*")).isFalse();
        assertThat(SearchEvaluator.matches(key("*"), 5, NESTED, 5, 42)).isTrue();
        assertThat(matches(NESTED, "2:4")).isTrue();
    }

    @Test
    void combinesKeysWithNotOrAndGroups() {
        assertThat(matches(NESTED, "NOT SEEN")).isFalse();
        assertThat(matches(NESTED, "NOT DELETED")).isTrue();
        assertThat(matches(NESTED, "OR DELETED FLAGGED")).isTrue();
        assertThat(matches(NESTED, "OR DELETED DRAFT")).isFalse();
        assertThat(matches(NESTED, "SEEN FLAGGED FROM adele")).isTrue();
        assertThat(matches(NESTED, "SEEN FLAGGED FROM megan")).isFalse();
        assertThat(matches(NESTED, "(OR FROM megan SUBJECT quartals) (NOT (DELETED UNSEEN))")).isTrue();
        assertThat(matches(NESTED, "NOT (SEEN FLAGGED)")).isFalse();
        assertThat(matches(ENCODED, "OR (FROM jörg BODY münchen) NOT ALL")).isTrue();
    }

    @Test
    void refusesAKeyTreeNestedBeyondAnyParsedRequest() {
        SearchKey key = SearchKey.Simple.ALL;
        for (int i = 0; i < 300; i++) {
            key = new SearchKey.Not(key);
        }
        SearchKey deep = key;
        assertThatThrownBy(() -> SearchEvaluator.matches(deep, 3, NESTED, 5, 42))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("search keys nested too deeply");
    }

    @Test
    void readsAnUnknownCharsetAsUtf8() {
        byte[] raw = "Subject: x\r\nContent-Type: text/plain; charset=x-unknown\r\n\r\nGrüße\r\n"
                .getBytes(StandardCharsets.UTF_8);
        MessageHandle message = new MessageHandle(1, 1, Flags.NONE, new StoredMessage(raw, RECEIVED));
        assertThat(SearchEvaluator.matches(key("BODY grüße"), 1, message, 1, 1)).isTrue();
    }
}
