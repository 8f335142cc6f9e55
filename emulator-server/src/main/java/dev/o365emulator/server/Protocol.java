package dev.o365emulator.server;

/** The three mail protocols Office 365 serves to clients. */
public enum Protocol {
    SMTP,
    IMAP,
    POP3
}
