package dev.gemmastreams.engine.safety.pii;

import static dev.gemmastreams.engine.safety.pii.DetectorAssertions.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpAddressDetectorTest {

    private final IpAddressDetector detector = new IpAddressDetector();

    @Test
    void findsIpv4() {
        assertThat(found(detector, "from 203.0.113.7 today")).containsExactly("203.0.113.7");
    }

    @Test
    void excludesSentencePeriod() {
        assertThat(found(detector, "It was 10.0.0.1.")).containsExactly("10.0.0.1");
    }

    @Test
    void excludesPort() {
        assertThat(found(detector, "connect 10.1.2.3:5432")).containsExactly("10.1.2.3");
    }

    @Test
    void findsAddressAfterLabelColon() {
        assertThat(found(detector, "IP:192.0.2.1")).containsExactly("192.0.2.1");
    }

    @Test
    void rejectsOctetAbove255() {
        assertThat(found(detector, "10.0.0.256 and 300.1.2.3")).isEmpty();
    }

    @Test
    void rejectsLeadingZeros() {
        assertThat(found(detector, "192.168.001.010")).isEmpty();
    }

    @Test
    void rejectsLongerDottedNumber() {
        assertThat(found(detector, "oid 1.2.3.4.5")).isEmpty();
    }

    @Test
    void rejectsThreePartVersion() {
        assertThat(found(detector, "Windows 10.0.19045")).isEmpty();
    }

    @Test
    void rejectsVersionGluedToV() {
        assertThat(found(detector, "firmware v1.2.3.4")).isEmpty();
    }

    @Test
    void rejectsDottedQuadIntroducedAsVersion() {
        assertThat(found(detector, "version 1.2.3.4")).isEmpty();
        assertThat(found(detector, "build: 4.18.2.1")).isEmpty();
    }

    @Test
    void rejectsDottedQuadWithVersionSuffix() {
        assertThat(found(detector, "4.5.6.7-rc1")).isEmpty();
    }

    @Test
    void rejectsAnotherReleaseOfAVersionNamedEarlierInTheSentence() {
        assertThat(found(detector, "Die Version 5.4.0.12 behebt den Fehler aus 5.4.0.11.")).isEmpty();
        assertThat(found(detector, "bump agent version 5.4.0.12 to 5.4.0.13")).isEmpty();
    }

    @Test
    void keepsAnAddressOfOtherFirstNumbersInASentenceWithAVersion() {
        assertThat(found(detector, "Upgraded to version 1.2.3.4 on 10.0.0.5")).containsExactly("10.0.0.5");
        assertThat(found(detector, "Version 5.4.0.12 shipped. Host 5.4.0.13 is down")).containsExactly("5.4.0.13");
    }

    @Test
    void rejectsTheVersionTagOfAnImageOrArtifact() {
        assertThat(found(detector, "Pulling registry.example.com/payments:3.12.0.1 now")).isEmpty();
        assertThat(found(detector, "dependency org.acme:core:1.2.3.4")).isEmpty();
        assertThat(found(detector, "ip:10.0.0.1 {\"host\":\"10.0.0.2\"}")).containsExactly("10.0.0.1", "10.0.0.2");
    }

    @Test
    void rejectsASectionNumber() {
        assertThat(found(detector, "see runbook step 3.2.1.4 and § 4.1.2.3")).isEmpty();
    }

    @Test
    void rejectsAQuadAReleaseWordAfterItPointsBackAt() {
        assertThat(found(detector, "| 4.12.0.3 | 2025-03-14 | hotfix release for #4471 |")).isEmpty();
    }

    @Test
    void keepsAnAddressWhenTheReleaseWordAfterItHasItsOwnNumberOrNamesAMachine() {
        assertThat(found(detector, "10.0.0.5 runs build 2.3")).containsExactly("10.0.0.5");
        assertThat(found(detector, "10.0.0.6 is the build server")).containsExactly("10.0.0.6");
    }

    @Test
    void findsFullIpv6() {
        assertThat(found(detector, "2001:0db8:85a3:0000:0000:8a2e:0370:7334"))
                .containsExactly("2001:0db8:85a3:0000:0000:8a2e:0370:7334");
    }

    @Test
    void findsCompressedIpv6() {
        assertThat(found(detector, "dns 2001:db8::53, ok")).containsExactly("2001:db8::53");
    }

    @Test
    void findsLoopback() {
        assertThat(found(detector, "bind ::1 only")).containsExactly("::1");
    }

    @Test
    void findsIpv6WithEmbeddedIpv4() {
        assertThat(found(detector, "::ffff:192.0.2.128")).containsExactly("::ffff:192.0.2.128");
    }

    @Test
    void stopsBeforeZoneIndex() {
        assertThat(found(detector, "fe80::1%eth0")).containsExactly("fe80::1");
    }

    @Test
    void findsBracketedIpv6WithPort() {
        assertThat(found(detector, "[2001:db8::42]:443")).containsExactly("2001:db8::42");
    }

    @Test
    void rejectsTwoDoubleColons() {
        assertThat(found(detector, "2001::db8::1")).isEmpty();
    }

    @Test
    void rejectsNineGroups() {
        assertThat(found(detector, "1:2:3:4:5:6:7:8:9")).isEmpty();
    }

    @Test
    void rejectsMacAddressAndTime() {
        assertThat(found(detector, "00:1a:2b:3c:4d:5e at 12:30:45")).isEmpty();
    }

    @Test
    void rejectsCppScopeOperator() {
        assertThat(found(detector, "std::vector a::b")).isEmpty();
    }

    @Test
    void rejectsHexRunGluedToWord() {
        assertThat(found(detector, "sha=deadbeef::1x")).isEmpty();
    }

    @Test
    void rejectsADottedQuadUnderAQuotedFirmwareKey() {
        assertThat(found(detector, "{\"fw\": \"2.3.0.14\", \"ip\": \"192.0.2.14\"}")).containsExactly("192.0.2.14");
    }

    @Test
    void rejectsClauseAndArticleNumbersOfContractsInTheirLanguages() {
        assertThat(found(detector, "Cláusula 7.2.1.4, Artikel 3.1.2.4, пункт 4.2.1.3, server 192.0.2.8"))
                .containsExactly("192.0.2.8");
    }

    @Test
    void rejectsAnEui64WrittenAsEightTwoDigitGroups() {
        assertThat(found(detector, "IEEE 00:12:4b:00:1c:a7:36:e2 via fe80::1:2")).containsExactly("fe80::1:2");
    }

    @Test
    void aProductVersionInAUserAgentIsNoAddress() {
        assertThat(found(detector, "Mozilla/5.0 (X11) Chrome/122.0.0.0 Safari/537.36")).isEmpty();
        assertThat(found(detector, "lookup ipinfo.io/8.8.8.8 and /api/ip/8.8.4.4"))
                .containsExactly("8.8.8.8", "8.8.4.4");
        assertThat(found(detector, "Connection refused: /10.1.4.22:5432")).containsExactly("10.1.4.22");
    }

    @Test
    void aQuotedSoftwareKeyNamesAVersion() {
        assertThat(found(detector, "{\"ip\":\"203.0.113.250\",\"app\":\"6.14.2.1\"}")).containsExactly("203.0.113.250");
    }

    @Test
    void aNumberedHeadingOpeningALineIsNoAddress() {
        assertThat(found(detector, "intro\n1.2.3.4 Scope of Services\nThe Contractor shall")).isEmpty();
        assertThat(found(detector, "10.0.0.6 is the build server")).containsExactly("10.0.0.6");
        assertThat(found(detector, "10.0.0.6 Gateway")).containsExactly("10.0.0.6");
        assertThat(found(detector, "see 192.0.2.10 Gateway")).containsExactly("192.0.2.10");
    }

    @Test
    void aUsbPortPathIsNoAddress() {
        assertThat(found(detector, "usb 2-1.4.3.1: new high-speed USB device")).isEmpty();
        // The bus rule leaves the end of a range alone.
        assertThat(found(detector, "range 10.0.0.1-10.0.0.9")).contains("10.0.0.9");
    }

    @Test
    void aSiblingOfASectionNumberIsNoAddress() {
        assertThat(found(detector, "Sections 4.1.2.3 and 4.1.2.4 apply to 10.0.0.5")).containsExactly("10.0.0.5");
    }

    @Test
    void aCellOfAVersionColumnIsNoAddress() {
        assertThat(found(detector, "| Version | Date |\n| --- | --- |\n| 1.2.0.4 | 2025-03-01 |")).isEmpty();
        assertThat(found(detector, "host,app_version\n10.0.0.5,1.2.0.4")).containsExactly("10.0.0.5");
    }

    @Test
    void aPartOfAScheduleIsASectionNumber() {
        assertThat(found(detector, "Schedule 3, Part 2.4.1.7: the Fee is payable")).isEmpty();
        assertThat(found(detector, "Schedule 2.4.1.7 applies")).isEmpty();
        assertThat(found(detector, "Host 2.4.1.7 applies")).containsExactly("2.4.1.7");
    }

    @Test
    void theQuadAnUpgradeArrowFromAVersionPointsAtIsAVersion() {
        assertThat(found(detector, "Upgraded python 3.11.9 -> 3.12.2.1; kernel 6.8")).isEmpty();
        assertThat(found(detector, "NAT 10.0.0.1 -> 203.0.113.5 ok")).containsExactly("10.0.0.1", "203.0.113.5");
    }

    @Test
    void aTcpdumpAddressIsSpannedWithoutTheDottedPort() {
        assertThat(found(detector, "block in on em0: 192.0.2.199.51514 > 203.0.113.10.22: Flags [S]"))
                .containsExactly("192.0.2.199", "203.0.113.10");
    }

    @Test
    void fiveDottedNumbersOutsideTheTcpdumpShapeStayNoAddress() {
        assertThat(found(detector, "OID 1.3.6.1.4 on 192.0.2.1.22, build 10.0.19045.4291")).isEmpty();
    }

    @Test
    void anAsaInterfaceNameBeforeTheAddressIsATag() {
        assertThat(found(detector, "Deny tcp src outside:198.51.100.14/55012 dst inside:10.1.1.20/445"))
                .containsExactly("198.51.100.14", "10.1.1.20");
    }

    @Test
    void theIpv6TagOfAnAddressLiteralIsNoPartOfTheAddress() {
        assertThat(found(detector, "Received: from [IPv6:2001:db8:5::17] (port=51234 helo=laptop)"))
                .containsExactly("2001:db8:5::17");
    }

    @Test
    void aReverseDnsNameIsNoAddress() {
        assertThat(found(detector, "50.113.0.203.in-addr.arpa name = web-50.example.com.")).isEmpty();
    }

    @Test
    void aNetmaskIsNoAddress() {
        assertThat(found(detector, " ip address 172.16.210.1 255.255.255.0\n netmask 255.255.252.0"))
                .containsExactly("172.16.210.1");
    }

    @Test
    void anOspfAreaIdIsNoAddressButARouterIdIs() {
        assertThat(found(detector, "router ospf 1\n router-id 192.0.2.1\n area 0.0.0.0"))
                .containsExactly("192.0.2.1");
    }

    @Test
    void aQuadLabelledAsAnOidIsNoAddress() {
        assertThat(found(detector, "OID 2.5.29.17 (subjectAltName)")).isEmpty();
    }

    @Test
    void ignoresAQuadAfterAPortugueseVersionWord() {
        assertThat(found(detector, "a versão 4.2.1.7 do aplicativo")).isEmpty();
    }

    @Test
    void ignoresAQuadAChineseUpdateWordPointsAt() {
        assertThat(found(detector, "升级到 6.1.0.2 以后闪退")).isEmpty();
    }

    @Test
    void ignoresTheVersionADependencyIsBumpedTo() {
        assertThat(found(detector, "Bump grpc-java from 1.60.0 to 1.62.2.1")).isEmpty();
    }

    @Test
    void keepsAnAddressBeforeAFirmwareWordWithItsOwnNumber() {
        assertThat(found(detector, "my IP is 198.51.100.23, and the router firmware is 2.0.1.8"))
                .containsExactly("198.51.100.23");
    }

    @Test
    void ignoresAQuadAfterARevisionWord() {
        assertThat(found(detector, "Scaled up replica set web-6b44711293 to 3 (revision 4.2.1.7)")).isEmpty();
    }

    @Test
    void ignoresAQuadAfterTheJapaneseFirmwareWord() {
        assertThat(found(detector, "型番 ＫＸ－４５０　ファームウェア 1.4.7.12　")).isEmpty();
    }

    @Test
    void ignoresAVersionBumpedToWithoutAPackageName() {
        assertThat(found(detector, "Bumped to 10.2.3.4? No — the tag is v10.2.3")).isEmpty();
    }

    @Test
    void ignoresASectionNumberAfterAScandinavianSectionWord() {
        assertThat(found(detector, "Avsnitt 2.3.1.4: Byt filter var 6:e månad.")).isEmpty();
    }

    @Test
    void ignoresASectionNumberBeforeAHungarianChapterWord() {
        assertThat(found(detector, "Felhasználói kézikönyv 2.4.1.3 fejezet – cikkszám 447.112.01")).isEmpty();
        assertThat(found(detector, "a 10.0.0.5 pontos címe")).as("a word that only starts so")
                .containsExactly("10.0.0.5");
    }

    @Test
    void ignoresTheOidOpeningAnLdapSchemaDefinition() {
        assertThat(found(detector, "olcAttributeTypes: ( 2.5.4.3 NAME 'cn' )")).isEmpty();
    }
}
