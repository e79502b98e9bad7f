package dev.gemmastreams.engine.safety.pii;

import java.util.regex.Pattern;

/**
 * Second opinion on a libphonenumber match, from the text around it. libphonenumber knows which digit strings can
 * be phone numbers; it cannot know that "15.03.2024" is a date, "10.0.19045" a build, or "Order 2015550123" an order.
 */
final class PhoneCandidateFilter {

    private static final Pattern DATE = Pattern.compile(
            "\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4}");

    /**
     * Cues before a number that say it is a phone number: phone nouns, and the verb "call" in the languages of the
     * regions tried (llame, chiama, appelez, ruf, bel, zadzwoń, volejte, hívjon, soita, helista, skambinkite, gọi,
     * hubungi...) and the Arabic "contact" (تواصل, with its prefixes); words must start a word, and up to three
     * short words may follow them ("call me on", "ring til os på"). Arabic writes its article and one-letter
 * conjunctions and prepositions onto the word (الاتصال "the calling", الرقم "the number"): they do not
 * count as letters of it. "Write me at" (escríbeme al, me escreve no) is how chat gives a messaging number.
     * A hotline, a Korean customer centre (고객센터) or main number (대표번호), an SMS's closing "Info": a service
     * number, which ends such a message; Latvian "call back" (atzvanīt), Vietnamese "phone" (điện thoại, SĐT) and
     * "switchboard" (tổng đài), Georgian "phone", "tel.", "mobile" (ტელეფონი, ტელ., მობილური), "call"
     * (დარეკეთ) and "contact us" (დაგვიკავშირდით). "Info" counts only as the word itself, not information.
     * "Contact" as the Nordic, German and Slavic languages spell it (Ta kontakt på, Kontakt:), Icelandic "call"
     * and "phone" (hringið, sími), Mongolian "phone" (утас), Maltese "call" (ċempel), Slovenian "call" (kličite).
     */
    private static final Pattern PHONE_CUE_BEFORE = Pattern.compile(
            "(?iU)(?:\\b(?:[وفبل]?ال)?(?:tel|phone|mob|cell|fax|call|ring|contact|whatsapp|sms|handy|telefon|telefono"
                    + "|teléfono|téléphone|tél|portable|móvil|cellulare|telefoonnummer|telefoon|numer|nummer|número"
                    + "|numéro|numero|tlf|tfn|puh|gsm|телефон|тел|τηλ|κινητ|هاتف|جوال|الجوال|फ़ोन|फोन"
                    + "|llam|llám|chiam|appel|anruf|ruf|bel\\b|zadzwo|dzwo|volej|zavolej|volaj|zavolaj|hív|soit"
                    + "|helist|zvan|skambin|nazov|nazv|pokli|sunați|sună|lig[au]|позвон|звон|arayın|gọi|hubungi"
                    + "|piga|tawag|התקשר|חייג|اتصل|اتصال|للتواصل|التواصل|تواصل|تماس|تلفن|कॉल"
                    + "|موبايل|محمول|escrib|escrev|hotline|helpline|atzvan|piezvan|điện\\s+thoại|sđt|tổng\\s+đài"
                    + "|ტელეფონ|ტელ(?=[.:])|მობილურ|მობ(?=[.:])|დარეკ|დაგვიკავშირდ|დაგვირეკ"
                    + "|kontakt|hring|sím[ia]|símanúmer|утас|ċempel|cempel|klič)"
                    + "\\w{0,8}(?:\\s+(?:ال)?\\p{L}{1,4}){0,3}|(?:電話|携帯|手机|电话|휴대폰|전화)(?:番号|号码|号|번호)?"
                    + "|고객센터|콜센터|대표번호|연락처|\\binfo(?:line|tel|telefon)?|☎|📞)[^\\p{L}\\d]{0,12}$");

    /**
     * Cues before a number that say it is something else: orders, invoices, serials, tax and company numbers (in the
     * languages of the regions tried: adószám, DIČ, OIB, ΑΦΜ, P.IVA...), airline tickets (e-billet, EMD), air
     * waybills (AWB, and a forwarder's master and house waybills MAWB, HAWB), book ids (ISBN, "ISBN-10"), health
     * service numbers (NHS, MRN), and counts ("Views 98 765 432", population); the label may be followed by its
     * "number" or "no." ("NHS Number: 943 476 5919"). Specimens, samples, insurance policies and claims, batches:
     * their labels may be written as one word with their "number" (Polisnummer, Schadennummer, Chargennummer), and a
     * claim needs its number word ("Claims: 0800 ..." is a claims line). A label in capitals or camel case that ends
     * in "ID" (X-ABUID, UserId, CustomerID) names an identifier. A VAT id is its country's two-letter code, glued or
     * spaced, before the digits ("USt-IdNr. DE 812 345 678", "VAT Reg. No. GB 123 4567 89"): the code may stand
     * between the label and the number. A route's AS path ("AS path: 65010 64496 I") lists AS numbers. Arabic
     * names an invoice, receipt or order before its number, perhaps with an adjective or two and its "number"
     * (فاتورة ضريبية مبسطة رقم, "simplified tax invoice number").
     * National and tax ids, passports and references that a phone's digits can look like: a US employer's FEIN,
     * India's Aadhaar, passports, the Nordic personal and company numbers (personnummer, organisationsnummer,
     * CPR, CVR, henkilötunnus), the Dutch BSN, the Polish PESEL, the Russian СНИЛС, ИНН and ОГРН, a Canadian SIN
     * or NAS (in capitals, right before the number: "sin" is Spanish "without"), a French SIREN after "RCS" and
     * its registry's city ("RCS Paris 912 345 678"), the Croatian payment reference "poziv na broj" and its model
     * ("HR01"), a baggage tag, Korean listing, order, booking, registration and account numbers (매물번호, 주문번호...;
     * 전화번호 is a phone cue, read first), and a singular "Claim" right before its number. An account ("Account
     * 4471-12938-0" on a bill) and an application number, in Hindi too (आवेदन संख्या, खाता संख्या; संख्या alone is
     * any "number", a mobile's too).
     */
    private static final Pattern OTHER_NUMBER_CUE_BEFORE = Pattern.compile(
            "(?iU)(?:\\b(?:specimen|sample|accession|polis|póliza|polizza|apólice|polisa|batch|chargen|schaden"
                    + "|sinistre|siniestro|sinistro)"
                    + "(?:[-\\s]?(?:nummer|nr\\.?|number|no\\.?|num\\.?|número|numero|numéro))?"
                    + "|\\bclaim\\s*(?:number|no\\.?|nr\\.?|num\\.?|#|id)|\\bclaim(?=\\s$)"
                    + "|(?-i:\\bSIN|\\bNAS)(?=\\s$)"
                    + "|(?:매물|주문|접수|예약|등록|운송장|송장|계좌|고객|회원|사건|승인|거래)번호"
                    + "|(?-i:\\b[A-Z][A-Za-z-]*(?:ID|Id))"
                    + "|\\b(?:awb|mawb|hawb|air\\s?waybill|waybill|isbn(?:-?1[03])?"
                    + "|order|invoice|ticket|tracking|ref|reference|issn|id|no\\.|nr\\.?|bestellung"
                    + "|bestellnummer|rechnung|commande|facture|pedido|factura|ordine|fattura|bestelling|factuur"
                    + "|zamówienie|faktura|sku|serial|build|version|v|ver|kb|barcode|upc|ean|gtin|imei|vin|lot|case|kit|item"
                    + "|model|catalog|artikel"
                    + "|part|versi[oó]n|versão|versione|wersja|release|firmware|заказ|счёт|счет|накладная|fatura|sipariş"
                    + "|kundennr|rechnungsnr|policy|confirmation|n[º°]|n\\.|siren|siret|tva|vat|nip|regon|krs|inn|kpp|ogrn"
                    + "|kvk|btw|cif|nif|cnpj|cpf|abn|ein|tin|ust|steuernummer|org\\.?\\s?nr"
                    + "|adószám|adóazonosító|dič|ičo|ič|oib|afm|αφμ|mwst|uid|nipc|gstin|p\\.\\s?iva|partita\\s+iva"
                    + "|codice\\s+fiscale|billet|billete|bilhete|biglietto|emd|nhs|mrn|parcel|apn"
                    + "|cuit|cuil|ingresos\\s+brutos|iibb"
                    + "|views|followers|subscribers|likes|downloads|visitors|population|households|inhabitants"
                    + "|as[-_\\s]?path"
                    + "|fein|aadhaar|aadhar|आधार|passport|pasaporte|passeport|passaporto|passaporte|paspoort|paszport"
                    + "|reisepass|passnummer|pasaport|паспорт|护照|パスポート|여권|पासपोर्ट|personnummer|personnr"
                    + "|organisationsnummer|organisasjonsnummer|orgnr|fødselsnummer|cpr|cvr|henkilötunnus|hetu|bsn"
                    + "|pesel|снилс|инн|огрн|(?:baggage|bag|luggage)\\s?tags?"
                    + "|account|acct|application\\s+(?:number|no\\.?)|आवेदन\\s+संख्या|खाता\\s+संख्या"
                    + "|rcs(?:\\s+\\p{L}[\\p{L}-]*){0,3}|poziv\\s+na\\s+broj(?:\\s+(?-i:[A-Z]{2})\\d{2})?)"
                    + "(?:\\s+(?:number|no\\.?|nr\\.?|num\\.?))?"
                    + "|\\b(?:vat|ust|tva|btw|iva|mwst|moms|alv|dph|dič|pvm|pvn|kmkr|áfa|φπα|nip|uid)"
                    + "(?:[-\\s.]*(?:id(?:nr|no)?|ident\\w*|reg\\w*|intracom\\w*|number|no|nr|num))*\\.?[\\s:#]*(?-i:[A-Z]{2})"
                    + "|\\b(?:ال)?(?:فاتورة|إيصال|ايصال|طلب)(?:\\s+\\p{L}{2,8}){0,3}"
                    + "|#|№|番号|号)[^\\p{L}\\d]{0,4}$");

    /**
     * Lottery draws and results ("Powerball numbers: 07 19 31 44 58", "numéros gagnants du Loto : 05 12 23 34 41"):
     * a run of small numbers after one of these words is the draw, even when it happens to be a valid number.
     */
    private static final Pattern DRAW_CUE_BEFORE = Pattern.compile(
            "(?iU)\\b(?:lotto|loto|lottery|lotería|lotteria|powerball|mega\\s?millions|euro\\s?millions|euromillones"
                    + "|superenalotto|lottozahlen|jackpot|bingo|keno|gagnants|estratti|(?:winning|lucky)\\s+numbers)[^\\d]{0,16}$");

    /**
     * "IL 62704-1234", "\"zip\":\"94107-2201\"", "Ship to 90210-1234": five digits, a dash and four: a US ZIP+4
     * code after a state's two-letter code, a zip/postal label, or the words that open a shipping or mailing
     * address (ship to, deliver to, mail to, address).
     */
    private static final Pattern ZIP_PLUS_FOUR = Pattern.compile("\\d{5}-\\d{4}(?!\\d)");
    private static final Pattern ZIP_CUE_BEFORE = Pattern.compile(
            "(?:\\b(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM"
                    + "|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI|AS|MP)\\.?,?\\s+"
                    + "|(?i:\\b(?:zip|postal|post\\s?code|postcode|address|addr)\\w{0,6}"
                    + "|\\b(?:ship(?:ped)?|deliver(?:ed)?|mail(?:ed)?|send|sent)[-\\s]to)[^\\p{L}\\d]{0,5})$");

    /**
     * "2023/118822", "2024-000318", "2024-10-0457": a year, then a serial (perhaps a month or series first): how
     * files, invoices and tickets are numbered; no phone number is written with a year's four digits first.
     */
    private static final Pattern YEAR_AND_SERIAL = Pattern.compile("(?:19|20)\\d{2}(?:[-/]\\d{1,2})?[-/]\\d{3,}");

    /** "234 567 890 euros", "$ 412 555 0199": an amount, its currency right before or after it. */
    private static final Pattern CURRENCY_AFTER = Pattern.compile(
            "(?iU)\\s?(?:[€$£¥₽₹₺₩₫]|(?:zł|kč|kr|eur|usd|gbp|chf|pln|czk|sek|nok|dkk|huf|ron|rub|try|inr|jpy|cny"
                    + "|euros?|dollars?|rupees?|руб\\w*|złotych|korun)(?!\\p{L}))");
    private static final Pattern CURRENCY_BEFORE = Pattern.compile("(?i)(?:[€$£¥₽₹₺₩₫]|R\\$|\\b(?:EUR|USD|GBP|CHF))\\s?$");

    /**
     * "RUM 0417-2025 -39,99": the last group of the match is a minus sign and the whole part of an amount whose
     * decimals follow; a phone number's groups are not signed, and none runs on into decimals.
     */
    private static final Pattern SIGNED_LAST_GROUP = Pattern.compile("\\s-\\d{1,6}$");
    private static final Pattern DECIMALS_AFTER = Pattern.compile("[.,]\\d{2}(?!\\d)");

    /** Three spaces, a tab or a line break: the gap between columns or lines, which no written number spans. */
    private static final Pattern COLUMN_GAP = Pattern.compile(" {3,}|[\\t\\n\\r]");

    /** "04538-132": a Brazilian postal code (CEP). */
    private static final Pattern POSTAL_CODE = Pattern.compile("\\d{5}-\\d{3}");

    /**
     * "port 22,80,443,8080-8089", "ports: 8000-8100, 9000": a range in a list of port numbers. Ports run to five
     * digits, so two of them and a dash have a phone number's length.
     */
    private static final Pattern PORT_LIST_BEFORE = Pattern.compile(
            "(?i)\\bports?\\b[\\s:=]*(?:\\d{1,5}(?:-\\d{1,5})?\\s*,\\s*)*$");
    private static final Pattern PORT_RANGE = Pattern.compile("\\d{1,5}-\\d{1,5}");
    private static final int PORT_LIST_WINDOW = 48;

    /**
     * "13457-7" (a LOINC code), "1234567-8" (a Finnish business id): digits, a dash and one digit are how a check
     * digit is written. No phone number ends in a lone digit but a German switchboard's "-0" ("2589-0"), and that
     * comes with a phone word.
     */
    private static final Pattern CHECK_DIGIT_FORM = Pattern.compile("\\d+-\\d");

    /**
     * A row of a BGP table ("*> 10.1.0.0/16  198.51.100.1  0  0 65010 64496 i"): its last column is the AS path,
     * AS numbers and then the route's origin code (i, e or ?) at the end of the line, under a header that names
     * the column ("... Weight Path"). Two AS numbers have a phone number's length.
     */
    private static final Pattern AS_PATH_TO_LINE_END = Pattern.compile("(?: +\\d{1,10})* +[ie?] *(?:\\r?\\n|$)");
    /**
     * How far above a BGP row its header is looked for. Searched by a plain scan, not a regex: a megabyte of such
     * rows without a header asks once per row.
     */
    private static final int BGP_HEADER_WINDOW = 16_384;

    private static final int CUE_WINDOW = 24;
    /** "lucky numbers this week are ...": a draw's words may stand a little further off. */
    private static final int DRAW_CUE_WINDOW = 40;

    private PhoneCandidateFilter() {
    }

    static boolean isPlausible(String text, int start, int end) {
        String candidate = text.substring(start, end);
        if (COLUMN_GAP.matcher(candidate).find()) {
            return false; // "0,04   4006381333931": cells of a table pasted as text, not one number
        }
        if (DATE.matcher(candidate).matches() || YEAR_AND_SERIAL.matcher(candidate).matches()
                || POSTAL_CODE.matcher(candidate).matches() || isPortRange(text, start, candidate)
                || isSampleNumber(candidate)
                || isAsPathInBgpTable(text, start, end)
                || endsInSignedAmount(text, candidate, end)
                || isDottedNumberAround(text, start, end)
                || isPartOfIdentifier(text, start, end) || isZipPlusFour(text, start) || isAmount(text, start, end)
                || DRAW_CUE_BEFORE.matcher(text.substring(Math.max(0, start - DRAW_CUE_WINDOW), start)).find()) {
            return false;
        }
        if (hasPhoneCueBefore(text, start)) {
            return true;
        }
        String before = text.substring(Math.max(0, start - CUE_WINDOW), start);
        if (OTHER_NUMBER_CUE_BEFORE.matcher(before).find() || CHECK_DIGIT_FORM.matcher(candidate).matches()) {
            return false;
        }
        // Written like a phone number: grouped, or with a country code. A bare digit string needs a cue (above):
        // without one it is as likely a routing, account or order number.
        return hasSeparator(candidate) && count(candidate, '/') <= 1;
    }

    /**
     * "(123) 456-7890", "+1 123-456-7890": the digits 1 to 0 in order are the placeholder forms and tutorials
     * print; no numbering plan gives them to anyone (a North American area code never starts with 1).
     */
    static boolean isSampleNumber(String candidate) {
        StringBuilder digits = new StringBuilder(candidate.length());
        for (int i = 0; i < candidate.length(); i++) {
            if (CharClasses.isAsciiDigit(candidate.charAt(i))) {
                digits.append(candidate.charAt(i));
            }
        }
        String d = digits.toString();
        return d.equals("1234567890") || d.equals("11234567890");
    }

    private static boolean isAsPathInBgpTable(String text, int start, int end) {
        return AS_PATH_TO_LINE_END.matcher(text).region(end, text.length()).lookingAt()
                && hasWeightPathHeader(text, Math.max(0, start - BGP_HEADER_WINDOW), start);
    }

    /** "Weight Path" (any case, spaces between) somewhere in [from, to). */
    private static boolean hasWeightPathHeader(String text, int from, int to) {
        for (int i = from; i + 6 <= to; i++) {
            char c = text.charAt(i);
            if ((c == 'w' || c == 'W') && text.regionMatches(true, i, "weight", 0, 6)) {
                int j = i + 6;
                int spaces = j;
                while (j < to && text.charAt(j) == ' ') {
                    j++;
                }
                if (j > spaces && j + 4 <= to && text.regionMatches(true, j, "path", 0, 4)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean endsInSignedAmount(String text, String candidate, int end) {
        return SIGNED_LAST_GROUP.matcher(candidate).find()
                && DECIMALS_AFTER.matcher(text).region(end, text.length()).lookingAt();
    }

    private static boolean isPortRange(String text, int start, String candidate) {
        return PORT_RANGE.matcher(candidate).matches()
                && PORT_LIST_BEFORE.matcher(text.substring(Math.max(0, start - PORT_LIST_WINDOW), start)).find();
    }

    private static String before(String text, int start) {
        return text.substring(Math.max(0, start - CUE_WINDOW), start);
    }

    private static boolean isAmount(String text, int start, int end) {
        return CURRENCY_AFTER.matcher(text).region(end, text.length()).lookingAt()
                || CURRENCY_BEFORE.matcher(before(text, start)).find();
    }

    /** A US ZIP+4 code where the match starts (the match may run on past it: "46268-1134 — 2"). */
    private static boolean isZipPlusFour(String text, int start) {
        return ZIP_PLUS_FOUR.matcher(text).region(start, text.length()).lookingAt()
                && ZIP_CUE_BEFORE.matcher(before(text, start)).find();
    }

    /** A word just before the number that says it is something else (order, invoice, SKU, serial...). */
    static boolean hasOtherNumberCueBefore(String text, int start) {
        return OTHER_NUMBER_CUE_BEFORE.matcher(text.substring(Math.max(0, start - CUE_WINDOW), start)).find();
    }

    /** A phone word (tel, Handy, móvil, 電話...) just before the number. */
    static boolean hasPhoneCueBefore(String text, int start) {
        return PHONE_CUE_BEFORE.matcher(text.substring(Math.max(0, start - CUE_WINDOW), start)).find();
    }

    /**
     * "INV-2022-163162", "FAC-2024-118733", "build_2024_11": the digits are joined to a word by a dash, underscore or
     * slash, so they are one identifier with it (not so a Hebrew prefix letter).
     */
    private static boolean isPartOfIdentifier(String text, int start, int end) {
        return (isJoiner(text, start - 1) && CharClasses.isWordCharAt(text, start - 2)
                        && !isHebrewLetterAt(text, start - 2))
                || (isJoiner(text, end) && CharClasses.isWordCharAt(text, end + 1));
    }

    /** Hebrew joins its one-letter prefixes to a number with a hyphen ("ל-052-612-3456": "to 052..."). */
    private static boolean isHebrewLetterAt(String text, int index) {
        return index >= 0 && Character.UnicodeBlock.of(text.charAt(index)) == Character.UnicodeBlock.HEBREW;
    }

    private static boolean isJoiner(String text, int index) {
        return CharClasses.isCharAt(text, index, '-') || CharClasses.isCharAt(text, index, '_')
                || CharClasses.isCharAt(text, index, '/');
    }

    /** Not counting an opening parenthesis that closes only after the number: "Timeticks: (84163321)". */
    private static boolean hasSeparator(String candidate) {
        boolean closed = candidate.indexOf(')') >= 0;
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (!Character.isDigit(c) && (closed || c != '(')) {
                return true;
            }
        }
        return false;
    }

    /** "0/0/1/2/3 200" in a log line: phones carry at most one slash (030/901820). */
    private static int count(String candidate, char c) {
        int count = 0;
        for (int i = 0; i < candidate.length(); i++) {
            if (candidate.charAt(i) == c) {
                count++;
            }
        }
        return count;
    }

    /**
     * "1.2.3.4" or "10.0.19045": the match is a piece of a dotted number, or itself a dotted number whose groups are
     * not grouped like a phone number (phones written with dots use groups of 2–4 digits: 01.23.45.67.89).
     */
    private static boolean isDottedNumberAround(String text, int start, int end) {
        if ((CharClasses.isCharAt(text, start - 1, '.') && CharClasses.isDigitAt(text, start - 2))
                || (CharClasses.isCharAt(text, end, '.') && CharClasses.isDigitAt(text, end + 1))
                || followsDottedIdentifier(text, start)) {
            return true;
        }
        return isDottedNonPhone(text.substring(start, end));
    }

    /**
     * "build UP1A.231005.007": the number is glued by a dot to a token of letters and digits, so it is the next
     * field of a dotted identifier (build ids, package and firmware names). A word without digits keeps its
     * number: "Tel.030 1234567", "Nr.0171 2345678".
     */
    private static boolean followsDottedIdentifier(String text, int start) {
        if (!CharClasses.isCharAt(text, start - 1, '.')) {
            return false;
        }
        boolean letter = false;
        boolean digit = false;
        for (int i = start - 2; i >= 0 && CharClasses.isWordCharAt(text, i); i--) {
            letter |= Character.isLetter(text.charAt(i));
            digit |= Character.isDigit(text.charAt(i));
        }
        return letter && digit;
    }

    /** A dotted number like "10.0.19045" whose groups are not those of a phone number; false if no dots. */
    static boolean isDottedNonPhone(String candidate) {
        if (candidate.indexOf('.') < 0 || candidate.indexOf(' ') >= 0) {
            return false;
        }
        String[] groups = candidate.split("\\.");
        for (int g = 1; g < groups.length; g++) {
            if (groups[g].length() < 2 || groups[g].length() > 4) {
                return true;
            }
        }
        return false;
    }
}
