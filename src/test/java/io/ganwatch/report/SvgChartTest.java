package io.ganwatch.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SvgChartTest {

    @Test
    void lineChartDrawsSeriesLegendAndMarker() {
        String svg = SvgChart.line("Loss <1>", "epoch", "loss",
                List.of(new SvgChart.Series("a & b", new double[] {1, 2, 3, 4}, new double[] {1, Double.NaN, 3, 4},
                        "#000", false, false)),
                null, null, new SvgChart.Marker(2, "kept"));
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n");
        assertThat(svg).contains("Loss &lt;1&gt;", "a &amp; b", "class=\"marker\"", ">kept<");
        // The NaN breaks the line: two separate sub-paths.
        String d = svg.substring(svg.indexOf(" d=\"") + 4);
        d = d.substring(0, d.indexOf('"'));
        assertThat(d.chars().filter(c -> c == 'M').count()).isEqualTo(2);
        assertThat(svg).doesNotContain("NaN");
    }

    @Test
    void stepSeriesHoldsEachValueUntilTheNextPoint() {
        String svg = SvgChart.line("t", "x", "y",
                List.of(new SvgChart.Series("s", new double[] {0, 1}, new double[] {0, 1}, "#000", false, true)),
                new SvgChart.Range(0, 1), new SvgChart.Range(0, 1), null);
        String d = svg.substring(svg.indexOf(" d=\"") + 4);
        d = d.substring(0, d.indexOf('"'));
        assertThat(d.split("L")).hasSize(3); // move, horizontal run, vertical rise
    }

    @Test
    void histogramDrawsOneBarPerNonEmptyBin() {
        String svg = SvgChart.histogram("h", "score", "share", new double[] {0, 1, 2, 3},
                List.of(new SvgChart.Bars("n", new double[] {0.5, 0.5, 0}, "#00f"),
                        new SvgChart.Bars("a", new double[] {0, 0, 1}, "#f00")),
                new SvgChart.Marker(2.5, "threshold 2.5000"));
        assertThat(svg.split("<rect x=").length - 1).isEqualTo(3 + 2 + 1); // bars, legend boxes, frame
        assertThat(svg).contains("threshold 2.5000");
        assertThatThrownBy(() -> SvgChart.histogram("h", "x", "y", new double[] {0, 1},
                List.of(new SvgChart.Bars("n", new double[] {1, 2}, "#000")), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ticksAreRoundNumbers() {
        SvgChart.Range r = new SvgChart.Range(0, 1);
        double step = SvgChart.niceStep(r);
        assertThat(step).isEqualTo(0.2);
        assertThat(SvgChart.ticks(r, step)).hasSize(6);
        assertThat(Html.tick(0.6000000000000001, step)).isEqualTo("0.6");
        assertThat(SvgChart.niceStep(new SvgChart.Range(0, 1300))).isEqualTo(200);
    }
}
