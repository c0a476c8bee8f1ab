package io.ganwatch.augment.service;

import io.ganwatch.avro.AugmentationStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FinishedRequestsTest {
    private static byte[] result(Outcome o) {
        return Results.encode(Results.build(o, Instant.EPOCH));
    }

    @Test
    void okAndRejectedIdsAreFinishedFailedOnesAreNot() {
        FinishedRequests f = new FinishedRequests();
        f.apply("a", result(Outcome.rejected("a", "unknown column", null, null)));
        f.apply("b", result(Outcome.failed("b", "broker gone", null, null)));
        f.record("c", AugmentationStatus.OK);
        assertThat(f.finished("a")).contains(AugmentationStatus.REJECTED);
        assertThat(f.finished("b")).isEmpty();
        assertThat(f.finished("c")).contains(AugmentationStatus.OK);
        assertThat(f.finished("d")).isEmpty();
        assertThat(f.size()).isEqualTo(3);
    }

    @Test
    void theLastResultOfAnIdCountsSoAFailedIdThatLaterSucceededIsFinished() {
        FinishedRequests f = new FinishedRequests();
        f.apply("b", result(Outcome.failed("b", "broker gone", null, null)));
        f.record("b", AugmentationStatus.OK);
        assertThat(f.finished("b")).contains(AugmentationStatus.OK);
    }

    @Test
    void aTombstoneMakesAnIdRunnableAgainAndForeignMessagesAreIgnored() {
        FinishedRequests f = new FinishedRequests();
        f.record("a", AugmentationStatus.OK);
        f.apply("a", null);
        assertThat(f.finished("a")).isEmpty();
        f.apply("x", "not avro".getBytes());
        f.apply(null, result(Outcome.rejected("y", "r", null, null)));
        assertThat(f.size()).isZero();
    }
}
