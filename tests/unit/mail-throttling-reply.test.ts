import { describe, expect, it } from "vitest";
import { isThrottlingReply } from "@/lib/mail/rate/is-throttling-reply";

const reply = (responseCode: number, response: string) =>
  Object.assign(new Error(response), { responseCode, response });

describe("isThrottlingReply", () => {
  it("recognises providers' rate-limit replies", () => {
    expect(isThrottlingReply(reply(454, "454 Throttling failure: Maximum sending rate exceeded."))).toBe(true);
    expect(isThrottlingReply(reply(421, "421 4.7.0 Too many messages, slow down"))).toBe(true);
    expect(isThrottlingReply(reply(451, "451 4.7.1 Rate limit exceeded, try again later"))).toBe(true);
  });

  it("leaves other temporary and permanent replies alone", () => {
    expect(isThrottlingReply(reply(421, "421 4.7.0 Try again later"))).toBe(false);
    expect(isThrottlingReply(reply(450, "450 4.2.1 Too many messages for this mailbox... rate"))).toBe(false);
    expect(isThrottlingReply(reply(550, "550 5.1.1 User unknown"))).toBe(false);
    expect(isThrottlingReply(new Error("connect ECONNREFUSED"))).toBe(false);
  });
});
