package dev.gemmastreams.engine.safety.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LuhnTest {

    @Test
    void documentedTestCardNumberPasses() {
        assertThat(Luhn.isValid("4111111111111111")).isTrue();
    }

    @Test
    void oddLengthNumberPasses() {
        assertThat(Luhn.isValid("378282246310005")).isTrue();
    }

    @Test
    void changingTheLastDigitFails() {
        assertThat(Luhn.isValid("4111111111111112")).isFalse();
    }

    @Test
    void swappingTwoAdjacentDigitsFails() {
        assertThat(Luhn.isValid("79927398713")).isTrue();
        assertThat(Luhn.isValid("97927398713")).isFalse();
    }

    @Test
    void doubledDigitsAboveNineAreReducedByNine() {
        // 5 doubles to 10 -> 1; "59" -> 1 + 9 = 10
        assertThat(Luhn.isValid("59")).isTrue();
    }

    @Test
    void emptyInputFails() {
        assertThat(Luhn.isValid("")).isFalse();
    }

    @Test
    void nonDigitFails() {
        assertThat(Luhn.isValid("4111 1111 1111 1111")).isFalse();
    }
}
