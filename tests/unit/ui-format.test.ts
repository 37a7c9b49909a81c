import { describe, expect, it } from "vitest";
import { formatCount, formatMoney } from "@/components/ui/format";

describe("money and date text", () => {
  it("divides minor units by each currency's own decimals, whatever was formatted before", () => {
    expect(formatMoney(4500, "USD")).toBe("$45.00");
    expect(formatMoney(4500, "JPY")).toBe("¥4,500");
    expect(formatMoney(123456, "EUR")).toBe("€1,234.56");
    // The formatters are reused: a second USD amount after JPY still gets cents.
    expect(formatMoney(99, "USD")).toBe("$0.99");
    expect(formatMoney(1234, "EUR", "de-DE")).toBe("12,34\u00a0€");
  });
});

describe("formatCount", () => {
  it("chooses the word by the locale's plural rules, never '1 emails'", () => {
    expect(formatCount(1, "email")).toBe("1 email");
    expect(formatCount(0, "email")).toBe("0 emails");
    expect(formatCount(1_204, "backer")).toBe("1,204 backers");
    expect(formatCount(2, "package")).toBe("2 packages");
    expect(formatCount(1, "child", "children")).toBe("1 child");
  });
});
