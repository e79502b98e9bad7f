package dev.gemmastreams.engine.safety.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * US social security numbers written AAA-GG-SSSS or AAA GG SSSS, and bare nine-digit numbers only right after a
 * label such as "SSN" or in a table column headed so (nine bare digits are too common otherwise), and nine single
 * digits one space apart (form boxes) only right after such a label. Every number must pass {@link SsaRules}, and a
 * word before it that names another kind of number ("SKU 400-88-1234", "order ...") rules it out, unless it is a
 * TIN written 3-2-4.
 */
public final class UsSsnDetector implements PiiTypeDetector {

    /**
     * A label, then up to a few characters of punctuation or words like "no." before the number; a short
     * parenthetical may sit between ("SSN (9 digits, no dashes): "), and the label may itself close a parenthesis
     * that names a form's field ("I.D. NUMBER (SSN): ").
     */
    private static final Pattern LABEL_BEFORE = Pattern.compile(
            "(?i)(?:\\bSSN|\\bSS#|\\bsocial\\s+security(?:\\s+(?:number|no\\.?|#))?)\\)?\\s*(?:#|no\\.?|number)?"
                    + "\\s*(?:\\([^()\\d]{0,20}\\d?[^()\\d]{0,20}\\)\\s*)?[:=#]?\\s*[\"']?$");

    /**
     * Room for the longest label ("social security number", 22), the longest parenthetical the label pattern allows
     * (43) and punctuation: at 40, "Social security number (as keyed by the vendor portal): " lost its label.
     */
    private static final int LABEL_WINDOW = 72;

    /**
     * "RECIPIENT'S TIN 441-72-2901": on US tax forms a taxpayer identification number written 3-2-4 is an
     * individual's SSN (an EIN is written NN-NNNNNNN, an ITIN's 9xx area fails the SSA rules). Only for the 3-2-4
     * form: an EIN is nine digits too, so "TIN 123456789" stays unlabelled. "Taxpayer ID" and "taxpayer
     * identification number" spelled out are the same label (an IRS notice's "Taxpayer ID 219-44-7310").
     */
    private static final Pattern TIN_LABEL_BEFORE = Pattern.compile(
            "(?i)(?:(?<![\\p{L}\\d])TIN|\\btaxpayer\\s+(?:id|identification))(?:\\s*(?:#|no\\.?|number))?\\s*[:=#]?\\s*$");

    /** Form boxes and OCR: nine single digits, one space apart ("6 1 2 3 4 5 7 8 9"). */
    private static final int BOXED_DIGITS = 9;

    /** A table column of SSNs: "name,ssn", "| Social Security Number |", "employee_ssn". */
    private static final Pattern SSN_HEADER = Pattern.compile(
            "(?i)(?:\\w+[ _-])?(?:ssn|ss#|social[ _-]security(?:[ _-](?:number|no\\.?|#))?)");

    @Override
    public PiiType type() {
        return PiiType.US_SSN;
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> findings = new ArrayList<>();
        for (DigitGroupRun run : DigitGroupRun.findAll(text, " -")) {
            findInRun(text, run, findings);
        }
        return findings;
    }

    private void findInRun(String text, DigitGroupRun run, List<Finding> findings) {
        if (isBoxedAfterLabel(text, run)) {
            findings.add(new Finding(PiiType.US_SSN, run.groupStart(0), run.groupEnd(BOXED_DIGITS - 1)));
            return;
        }
        if (run.groupCount() == 1) {
            if (run.groupLength(0) == 9 && isLabelled(text, run.groupStart(0))
                    && SsaRules.isIssuable(run.digits(text, 0, 0))) {
                findings.add(new Finding(PiiType.US_SSN, run.groupStart(0), run.groupEnd(0)));
            }
            return;
        }
        // A 3-2-4 layout must be the whole run: "1 536-22-1847" or "536-22-1847-9" are other numbers.
        if (run.groupCount() == 3 && run.groupLength(0) == 3 && run.groupLength(1) == 2 && run.groupLength(2) == 4
                && run.sameSeparatorBetween(text, 0, 2)
                && SsaRules.isIssuable(run.digits(text, 0, 2))
                && (isLabelled(text, run.groupStart(0)) || isTinLabelled(text, run.groupStart(0))
                        || !PhoneCandidateFilter.hasOtherNumberCueBefore(text, run.groupStart(0)))) {
            findings.add(new Finding(PiiType.US_SSN, run.groupStart(0), run.groupEnd(2)));
        }
    }

    /**
     * "Your social security number 6 1 2 3 4 5 7 8 9": an SSN printed digit by digit in a form's boxes (or so read
     * by OCR). Nine single digits are too common to take without the label right before them.
     */
    private static boolean isBoxedAfterLabel(String text, DigitGroupRun run) {
        if (run.groupCount() != BOXED_DIGITS) {
            return false;
        }
        for (int g = 0; g < BOXED_DIGITS; g++) {
            if (run.groupLength(g) != 1 || (g > 0 && text.charAt(run.groupStart(g) - 1) != ' ')) {
                return false;
            }
        }
        return hasLabelBefore(text, run.groupStart(0)) && SsaRules.isIssuable(run.digits(text, 0, BOXED_DIGITS - 1));
    }

    private static boolean isLabelled(String text, int numberStart) {
        return hasLabelBefore(text, numberStart)
                || SSN_HEADER.matcher(TableHeaders.headerAbove(text, numberStart)).matches();
    }

    private static boolean hasLabelBefore(String text, int numberStart) {
        int from = Math.max(0, numberStart - LABEL_WINDOW);
        return LABEL_BEFORE.matcher(text.subSequence(from, numberStart)).find();
    }

    private static boolean isTinLabelled(String text, int numberStart) {
        int from = Math.max(0, numberStart - LABEL_WINDOW);
        return TIN_LABEL_BEFORE.matcher(text.subSequence(from, numberStart)).find();
    }
}
