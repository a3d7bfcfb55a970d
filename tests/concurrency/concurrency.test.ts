// 1,000 OrganizationUser creates issued at once through the provider module, as one provider process
// receives them from the engine: the process-wide cap bounds what reaches Flat (the emulator records
// the maximum in flight), and when the quota runs out mid-burst requests slow down as it runs low, any
// refused request waits for the window to reset and resumes: all 1,000 users exist, each created once.
// Flat's quota windows run on a fake clock shared by the emulator and the client: waits move the
// clock instead of taking time, so a loaded machine plays the same burst as an idle one.
import type * as pulumi from "@pulumi/pulumi";
import { setHttpOptions } from "../../provider/core/http";
import { fastHttp, useEmulator } from "../support/emulator";
import { fakeClock } from "../support/fakeClock";

const provider: pulumi.dynamic.ResourceProvider = require("../../provider/flat/organizationUser.provider");
const N = 1000;
const CAP = 6;
const HOUR = 3_600_000;
const clock = fakeClock();
const announced: string[] = [];

jest.setTimeout(300_000);
// Without latency the emulator answers each request before the next arrives: nothing would overlap.
const h = useEmulator({ latencyMs: 5, flat: { now: clock.now } });
beforeAll(() =>
    setHttpOptions({
        ...fastHttp,
        concurrency: CAP,
        now: clock.now,
        sleep: clock.sleep,
        announce: (m) => announced.push(m),
    }),
);
beforeEach(() => {
    clock.reset();
    announced.length = 0;
});

/** Checks and creates N users at once, as the engine would send them; returns the created ids. */
async function burst(prefix: string): Promise<string[]> {
    const created = await Promise.all(
        Array.from({ length: N }, async (_, i) => {
            const { inputs, failures } = await provider.check!(
                {},
                { username: `${prefix}${i}`, password: "burst-pass-1", role: "user" },
            );
            expect(failures).toEqual([]);
            return provider.create(inputs);
        }),
    );
    return created.map((c) => c.id);
}

function expectEachCreatedOnce(ids: string[], prefix: string): void {
    const users = h.em.flat.users();
    expect(users).toHaveLength(N);
    expect(new Set(users.map((u) => u.username)).size).toBe(N);
    expect(new Set(ids)).toEqual(new Set(users.map((u) => u.id)));
    expect(users.every((u) => u.username.startsWith(prefix))).toBe(true);
    // Every POST that reached the handler created a user: none was sent twice.
    expect(h.em.count({ method: "POST", path: "/organizations/users" }) - refusals()).toBe(N);
}

const refusals = () =>
    h.em.exchanges.filter(
        (e) => e.status === 403 && (e.responseBody as { code?: string })?.code === "API_RATE_LIMIT_EXCEEDED",
    ).length;

test("1,000 creates issued at once never exceed the in-flight cap, and the cap is reached", async () => {
    const ids = await burst("c");
    console.log(`1,000 creates: ${h.em.count()} requests, max in flight ${h.em.maxInFlight("flat")} (cap ${CAP})`);
    expect(h.em.maxInFlight("flat")).toBeLessThanOrEqual(CAP);
    expect(h.em.maxInFlight("flat")).toBeGreaterThan(1);
    expect(refusals()).toBe(0);
    expectEachCreatedOnce(ids, "c");
});

test("when the quota runs out mid-burst, creates slow down, any refused one waits for the reset and resumes, each user created once", async () => {
    // 1,000 requests against 300 an hour: the quota runs out three times during the burst, and the
    // burst ends in its fourth hour.
    h.em.flat.setRateLimit({ limit: 300, windowMs: HOUR });
    const ids = await burst("r");
    console.log(
        `1,000 creates under a 300/h quota: ${h.em.count()} requests, ${refusals()} refused and resumed, max in flight ${h.em.maxInFlight("flat")} (cap ${CAP}), ${clock.slept.length} waits`,
    );
    expect(clock.now() - clock.start).toBeGreaterThanOrEqual(3 * HOUR);
    expect(clock.now() - clock.start).toBeLessThan(4 * HOUR);
    expect(announced.some((m) => /^Flat quota (used up|nearly used up)/.test(m))).toBe(true);
    // Requests are spread over the window as X-RateLimit-Remaining runs low, and once refused every
    // request waits: only those already in flight (≤ CAP) can be refused per exhaustion.
    expect(refusals()).toBeLessThanOrEqual(CAP * 4);
    expect(h.em.maxInFlight("flat")).toBeLessThanOrEqual(CAP);
    expect(h.em.maxInFlight("flat")).toBeGreaterThan(1);
    expectEachCreatedOnce(ids, "r");
});
