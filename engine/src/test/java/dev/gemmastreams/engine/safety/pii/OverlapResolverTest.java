package dev.gemmastreams.engine.safety.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class OverlapResolverTest {

    @Test
    void longestOfOverlappingFindingsWins() {
        Finding card = new Finding(PiiType.CREDIT_CARD, 0, 19);
        Finding phone = new Finding(PiiType.PHONE, 5, 14);
        assertThat(OverlapResolver.resolve(List.of(phone, card))).containsExactly(card);
    }

    @Test
    void moreSpecificTypeWinsAtEqualLength() {
        Finding ssn = new Finding(PiiType.US_SSN, 3, 14);
        Finding phone = new Finding(PiiType.PHONE, 3, 14);
        assertThat(OverlapResolver.resolve(List.of(phone, ssn))).containsExactly(ssn);
    }

    @Test
    void longerEmailBeatsDigitsInsideIt() {
        Finding email = new Finding(PiiType.EMAIL, 0, 28);
        Finding card = new Finding(PiiType.CREDIT_CARD, 0, 16);
        assertThat(OverlapResolver.resolve(List.of(card, email))).containsExactly(email);
    }

    @Test
    void keepsNonOverlappingFindingsSortedByStart() {
        Finding late = new Finding(PiiType.EMAIL, 20, 30);
        Finding early = new Finding(PiiType.PHONE, 0, 10);
        Finding touching = new Finding(PiiType.IBAN, 10, 20);
        assertThat(OverlapResolver.resolve(List.of(late, early, touching))).containsExactly(early, touching, late);
    }

    @Test
    void dropsExactDuplicates() {
        Finding phone = new Finding(PiiType.PHONE, 0, 10);
        assertThat(OverlapResolver.resolve(List.of(phone, phone))).containsExactly(phone);
    }
}
