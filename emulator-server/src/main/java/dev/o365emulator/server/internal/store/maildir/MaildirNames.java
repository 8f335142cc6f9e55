package dev.o365emulator.server.internal.store.maildir;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Folder names as Maildir++ directories: {@code INBOX} is the mailbox directory itself, any other folder
 * is {@code .<name>} with {@code .} between the levels ({@code Projects/2026} is {@code .Projects.2026}).
 *
 * <p>Each level is written in IMAP's modified UTF-7 (RFC 3501 §5.1.3), as Dovecot writes Maildir++ names:
 * {@code Entwürfe} is {@code .Entw&APw-rfe}. A {@code .} inside a level, which Maildir++ would read as a
 * level separator, is written the same way ({@code v1.2} is {@code .v1&AC4-2}): a modified UTF-7 decoder
 * gives the {@code .} back. A directory name longer than {@value #MAX_DIRECTORY_NAME} bytes, the common
 * file system limit, cannot be made.
 */
final class MaildirNames {
    static final int MAX_DIRECTORY_NAME = 255;
    static final String INBOX = "INBOX";

    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private MaildirNames() {
    }

    /** The directory of a folder within its mailbox directory: empty for INBOX, {@code .Sent Items} … */
    static String directory(String folder) {
        if (folder.equals(INBOX)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String level : folder.split("/", -1)) {
            out.append('.').append(encode(level));
        }
        return out.toString();
    }

    /** The folder a directory name stands for, or empty when it is not a Maildir++ folder name. */
    static Optional<String> folder(String directory) {
        if (directory.length() < 2 || directory.charAt(0) != '.' || directory.charAt(1) == '.') {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        for (String level : directory.substring(1).split("\\.", -1)) {
            if (level.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> decoded = decode(level);
            if (decoded.isEmpty()) {
                return Optional.empty();
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(decoded.get());
        }
        return Optional.of(out.toString());
    }

    /** One level in modified UTF-7, with {@code .} and {@code /} encoded too. */
    static String encode(String level) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < level.length()) {
            char c = level.charAt(i);
            if (c == '&') {
                out.append("&-");
                i++;
            } else if (c >= 0x20 && c <= 0x7e && c != '.' && c != '/') {
                out.append(c);
                i++;
            } else {
                int start = i;
                while (i < level.length()) {
                    char d = level.charAt(i);
                    if (d >= 0x20 && d <= 0x7e && d != '.' && d != '/') {
                        break;
                    }
                    i++;
                }
                byte[] utf16 = level.substring(start, i).getBytes(StandardCharsets.UTF_16BE);
                out.append('&').append(ENCODER.encodeToString(utf16).replace('/', ',')).append('-');
            }
        }
        return out.toString();
    }

    /** Decodes one level; empty when it is not valid modified UTF-7. */
    static Optional<String> decode(String level) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < level.length()) {
            char c = level.charAt(i);
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int end = level.indexOf('-', i + 1);
            if (end < 0) {
                return Optional.empty();
            }
            if (end == i + 1) {
                out.append('&');
            } else {
                try {
                    byte[] utf16 = DECODER.decode(level.substring(i + 1, end).replace(',', '/'));
                    if (utf16.length % 2 != 0) {
                        return Optional.empty();
                    }
                    out.append(new String(utf16, StandardCharsets.UTF_16BE));
                } catch (IllegalArgumentException notBase64) {
                    return Optional.empty();
                }
            }
            i = end + 1;
        }
        return Optional.of(out.toString());
    }

    /** Whether a mailbox address can be a directory name as it is. */
    static boolean isMailboxDirectory(String address) {
        return address.indexOf('@') > 0 && address.indexOf('/') < 0 && address.indexOf('\0') < 0
                && !address.startsWith(".") && address.getBytes(StandardCharsets.UTF_8).length <= MAX_DIRECTORY_NAME;
    }
}
