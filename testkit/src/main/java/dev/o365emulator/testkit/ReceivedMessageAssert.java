package dev.o365emulator.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link ReceivedMessage}; failure messages show what arrived instead. */
public final class ReceivedMessageAssert extends AbstractAssert<ReceivedMessageAssert, ReceivedMessage> {

    ReceivedMessageAssert(ReceivedMessage actual) {
        super(actual, ReceivedMessageAssert.class);
    }

    public ReceivedMessageAssert isFrom(String address) {
        isNotNull();
        if (actual.from().stream().noneMatch(a -> a.equalsIgnoreCase(address))) {
            failWithMessage("Expected %s to be from <%s> but From was %s", actual, address, actual.from());
        }
        return this;
    }

    /** The address is in the To header. */
    public ReceivedMessageAssert hasTo(String address) {
        return hasIn("To", actual == null ? null : actual.to(), address);
    }

    /** The address is in the Cc header. */
    public ReceivedMessageAssert hasCc(String address) {
        return hasIn("Cc", actual == null ? null : actual.cc(), address);
    }

    /** The mailbox got the message as a Bcc recipient: in the envelope, in neither To nor Cc. */
    public ReceivedMessageAssert isBlindCopy() {
        isNotNull();
        if (!actual.isBlindCopy()) {
            failWithMessage("Expected %s to be a blind copy to <%s> but To was %s and Cc %s", actual, actual.mailbox(),
                    actual.to(), actual.cc());
        }
        return this;
    }

    public ReceivedMessageAssert hasSubject(String subject) {
        isNotNull();
        if (!Objects.equals(actual.subject(), subject)) {
            failWithMessage("Expected subject <%s> but was <%s> (%s)", subject, actual.subject(), actual);
        }
        return this;
    }

    /** The header is present (any value). */
    public ReceivedMessageAssert hasHeader(String name) {
        isNotNull();
        if (actual.header(name).isEmpty()) {
            failWithMessage("Expected %s to have a %s header but it has none", actual, name);
        }
        return this;
    }

    /** One of the header's values equals {@code value}. */
    public ReceivedMessageAssert hasHeader(String name, String value) {
        isNotNull();
        List<String> values = actual.header(name);
        if (!values.contains(value)) {
            failWithMessage("Expected %s header <%s> on %s but found %s", name, value, actual, values);
        }
        return this;
    }

    public ReceivedMessageAssert hasTextContaining(String text) {
        isNotNull();
        String body = actual.text().orElse(null);
        if (body == null || !body.contains(text)) {
            failWithMessage("Expected the text/plain body of %s to contain <%s> but it was <%s>", actual, text, body);
        }
        return this;
    }

    public ReceivedMessageAssert hasHtmlContaining(String text) {
        isNotNull();
        String body = actual.html().orElse(null);
        if (body == null || !body.contains(text)) {
            failWithMessage("Expected the text/html body of %s to contain <%s> but it was <%s>", actual, text, body);
        }
        return this;
    }

    /** An attachment with this file name. */
    public ReceivedMessageAssert hasAttachment(String name) {
        isNotNull();
        if (actual.attachments().stream().noneMatch(a -> a.name().equals(name))) {
            failWithMessage("Expected %s to have an attachment named <%s> but its attachments were %s", actual, name,
                    actual.attachments());
        }
        return this;
    }

    /** An attachment with this file name, MIME type and decoded size. */
    public ReceivedMessageAssert hasAttachment(String name, String contentType, long size) {
        isNotNull();
        ReceivedMessage.Attachment expected = new ReceivedMessage.Attachment(name, contentType, size);
        if (!actual.attachments().contains(expected)) {
            failWithMessage("Expected %s to have attachment %s but its attachments were %s", actual, expected,
                    actual.attachments());
        }
        return this;
    }

    /** The stored bytes are exactly these. */
    public ReceivedMessageAssert hasRawBytes(byte[] expected) {
        isNotNull();
        byte[] raw = actual.raw();
        if (!Arrays.equals(raw, expected)) {
            int i = 0;
            while (i < Math.min(raw.length, expected.length) && raw[i] == expected[i]) {
                i++;
            }
            failWithMessage("Expected %s to be the %d expected bytes but it has %d bytes and differs from offset %d",
                    actual, expected.length, raw.length, i);
        }
        return this;
    }

    /** The stored text (bytes as ISO-8859-1) contains this. */
    public ReceivedMessageAssert rawContains(String text) {
        isNotNull();
        if (!actual.rawText().contains(text)) {
            failWithMessage("Expected the stored bytes of %s to contain <%s>", actual, text);
        }
        return this;
    }

    /** A flag ({@code \Seen}…) or keyword is set. */
    public ReceivedMessageAssert hasFlag(String flag) {
        isNotNull();
        if (actual.flags().stream().noneMatch(f -> f.equalsIgnoreCase(flag))) {
            failWithMessage("Expected %s to have flag %s but its flags were %s", actual, flag, actual.flags());
        }
        return this;
    }

    private ReceivedMessageAssert hasIn(String header, List<String> values, String address) {
        isNotNull();
        if (values.stream().noneMatch(a -> a.equalsIgnoreCase(address))) {
            failWithMessage("Expected %s to have <%s> in %s but %s was %s", actual, address, header, header, values);
        }
        return this;
    }
}
