package dev.gemmastreams.engine.safety.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class PhoneIslandsTest {

    @Test
    void aRunOfPhoneCharactersWithEnoughDigitsIsAnIslandWithItsMargins() {
        String text = "Tel: (51) 91783-6862, fax";
        List<int[]> islands = PhoneIslands.of(text, 6, 3);
        assertThat(islands).hasSize(1);
        assertThat(text.substring(islands.get(0)[0], islands.get(0)[1])).isEqualTo("el: (51) 91783-6862, f");
    }

    @Test
    void digitsApartByCommasPipesOrColonsAreNoIsland() {
        assertThat(PhoneIslands.of("1,".repeat(10_000), 6, 3)).isEmpty();
        assertThat(PhoneIslands.of("|1".repeat(10_000), 6, 3)).isEmpty();
        assertThat(PhoneIslands.of("12,345,678 and 12:34:56", 6, 3)).isEmpty();
    }

    @Test
    void eachRunIsItsOwnIslandHoweverCloseTheNextOne() {
        String csv = "id,value\n236,4827364\n551,2837465\n";
        List<int[]> islands = PhoneIslands.of(csv, 6, 3);
        assertThat(islands).hasSize(2);
        assertThat(csv.substring(islands.get(1)[0], islands.get(1)[1])).isEqualTo("51,2837465\n");
    }

    @Test
    void aRunLongerThanAnyNumberIsReadInOverlappingWindows() {
        String run = "12 ".repeat(1_000);
        List<int[]> islands = PhoneIslands.of(run, 6, 3);
        assertThat(islands).hasSizeGreaterThan(10)
                .allSatisfy(island -> assertThat(island[1] - island[0]).isLessThanOrEqualTo(PhoneIslands.WINDOW + 6));
        assertThat(islands.get(0)[0]).isZero();
        assertThat(islands.get(islands.size() - 1)[1]).isEqualTo(run.length());
        for (int k = 1; k < islands.size(); k++) {
            assertThat(islands.get(k - 1)[1] - islands.get(k)[0]).isGreaterThanOrEqualTo(PhoneIslands.OVERLAP);
        }
    }

    @Test
    void blotsOutTheDigitsOfRunsTooShortForAnyNumber() {
        String text = "1,22|(333) 4444 x";
        MaskedText masked = new MaskedText(text);
        PhoneIslands.maskShortRuns(text, masked, 3);
        char m = MaskedText.MASK;
        assertThat(masked.toString()).isEqualTo(m + "," + m + m + "|(333) 4444 x");
    }

    @Test
    void keepsTheMinutesAfterATimeStampForLibphonenumbersGuard() {
        String text = "at 20240105 12:30 ok, 11:11";
        MaskedText masked = new MaskedText(text);
        PhoneIslands.maskShortRuns(text, masked, 3);
        char m = MaskedText.MASK;
        assertThat(masked.toString()).isEqualTo("at 20240105 12:30 ok, " + m + m + ":" + m + m);
    }
}
