package dev.gemmastreams.engine.safety.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IbanRegistryTest {

    @Test
    void validIbanLeavesRemainderOne() {
        assertThat(IbanRegistry.mod97("GB82WEST12345698765432")).isEqualTo(1);
    }

    @Test
    void lettersInsideTheBbanCount() {
        assertThat(IbanRegistry.isValid("FR1420041010050500013M02606")).isTrue();
        assertThat(IbanRegistry.isValid("MT84MALT011000012345MTLCAST001S")).isTrue();
    }

    @Test
    void wrongCheckDigitsFail() {
        assertThat(IbanRegistry.isValid("GB83WEST12345698765432")).isFalse();
    }

    @Test
    void singleChangedBbanDigitFails() {
        assertThat(IbanRegistry.isValid("DE89370400440532013001")).isFalse();
    }

    @Test
    void lengthMustMatchTheCountry() {
        assertThat(IbanRegistry.lengthOf("NO")).isEqualTo(15);
        assertThat(IbanRegistry.isValid("DE8937040044053201300")).isFalse();
    }

    @Test
    void countryWithoutIbanFails() {
        assertThat(IbanRegistry.lengthOf("US")).isZero();
        assertThat(IbanRegistry.isValid("US12345678901234567890")).isFalse();
    }

    @Test
    void lowerCaseIsNotTheElectronicFormat() {
        assertThat(IbanRegistry.isValid("gb82west12345698765432")).isFalse();
    }
}
