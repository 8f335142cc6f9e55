package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.SearchKey;
import dev.o365emulator.codec.imap.SearchKey.Contains;
import dev.o365emulator.codec.imap.SearchKey.DateKey;
import dev.o365emulator.codec.imap.SearchKeys;
import dev.o365emulator.server.internal.store.Envelope;
import dev.o365emulator.server.internal.store.EnvelopeAddress;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.Flags.SystemFlag;
import dev.o365emulator.server.internal.store.MessageHandle;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates SEARCH keys (RFC 3501 §6.4.4) against stored messages.
 *
 * <p>Text keys (FROM, SUBJECT, HEADER, BODY, TEXT, …) are case-insensitive substring matches on RFC 2047
 * decoded header values and on the transfer-decoded body text converted to Unicode. BEFORE/ON/SINCE
 * compare the internal date's day in UTC; SENTBEFORE/SENTON/SENTSINCE the day written in the Date header
 * (its own zone), falling back to the internal date when the header is missing or unreadable, as Dovecot
 * does.
 *
 * <p>The store keeps no {@code \Recent} and Exchange always reports {@code * 0 RECENT}, so RECENT matches
 * nothing, NEW (RECENT UNSEEN) matches nothing and OLD (NOT RECENT) matches everything.
 */
public final class SearchEvaluator {

    private static final Pattern DATE = Pattern.compile(
            "(?:^|[\\s,])(\\d{1,2})\\s+([A-Za-z]{3})[A-Za-z]*\\.?\\s+(\\d{2,4})(?:\\s|$)");
    private static final List<String> MONTHS = List.of(
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    private SearchEvaluator() {
    }

    /** Whether the message matches; maxSequence/maxUid resolve '*'. */
    public static boolean matches(SearchKey key, long sequence, MessageHandle message, long maxSequence, long maxUid) {
        return new Evaluation(sequence, message, maxSequence, maxUid).matches(key, 0);
    }

    /** One message's evaluation; its searchable text is decoded at most once, and only if a key needs it. */
    private static final class Evaluation {

        private final long sequence;
        private final MessageHandle message;
        private final long maxSequence;
        private final long maxUid;
        private final SearchText text;

        Evaluation(long sequence, MessageHandle message, long maxSequence, long maxUid) {
            this.sequence = sequence;
            this.message = message;
            this.maxSequence = maxSequence;
            this.maxUid = maxUid;
            this.text = new SearchText(message.message());
        }

        boolean matches(SearchKey key, int depth) {
            // The codec bounds nesting; this guards a tree built by other code.
            if (depth > 4 * SearchKeys.MAX_DEPTH) {
                throw new IllegalArgumentException("search keys nested too deeply");
            }
            if (key instanceof SearchKey.Simple simple) {
                return simple(simple);
            } else if (key instanceof SearchKey.And and) {
                for (SearchKey k : and.keys()) {
                    if (!matches(k, depth + 1)) {
                        return false;
                    }
                }
                return true;
            } else if (key instanceof SearchKey.Or or) {
                return matches(or.left(), depth + 1) || matches(or.right(), depth + 1);
            } else if (key instanceof SearchKey.Not not) {
                return !matches(not.key(), depth + 1);
            } else if (key instanceof Contains contains) {
                return contains(contains);
            } else if (key instanceof SearchKey.Header header) {
                for (String value : text.header(header.name())) {
                    if (SearchText.contains(value, header.value())) {
                        return true;
                    }
                }
                return false;
            } else if (key instanceof SearchKey.Keyword keyword) {
                return hasKeyword(message.flags(), keyword.flag()) == keyword.present();
            } else if (key instanceof SearchKey.Size size) {
                long octets = message.message().size();
                return size.larger() ? octets > size.octets() : octets < size.octets();
            } else if (key instanceof DateKey date) {
                return date(date);
            } else if (key instanceof SearchKey.Uid uid) {
                return uid.set().contains(message.uid(), maxUid);
            } else if (key instanceof SearchKey.Sequence set) {
                return set.set().contains(sequence, maxSequence);
            }
            throw new IllegalArgumentException("unknown search key " + key);
        }

        private boolean simple(SearchKey.Simple key) {
            Flags flags = message.flags();
            return switch (key) {
                case ALL, OLD -> true;
                case RECENT, NEW -> false;
                case ANSWERED -> flags.contains(SystemFlag.ANSWERED);
                case DELETED -> flags.contains(SystemFlag.DELETED);
                case DRAFT -> flags.contains(SystemFlag.DRAFT);
                case FLAGGED -> flags.contains(SystemFlag.FLAGGED);
                case SEEN -> flags.contains(SystemFlag.SEEN);
                case UNANSWERED -> !flags.contains(SystemFlag.ANSWERED);
                case UNDELETED -> !flags.contains(SystemFlag.DELETED);
                case UNDRAFT -> !flags.contains(SystemFlag.DRAFT);
                case UNFLAGGED -> !flags.contains(SystemFlag.FLAGGED);
                case UNSEEN -> !flags.contains(SystemFlag.SEEN);
            };
        }

        private boolean contains(Contains key) {
            return switch (key.field()) {
                case BODY -> SearchText.contains(text.bodyText(), key.value());
                case TEXT -> SearchText.contains(text.headerText(), key.value())
                        || SearchText.contains(text.bodyText(), key.value());
                default -> {
                    String name = key.field() == SearchKey.Field.SUBJECT ? "Subject"
                            : key.field().name().charAt(0) + key.field().name().substring(1).toLowerCase(Locale.ROOT);
                    for (String value : text.header(name)) {
                        if (SearchText.contains(value, key.value())) {
                            yield true;
                        }
                    }
                    yield anAddressContains(key);
                }
            };
        }

        /**
         * FROM, TO, CC and BCC also match the parsed addresses, as the ENVELOPE shows them: comments
         * ({@code <user (comment)@ (comment) domain.org>}) are not part of the address a client searches for.
         */
        private boolean anAddressContains(Contains key) {
            Envelope envelope = message.message().structure().envelope();
            List<EnvelopeAddress> addresses = switch (key.field()) {
                case FROM -> envelope.from();
                case TO -> envelope.to();
                case CC -> envelope.cc();
                case BCC -> envelope.bcc();
                default -> List.of();
            };
            for (EnvelopeAddress address : addresses) {
                if (!address.groupMarker()
                        && SearchText.contains(address.mailbox() + "@" + address.host(), key.value())) {
                    return true;
                }
            }
            return false;
        }

        private boolean date(DateKey key) {
            LocalDate day = switch (key.field()) {
                case BEFORE, ON, SINCE -> internalDay();
                case SENTBEFORE, SENTON, SENTSINCE -> sentDay();
            };
            return switch (key.field()) {
                case BEFORE, SENTBEFORE -> day.isBefore(key.date());
                case ON, SENTON -> day.isEqual(key.date());
                case SINCE, SENTSINCE -> !day.isBefore(key.date());
            };
        }

        private LocalDate internalDay() {
            return LocalDate.ofInstant(message.message().internalDate(), ZoneOffset.UTC);
        }

        private LocalDate sentDay() {
            for (String value : text.header("Date")) {
                LocalDate day = headerDay(value);
                if (day != null) {
                    return day;
                }
            }
            return internalDay();
        }
    }

    /** The day an RFC 5322 Date header names, in its own zone; {@code null} when unreadable. */
    static LocalDate headerDay(String value) {
        Matcher m = DATE.matcher(value);
        if (!m.find()) {
            return null;
        }
        int month = MONTHS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
        int year = Integer.parseInt(m.group(3));
        // RFC 5322 §4.3: two-digit years below 50 are 20xx, others (and three digits) add 1900.
        if (m.group(3).length() == 2) {
            year += year < 50 ? 2000 : 1900;
        } else if (m.group(3).length() == 3) {
            year += 1900;
        }
        try {
            return month == 0 ? null : LocalDate.of(year, month, Integer.parseInt(m.group(1)));
        } catch (java.time.DateTimeException invalid) {
            return null;
        }
    }

    /** Keywords compare case-insensitively; {@code KEYWORD \Seen} is read as the system flag. */
    private static boolean hasKeyword(Flags flags, String flag) {
        if (flag.startsWith("\\")) {
            for (SystemFlag system : SystemFlag.values()) {
                if (system.imapName().equalsIgnoreCase(flag)) {
                    return flags.contains(system);
                }
            }
            return false;
        }
        for (String keyword : flags.keywords()) {
            if (keyword.equalsIgnoreCase(flag)) {
                return true;
            }
        }
        return false;
    }
}
