package dev.o365emulator.server.internal.smtp;

/**
 * Which of Office 365's two wordings a SendAs refusal takes after the body (both captured in client
 * issue threads, e.g. rss2email issue 147 on GitHub for the older one):
 * the current {@code 554 5.2.252 SendAsDenied; …} or the older {@code 554 5.2.0 STOREDRV…}, which
 * clients written years ago may still parse.
 */
public enum SendAsDeniedForm {
    /** {@code 554 5.2.252 SendAsDenied; <login> not allowed to send as <from>; STOREDRV.Submission.Exception:…}. */
    CURRENT,
    /** {@code 554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; …}. */
    LEGACY
}
