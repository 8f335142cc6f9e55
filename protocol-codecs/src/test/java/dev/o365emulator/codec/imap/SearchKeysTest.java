package dev.o365emulator.codec.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.codec.imap.SearchKey.And;
import dev.o365emulator.codec.imap.SearchKey.Contains;
import dev.o365emulator.codec.imap.SearchKey.DateField;
import dev.o365emulator.codec.imap.SearchKey.DateKey;
import dev.o365emulator.codec.imap.SearchKey.Field;
import dev.o365emulator.codec.imap.SearchKey.Simple;
import dev.o365emulator.codec.imap.SearchKeys.SearchQuery;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchKeysTest {

    @Test
    void parsesEveryKeyWithItsArguments() {
        SearchQuery query = parse("SEARCH ALL ANSWERED BCC b BEFORE 1-Feb-1994 BODY x CC c DELETED DRAFT FLAGGED "
                + "FROM f HEADER X-Mailer \"\" KEYWORD $Label1 LARGER 100 NEW OLD ON \"01-Feb-1994\" RECENT SEEN "
                + "SENTBEFORE 2-Mar-2020 SENTON 3-Apr-2021 SENTSINCE 4-May-2022 SINCE 5-Jun-2023 SMALLER 5000 "
                + "SUBJECT s TEXT t TO o UID 1:5,7 UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNKEYWORD $Junk UNSEEN 2:*");

        assertThat(query.charset()).isNull();
        assertThat(query.key().keys()).containsExactly(Simple.ALL, Simple.ANSWERED, new Contains(Field.BCC, "b"),
                new DateKey(DateField.BEFORE, LocalDate.of(1994, 2, 1)), new Contains(Field.BODY, "x"),
                new Contains(Field.CC, "c"), Simple.DELETED, Simple.DRAFT, Simple.FLAGGED, new Contains(Field.FROM, "f"),
                new SearchKey.Header("X-Mailer", ""), new SearchKey.Keyword("$Label1", true), new SearchKey.Size(true, 100),
                Simple.NEW, Simple.OLD, new DateKey(DateField.ON, LocalDate.of(1994, 2, 1)), Simple.RECENT, Simple.SEEN,
                new DateKey(DateField.SENTBEFORE, LocalDate.of(2020, 3, 2)),
                new DateKey(DateField.SENTON, LocalDate.of(2021, 4, 3)),
                new DateKey(DateField.SENTSINCE, LocalDate.of(2022, 5, 4)),
                new DateKey(DateField.SINCE, LocalDate.of(2023, 6, 5)), new SearchKey.Size(false, 5000),
                new Contains(Field.SUBJECT, "s"), new Contains(Field.TEXT, "t"), new Contains(Field.TO, "o"),
                new SearchKey.Uid(SequenceSet.parse("1:5,7")), Simple.UNANSWERED, Simple.UNDELETED, Simple.UNDRAFT,
                Simple.UNFLAGGED, new SearchKey.Keyword("$Junk", false), Simple.UNSEEN,
                new SearchKey.Sequence(SequenceSet.parse("2:*")));
    }

    @Test
    void readsNilAsTheStringNilWhereAStringIsExpected() {
        assertThat(parse("SEARCH FROM NIL").key().keys()).containsExactly(new Contains(Field.FROM, "NIL"));
    }

    @Test
    void parsesOrNotAndGroups() {
        SearchQuery query = parse("SEARCH OR (FROM joe UNSEEN) NOT SUBJECT spam DELETED");

        assertThat(query.key()).isEqualTo(new And(List.of(
                new SearchKey.Or(new And(List.of(new Contains(Field.FROM, "joe"), Simple.UNSEEN)),
                        new SearchKey.Not(new Contains(Field.SUBJECT, "spam"))),
                Simple.DELETED)));
    }

    @Test
    void parsesCharsetUtf8WithALiteralAsImaplibSendsIt() {
        byte[] subject = "Grüße".getBytes(StandardCharsets.UTF_8);
        EmbeddedChannel channel = new EmbeddedChannel(new ImapResponseEncoder(), new ImapRequestDecoder());
        try {
            channel.writeInbound(Unpooled.copiedBuffer("a1 SEARCH CHARSET UTF-8 SUBJECT {" + subject.length + "}\r\n",
                    StandardCharsets.US_ASCII), Unpooled.wrappedBuffer(subject), Unpooled.copiedBuffer("\r\n",
                    StandardCharsets.US_ASCII));
            ImapRequest request = channel.readInbound();

            SearchQuery query = SearchKeys.parse(request.arguments());

            assertThat(query.charset()).isEqualTo("UTF-8");
            assertThat(query.key().keys()).containsExactly(new Contains(Field.SUBJECT, "Grüße"));
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SEARCH", "SEARCH FROM", "SEARCH BEFORE 31-Feb-2020", "SEARCH SINCE 1-Foo-2020",
            "SEARCH ON 2020-01-01", "SEARCH LARGER x", "SEARCH LARGER 99999999999", "SEARCH UID 0", "SEARCH OR SEEN",
            "SEARCH NOT", "SEARCH BOGUS", "SEARCH ()", "SEARCH CHARSET", "SEARCH 0:3",
            "SEARCH KEYWORD \"x\""})
    void rejectsInvalidKeys(String command) {
        assertThatThrownBy(() -> parse(command)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void boundsNesting() {
        String deep = "SEARCH " + "NOT ".repeat(SearchKeys.MAX_DEPTH) + "SEEN";
        String tooDeep = "SEARCH " + "NOT ".repeat(SearchKeys.MAX_DEPTH + 1) + "SEEN";

        assertThat(parse(deep).key().keys()).hasSize(1);
        assertThatThrownBy(() -> parse(tooDeep)).hasMessageContaining("nested deeper");
    }

    /** Decodes {@code a1 <command>} and parses the arguments after SEARCH. */
    private static SearchQuery parse(String command) {
        EmbeddedChannel channel = new EmbeddedChannel(new ImapRequestDecoder());
        try {
            channel.writeInbound(Unpooled.copiedBuffer("a1 " + command + "\r\n", StandardCharsets.UTF_8));
            ImapRequest request = channel.readInbound();
            assertThat(request.decoderResult().isSuccess()).as("decoded %s", request).isTrue();
            return SearchKeys.parse(request.arguments());
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
