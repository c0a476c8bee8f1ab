package io.ganwatch.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlTest {

    @Test
    void escapesMarkupCharacters() {
        assertThat(Html.escape("<a href=\"x\">'&'</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void formatsNumbersWithFourDecimals() {
        assertThat(Html.num(0.75)).isEqualTo("0.7500");
        assertThat(Html.num(5.0 / 6.0)).isEqualTo("0.8333");
        assertThat(Html.num(0)).isEqualTo("0.0000");
        assertThat(Html.num(-2.5)).isEqualTo("-2.5000");
        assertThat(Html.num(1.23456e-5)).isEqualTo("1.235e-05");
        assertThat(Html.num(123456789)).isEqualTo("1.235e+08");
        assertThat(Html.num(Double.NaN)).isEqualTo("NaN");
    }
}
