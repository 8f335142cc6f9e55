package dev.o365emulator.codec.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SmtpPathParserTest {

    private static SmtpPathParser.MailFrom mail(String argument) {
        SmtpParseResult<SmtpPathParser.MailFrom> result = SmtpPathParser.parseMailFrom(argument);
        assertThat(result).as(argument).isInstanceOf(SmtpParseResult.Parsed.class);
        return ((SmtpParseResult.Parsed<SmtpPathParser.MailFrom>) result).value();
    }

    private static SmtpPathParser.RcptTo rcpt(String argument) {
        SmtpParseResult<SmtpPathParser.RcptTo> result = SmtpPathParser.parseRcptTo(argument);
        assertThat(result).as(argument).isInstanceOf(SmtpParseResult.Parsed.class);
        return ((SmtpParseResult.Parsed<SmtpPathParser.RcptTo>) result).value();
    }

    private static String mailError(String argument) {
        SmtpParseResult<SmtpPathParser.MailFrom> result = SmtpPathParser.parseMailFrom(argument);
        assertThat(result).as(argument).isInstanceOf(SmtpParseResult.Invalid.class);
        return ((SmtpParseResult.Invalid<SmtpPathParser.MailFrom>) result).reason();
    }

    private static String rcptError(String argument) {
        SmtpParseResult<SmtpPathParser.RcptTo> result = SmtpPathParser.parseRcptTo(argument);
        assertThat(result).as(argument).isInstanceOf(SmtpParseResult.Invalid.class);
        return ((SmtpParseResult.Invalid<SmtpPathParser.RcptTo>) result).reason();
    }

    @Test
    void parsesAPlainSenderWithoutParameters() {
        SmtpPathParser.MailFrom from = mail("FROM:<alice@contoso.onmicrosoft.com>");
        assertThat(from.reversePath().address()).isEqualTo("alice@contoso.onmicrosoft.com");
        assertThat(from.parameters()).isEqualTo(MailParameters.NONE);
    }

    @Test
    void parsesTheNullSenderAndToleratesASpaceAfterTheColon() {
        assertThat(mail("from:<>").reversePath().isNull()).isTrue();
        assertThat(mail("FROM: <bob@example.com>").reversePath().domain()).isEqualTo("example.com");
    }

    @Test
    void parsesEveryMailParameter() {
        MailParameters parameters = mail("FROM:<a@b.example> SIZE=1048576 BODY=8bitmime SMTPUTF8 RET=HDRS "
                + "ENVID=QQ314159+2Bx AUTH=<> XFOO=bar").parameters();
        assertThat(parameters.size()).isEqualTo(OptionalLong.of(1_048_576));
        assertThat(parameters.body()).contains(MailParameters.Body.EIGHT_BIT_MIME);
        assertThat(parameters.smtpUtf8()).isTrue();
        assertThat(parameters.ret()).contains(MailParameters.Ret.HDRS);
        assertThat(parameters.envelopeId()).contains("QQ314159+x");
        assertThat(parameters.auth()).contains("<>");
        assertThat(parameters.others()).containsExactly(new EsmtpParameter("XFOO", Optional.of("bar")));
        assertThat(mail("FROM:<a@b.example> BODY=BINARYMIME SIZE=99999999999999999999999").parameters())
                .satisfies(p -> assertThat(p.body()).contains(MailParameters.Body.BINARY_MIME))
                .satisfies(p -> assertThat(p.size()).isEqualTo(OptionalLong.of(Long.MAX_VALUE)));
        assertThat(mail("FROM:<a@b.example> AUTH=e+3Dmc2@example.com").parameters().auth()).contains("e=mc2@example.com");
    }

    @Test
    void parsesQuotedLocalPartsSourceRoutesAndAddressLiterals() {
        assertThat(mail("FROM:<\"john \\\"jd\\\" doe\"@example.com>").reversePath().localPart())
                .isEqualTo("\"john \\\"jd\\\" doe\"");
        assertThat(mail("FROM:<\"a>b\"@example.com>").reversePath().localPart()).isEqualTo("\"a>b\"");
        MailPath routed = mail("FROM:<@relay1.example,@relay2.example:user@example.com>").reversePath();
        assertThat(routed.sourceRoute()).containsExactly("relay1.example", "relay2.example");
        assertThat(routed.address()).isEqualTo("user@example.com");
        assertThat(rcpt("TO:<admin@[192.0.2.1]>").forwardPath().domain()).isEqualTo("[192.0.2.1]");
    }

    @Test
    void parsesUtf8AddressesAndSaysTheyAreNotAscii() {
        MailPath path = mail("FROM:<用户@例子.广告> SMTPUTF8").reversePath();
        assertThat(path.address()).isEqualTo("用户@例子.广告");
        assertThat(path.isAscii()).isFalse();
        assertThat(mail("FROM:<a@b.c>").reversePath().isAscii()).isTrue();
    }

    @Test
    void parsesRecipientsWithDsnParametersAndPostmaster() {
        SmtpPathParser.RcptTo to = rcpt("TO:<bob@fabrikam.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob+40fabrikam.com");
        assertThat(to.forwardPath().address()).isEqualTo("bob@fabrikam.com");
        assertThat(to.parameters().notifyOn()).isEqualTo(Set.of(RcptParameters.Notify.SUCCESS, RcptParameters.Notify.FAILURE));
        assertThat(to.parameters().originalRecipient())
                .contains(new RcptParameters.OriginalRecipient("rfc822", "bob@fabrikam.com"));
        assertThat(rcpt("TO:<bob@fabrikam.com> NOTIFY=NEVER").parameters().notifyOn()).containsExactly(RcptParameters.Notify.NEVER);
        assertThat(rcpt("TO:<Postmaster>").forwardPath().address()).isEqualTo("Postmaster");
    }

    @Test
    void explainsWhyAMalformedSenderIsASyntaxError() {
        assertThat(mailError("FROM:alice@example.com")).contains("<");
        assertThat(mailError("TO:<alice@example.com>")).contains("FROM:");
        assertThat(mailError("FROM:<alice>")).contains("@domain");
        assertThat(mailError("FROM:<alice@example.com")).contains(">");
        assertThat(mailError("FROM:<alice@-bad.com>")).contains("domain");
        assertThat(mailError("FROM:<al..ice@example.com>")).contains("local part");
        assertThat(mailError("FROM:<\"open@example.com>")).contains("quoted");
        assertThat(mailError("FROM:<a@b.c>SIZE=1")).contains("space");
    }

    @Test
    void explainsWhyMalformedParametersAreSyntaxErrors() {
        assertThat(mailError("FROM:<a@b.c> SIZE=ten")).contains("SIZE");
        assertThat(mailError("FROM:<a@b.c> SIZE")).contains("value");
        assertThat(mailError("FROM:<a@b.c> BODY=9BIT")).contains("BODY");
        assertThat(mailError("FROM:<a@b.c> SMTPUTF8=yes")).contains("SMTPUTF8");
        assertThat(mailError("FROM:<a@b.c> RET=ALL")).contains("RET");
        assertThat(mailError("FROM:<a@b.c> ENVID=" + "x".repeat(101))).contains("ENVID");
        assertThat(mailError("FROM:<a@b.c> ENVID=a+zz")).contains("xtext");
        assertThat(mailError("FROM:<a@b.c> SIZE=1 size=2")).contains("twice");
        assertThat(mailError("FROM:<a@b.c> -X=1")).contains("keyword");
        assertThat(rcptError("TO:<>")).contains("null path");
        assertThat(rcptError("TO:<b@c.d> NOTIFY=NEVER,DELAY")).contains("NEVER");
        assertThat(rcptError("TO:<b@c.d> NOTIFY=SOMETIMES")).contains("NOTIFY");
        assertThat(rcptError("TO:<b@c.d> ORCPT=bob@c.d")).contains("ORCPT");
    }

    @Test
    void keepsUnknownRecipientParametersInOrder() {
        assertThat(rcpt("TO:<b@c.d> XA=1 XB").parameters().others()).isEqualTo(List.of(
                new EsmtpParameter("XA", Optional.of("1")), new EsmtpParameter("XB", Optional.empty())));
    }
}
