package dev.gemmastreams.engine.safety.pii;

import static dev.gemmastreams.engine.safety.pii.DetectorAssertions.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailDetectorTest {

    private final EmailDetector detector = new EmailDetector();

    @Test
    void findsSimpleAddress() {
        assertThat(found(detector, "mail john.doe@example.com now")).containsExactly("john.doe@example.com");
    }

    @Test
    void keepsPlusTag() {
        assertThat(found(detector, "jane+billing@example.org")).containsExactly("jane+billing@example.org");
    }

    @Test
    void keepsSubdomains() {
        assertThat(found(detector, "a@mail.eu.example.co.uk")).containsExactly("a@mail.eu.example.co.uk");
    }

    @Test
    void ignoresSshLoginsInScpSyntaxAndUrls() {
        assertThat(found(detector, "git clone git@github.com:example/repo.git")).isEmpty();
        assertThat(found(detector, "remote add origin ssh://git@git.example.org:2222/team/app.git")).isEmpty();
    }

    @Test
    void keepsAnAddressBeforeAColonThatEndsAClause() {
        assertThat(found(detector, "write to ops@example.com: we answer")).containsExactly("ops@example.com");
        assertThat(found(detector, "mailto:ops@example.com")).containsExactly("ops@example.com");
    }

    @Test
    void excludesTrailingSentencePunctuation() {
        assertThat(found(detector, "Write to support@example.com. Or sales@example.com!"))
                .containsExactly("support@example.com", "sales@example.com");
    }

    @Test
    void excludesAngleBracketsAndQuotes() {
        assertThat(found(detector, "<a@example.com>, 'b@example.com'")).containsExactly("a@example.com", "b@example.com");
    }

    @Test
    void acceptsUnicodeLocalPart() {
        assertThat(found(detector, "josé.garcía@example.com")).containsExactly("josé.garcía@example.com");
    }

    @Test
    void acceptsPunycodeTopLevelDomain() {
        assertThat(found(detector, "user@example.xn--p1ai")).containsExactly("user@example.xn--p1ai");
    }

    @Test
    void splitsFromSurroundingCjkText() {
        assertThat(found(detector, "メールはyamada@example.jpまで")).containsExactly("yamada@example.jp");
    }

    @Test
    void excludesLogKeyBeforeTheAddress() {
        assertThat(found(detector, "user=alice@example.com")).containsExactly("alice@example.com");
    }

    @Test
    void rejectsHostWithoutTopLevelDomain() {
        assertThat(found(detector, "root@localhost and admin@example")).isEmpty();
    }

    @Test
    void rejectsNumericTopLevelDomain() {
        assertThat(found(detector, "a@example.123")).isEmpty();
    }

    @Test
    void rejectsLocalPartEndingInDot() {
        assertThat(found(detector, "end.@example.com")).isEmpty();
    }

    @Test
    void rejectsLabelEndingInDash() {
        assertThat(found(detector, "user@example-.com")).isEmpty();
    }

    @Test
    void rejectsBareAtSign() {
        assertThat(found(detector, "meet @ 5pm, @handle")).isEmpty();
    }

    @Test
    void rejectsOverlongLocalPart() {
        assertThat(found(detector, "a".repeat(100) + "@example.com")).isEmpty();
    }

    @Test
    void rejectsFileNameWithAtSign() {
        assertThat(found(detector, "icon photo@2x.png")).isEmpty();
    }

    @Test
    void aMessageIdNamesAMessageNotAMailbox() {
        assertThat(found(detector, "Message-ID: <CAB7x2fZq9=Kp4mH1r@mail.example.com>")).isEmpty();
        assertThat(found(detector, "In-Reply-To: <20250311.4471@support.example.com>")).isEmpty();
        String folded = "References: <a1@mail.example.org>\n <CAH+x9=abc@mail.example.com>\nTo: bo@example.com";
        assertThat(found(detector, folded))
                .containsExactly("bo@example.com");
        assertThat(found(detector, "From: Ann <ann@example.com>\nReturn-Path: <bounce@example.com>"))
                .containsExactly("ann@example.com", "bounce@example.com");
    }

    @Test
    void aSipUriIsNoMailbox() {
        assertThat(found(detector, "To: <sip:alice@voip.example.com>, sips:+4930123456@pbx.example.de")).isEmpty();
    }

    @Test
    void ignoresAMessageIdNamedByAKeyInsideALine() {
        assertThat(found(detector, "1tIxyz-0004Ab-3Q Completed QT=1.204s, message-id 4471.1293@example.net")).isEmpty();
        assertThat(found(detector, "spamd: result: . 0 - msgid=<ab12@mail.example.com>")).isEmpty();
    }

    @Test
    void ignoresTheIdKeyOfAnEximArrivalLineOnly() {
        assertThat(found(detector, "1tIxyz-0004Ab-3Q <= maria@example.es H=mail.example.es id=CAF4471@mail.example.es"))
                .containsExactly("maria@example.es");
        assertThat(found(detector, "login ok id=maria@example.es")).as("no Exim message id on the line")
                .containsExactly("maria@example.es");
    }

    @Test
    void findsAnAddressBeforeAnEdifactQualifier() {
        assertThat(found(detector, "CTA+IC+:Jane Roe'\nCOM+jane.roe@example.com:EM'")).containsExactly("jane.roe@example.com");
    }
}
