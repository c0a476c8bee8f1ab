package io.ganwatch.demo;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoReportingTest {
    @Test
    void alertLineNamesCardPaymentScoreTopFieldsAndGroundTruth() {
        String alert = "{\"alert_id\":\"t-0-5\",\"record_key\":\"c-0042\",\"score\":41.23,\"threshold\":12.3,"
                + "\"top_features\":[{\"name\":\"amount\",\"value\":\"1873.0\",\"contribution\":20.0},"
                + "{\"name\":\"distance_from_home_km\",\"value\":\"8000.0\",\"contribution\":10.0},"
                + "{\"name\":\"merchant_category\",\"value\":\"5999\",\"contribution\":2.0,\"unseen\":true}],"
                + "\"record_json\":\"{\\\"transaction_id\\\":\\\"t-00000007\\\",\\\"amount\\\":1873.0,\\\"currency\\\":\\\"GBP\\\","
                + "\\\"channel\\\":\\\"ecommerce\\\",\\\"merchant_category\\\":\\\"5732\\\",\\\"country\\\":\\\"BR\\\",\\\"hour_of_day\\\":3}\"}";
        AlertLine.Parsed injected = AlertLine.parse(alert, Map.of("t-00000007", FraudPattern.ACCOUNT_TAKEOVER)::get);
        assertThat(injected.transactionId()).isEqualTo("t-00000007");
        assertThat(injected.alertId()).isEqualTo("t-0-5");
        assertThat(injected.top1()).isEqualTo("amount");
        assertThat(injected.line()).startsWith("ALERT  card c-0042").contains("1873.00 GBP", "ecommerce", "5732 in BR 03:00",
                "score  41.23", "12.30", "top: amount=1873.0, distance_from_home_km=8000.0, merchant_category=5999 (never seen in training)", "[injected: account takeover]");
        assertThat(AlertLine.parse(alert, id -> null).line()).endsWith("[not injected]");
        assertThatThrownBy(() -> AlertLine.parse("{nope", id -> null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void summaryComputesPrecisionRecallAndPrintsAMachineReadableLine() {
        DemoSummary s = new DemoSummary(1004, 4, 1000, 4, 20,
                Map.of(FraudPattern.CARD_TESTING, 10, FraudPattern.ATM_CASH_OUT, 10),
                Map.of(FraudPattern.CARD_TESTING, 8, FraudPattern.ATM_CASH_OUT, 7), 2.0, true, null);
        assertThat(s.precision()).isEqualTo(0.75);
        assertThat(s.recall()).isEqualTo(0.75);
        assertThat(s.recordsPerSecond()).isEqualTo(502);
        assertThat(s.lines()).last().asString().isEqualTo("summary: produced=1004 scored=1000 dead_letters=4 alerts=20 "
                + "true_alerts=15 injected=20 precision=0.7500 recall=0.7500 records_per_s=502.0 complete=true "
                + "explain_hit_card_testing=NaN explain_hit_account_takeover=NaN explain_hit_atm_cash_out=NaN top1_share=NaN");
        assertThat(String.join("\n", s.lines())).contains("card testing 8/10", "ATM cash-out 7/10", "nothing lost");
    }

    @Test
    void withDriftTheSummaryLineNamesTheShiftedColumnAndTheColumnsTheReportNamed() {
        io.ganwatch.drift.DriftReport r = new io.ganwatch.drift.DriftReport("m", "v1", "1@h", 1, 2, 10_000,
                java.util.List.of(new io.ganwatch.drift.ColumnDrift("amount", "numeric", 0.93, 0),
                        new io.ganwatch.drift.ColumnDrift("country", "categorical", 0.01, 0)),
                0.008, 0.005, java.util.List.of("amount"));
        DemoSummary s = new DemoSummary(1004, 4, 1000, 4, 20, Map.of(), Map.of(), 2.0, true, null,
                new DemoSummary.DriftOutcome("amount", r));
        assertThat(s.lines()).last().asString().endsWith(" drift_shifted=amount drift_columns=amount");
        assertThat(String.join("\n", s.lines())).contains("amount shifted halfway; the report on the last 10000 records names: amount",
                "amount 0.93, country 0.01", "0.80% in the window, 0.50% expected");
        DemoSummary off = new DemoSummary(1004, 4, 1000, 4, 20, Map.of(), Map.of(), 2.0, true, null,
                new DemoSummary.DriftOutcome("amount", null));
        assertThat(off.lines()).last().asString().endsWith(" drift_shifted=amount drift_columns=none");
        assertThat(String.join("\n", off.lines())).contains("watch off");
        assertThat(new DemoSummary(1004, 4, 1000, 4, 20, Map.of(), Map.of(), 2.0, true, null).lines()).last().asString()
                .doesNotContain("drift");
    }

    @Test
    void withFeedbackTheSummaryLineCarriesThePrecisionFromVerdictsBesideTheTruePrecision() {
        // 20 alerts, 15 injected; the analyst sent 20 verdicts, 19 joined (14 true positives), 1 unmatched.
        DemoSummary s = new DemoSummary(1004, 4, 1000, 4, 20, Map.of(FraudPattern.CARD_TESTING, 20),
                Map.of(FraudPattern.CARD_TESTING, 15), 2.0, true, null, null,
                new DemoSummary.FeedbackOutcome(20, new io.ganwatch.feedback.FeedbackTotals(20, 19, 1, 19, 14)));
        assertThat(s.feedback().precision()).isEqualTo(14 / 19.0);
        assertThat(s.lines()).last().asString()
                .contains(" precision=0.7500 feedback_precision=0.7368 recall=0.7500 ")
                .endsWith(" feedback_verdicts=20 feedback_joined=19 feedback_unmatched=1");
        assertThat(String.join("\n", s.lines())).contains(
                "20 verdicts from the simulated analyst (one per alert), 19 joined to their alerts by the stream, 1 unmatched",
                "precision 0.737 from feedback (14 true positives of 19 decided alerts); 0.750 true (15 injected of 20 alerts)");
        assertThat(new DemoSummary(1004, 4, 1000, 4, 20, Map.of(), Map.of(), 2.0, true, null).lines()).last().asString()
                .doesNotContain("feedback");
    }

    @Test
    void theSimulatedAnalystJudgesByGroundTruthAndTheFeedbackTopicIsCreatedOnlyWhenAsked() {
        java.time.Instant now = java.time.Instant.ofEpochMilli(1_700_000_000_000L);
        io.ganwatch.avro.AlertFeedback injected = SimulatedAnalyst.verdict("t-0-5", FraudPattern.ATM_CASH_OUT, now);
        assertThat(injected.getVerdict()).isEqualTo(io.ganwatch.avro.Verdict.TRUE_POSITIVE);
        assertThat(injected.getAlertId()).isEqualTo("t-0-5");
        assertThat(injected.getNote()).isEqualTo("injected: ATM cash-out");
        assertThat(SimulatedAnalyst.verdict("t-0-6", null, now).getVerdict()).isEqualTo(io.ganwatch.avro.Verdict.FALSE_POSITIVE);
        DemoTopics t = DemoTopics.forRun("ab12cd");
        assertThat(t.partitions(true)).containsEntry("ganwatch-demo-ab12cd-feedback", 3).hasSize(5);
        assertThat(t.partitions()).doesNotContainKey(t.feedback());
        assertThat(new DemoOptions(4000, 1, null, null, false, 0, 5, Map.of(), false, true).feedback()).isTrue();
    }

    @Test
    void driftNeedsAWindowOfHalfTheStreamLongEnoughToJudge() {
        assertThatThrownBy(() -> new DemoOptions(4000, 1, null, null, false, 800, 20, Map.of(), true))
                .hasMessageContaining("--drift needs --records of at least 20000");
        assertThat(new DemoOptions(20_000, 1, null, null, false, 800, 20, Map.of(), true).drift()).isTrue();
    }

    @Test
    void explanationHitRateCountsCaughtRecordsWhoseTopFeatureThePatternDistorts() {
        Map<String, FraudPattern> labels = Map.of("t1", FraudPattern.CARD_TESTING, "t2", FraudPattern.CARD_TESTING,
                "t3", FraudPattern.CARD_TESTING, "t4", FraudPattern.ATM_CASH_OUT, "t5", FraudPattern.ACCOUNT_TAKEOVER);
        // t3 was not caught; t5 was caught but its alert named no feature; n1 is a card holder's own payment.
        Map<String, String> top1 = Map.of("t1", "amount", "t2", "merchant_category", "t4", "hour_of_day", "t5", "", "n1", "merchant_category");
        ExplanationTally t = ExplanationTally.of(labels, top1,
                java.util.List.of("amount", "merchant_category", "hour_of_day", "merchant_category"));
        assertThat(t.hitRate(FraudPattern.CARD_TESTING)).isEqualTo(0.5);
        assertThat(t.hitRate(FraudPattern.ATM_CASH_OUT)).isEqualTo(1.0);
        assertThat(t.hitRate(FraudPattern.ACCOUNT_TAKEOVER)).isEqualTo(0.0);
        assertThat(t.mostCommonTop1()).isEqualTo("merchant_category");
        assertThat(t.top1Share()).isEqualTo(0.5);
        DemoSummary s = new DemoSummary(1004, 4, 1000, 4, 4, Map.of(FraudPattern.CARD_TESTING, 3), Map.of(FraudPattern.CARD_TESTING, 2),
                2.0, true, t);
        assertThat(s.lines()).last().asString().endsWith("explain_hit_card_testing=0.5000 explain_hit_account_takeover=0.0000 "
                + "explain_hit_atm_cash_out=1.0000 top1_share=0.5000");
        assertThat(String.join("\n", s.lines())).contains("top-1 share       0.500 of alerts name merchant_category first");
        assertThat(FraudPattern.CARD_TESTING.distortedFields()).contains("amount", "seconds_since_last_txn", "txn_count_1h")
                .doesNotContain("currency", "merchant_category");
    }

    @Test
    void optionsAreCheckedBeforeAnythingStarts() {
        assertThatThrownBy(() -> new DemoOptions(10, 1, null, null, false, 800, 20)).hasMessageContaining("--records");
        assertThatThrownBy(() -> new DemoOptions(1000, 1, " ", null, false, 800, 20)).hasMessageContaining("--bootstrap-servers");
        assertThatThrownBy(() -> new DemoOptions(1000, 1, null, null, false, -1, 20)).hasMessageContaining("--rate");
        assertThatThrownBy(() -> new DemoOptions(1000, 1, null, java.nio.file.Path.of("/no/such/dir"), false, 800, 20))
                .hasMessageContaining("--model");
        // Client settings are for an existing cluster; the demo's own broker is PLAINTEXT and would refuse SASL_SSL.
        assertThatThrownBy(() -> new DemoOptions(1000, 1, null, null, false, 800, 20, java.util.Map.of("security.protocol", "SASL_SSL")))
                .hasMessageContaining("--config").hasMessageContaining("--bootstrap-servers");
        assertThat(DemoTopics.forRun("ab12cd").partitions()).containsEntry("ganwatch-demo-ab12cd-transactions", 3).hasSize(4);
    }
}
