package dev.gemmastreams.engine.safety.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SsaRulesTest {

    @Test
    void ordinaryNumberIsIssuable() {
        assertThat(SsaRules.isIssuable("536221847")).isTrue();
    }

    @Test
    void area000IsNeverIssued() {
        assertThat(SsaRules.isIssuable("000123456")).isFalse();
    }

    @Test
    void area666IsNeverIssued() {
        assertThat(SsaRules.isIssuable("666123456")).isFalse();
    }

    @Test
    void areasNextTo666AreIssuable() {
        assertThat(SsaRules.isIssuable("665123456")).isTrue();
        assertThat(SsaRules.isIssuable("667123456")).isTrue();
    }

    @Test
    void areas900To999AreNeverIssued() {
        assertThat(SsaRules.isIssuable("900123456")).isFalse();
        assertThat(SsaRules.isIssuable("999123456")).isFalse();
        assertThat(SsaRules.isIssuable("899123456")).isTrue();
    }

    @Test
    void group00IsNeverIssued() {
        assertThat(SsaRules.isIssuable("536001847")).isFalse();
    }

    @Test
    void serial0000IsNeverIssued() {
        assertThat(SsaRules.isIssuable("536220000")).isFalse();
    }

    @Test
    void lowestValidPartsAreIssuable() {
        assertThat(SsaRules.isIssuable("001010001")).isTrue();
    }

    @Test
    void wrongLengthIsRejected() {
        assertThat(SsaRules.isIssuable("53622184")).isFalse();
    }

    @Test
    void numbersTheSsaVoidedOrThatFormsPrintAsSamplesAreNotIssuable() {
        assertThat(SsaRules.isIssuable("078051120")).isFalse();
        assertThat(SsaRules.isIssuable("219099999")).isFalse();
        assertThat(SsaRules.isIssuable("123456789")).isFalse();
    }
}
