package io.departure.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each call earns its share of a hedge; hedges are spent one at a time and saved up to ten. */
class HedgeBudgetTest {

    @Test
    void aHedgeIsSpentOnceCallsHaveEarnedIt() {
        HedgeBudget budget = new HedgeBudget(0.5);
        budget.earn();
        assertThat(budget.take()).as("half a hedge earned").isFalse();
        budget.earn();
        assertThat(budget.take()).isTrue();
        assertThat(budget.take()).as("spent").isFalse();
    }

    @Test
    void atMostTenHedgesAreSavedUp() {
        HedgeBudget budget = new HedgeBudget(1);
        for (int i = 0; i < 50; i++) {
            budget.earn();
        }
        int spent = 0;
        while (budget.take()) {
            spent++;
        }
        assertThat(spent).isEqualTo(10);
    }
}
