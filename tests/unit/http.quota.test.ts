// Flat's hourly quota on a fake clock shared by the emulator and the HTTP layer: a refusal waits for
// the reset up to 65 minutes and says so once; the last requests of a window are spread over the time
// left instead of being refused. Nothing here really waits: the fake sleep moves the clock.
import * as pulumi from "@pulumi/pulumi";
import { Emulator, startEmulator } from "../../emulator";
import { setEngineConfig } from "../../provider/core/config";
import { defaultHttpOptions, setHttpOptions } from "../../provider/core/http";
import { flatClient } from "../../provider/flat/client";
import { fastHttp } from "../support/emulator";

const MIN = 60_000;
const T0 = Date.parse("2026-11-29T14:00:00Z");
let t = T0;
let em: Emulator;
let slept: number[];
let announced: string[];

/** Concurrent sleepers each end at their own wake time; the clock never runs past the latest. */
async function fakeSleep(ms: number): Promise<void> {
    slept.push(ms);
    const wake = t + ms;
    await Promise.resolve();
    t = Math.max(t, wake);
}

const refusals = () =>
    em.exchanges.filter(
        (e) => e.status === 403 && (e.responseBody as { code?: string })?.code === "API_RATE_LIMIT_EXCEEDED",
    ).length;

beforeAll(async () => {
    em = await startEmulator({ edubase: false, flat: { now: () => t } });
    setEngineConfig((k) => ({ "flat:accessToken": em.flatToken, "flat:baseUrl": em.flatUrl })[k]);
});
beforeEach(() => {
    t = T0;
    slept = [];
    announced = [];
    em.reset();
    em.flat.resetRateLimits();
    setHttpOptions({ ...fastHttp, now: () => t, sleep: fakeSleep, announce: (m) => announced.push(m) });
});
afterAll(async () => {
    setEngineConfig(() => undefined);
    setHttpOptions({});
    await em?.close();
});

test("waits of up to 65 minutes are allowed by default", () => {
    expect(defaultHttpOptions.maxRateLimitWaitMs).toBeGreaterThanOrEqual(65 * MIN);
});

test("a refusal 42 minutes before the reset waits for it, announced once with pulumi.log.info, however many requests wait", async () => {
    // The quota others used up is back with the next window.
    const info = jest.spyOn(pulumi.log, "info").mockImplementation(async () => em.flat.setRateLimit({ limit: 1000 }));
    setHttpOptions({ ...fastHttp, now: () => t, sleep: fakeSleep });
    try {
        em.flat.setRateLimit({ limit: 1000, windowMs: 60 * MIN });
        await flatClient().getAuthenticatedUser(); // opens the window at 14:00
        t += 18 * MIN;
        em.flat.setRateLimit({ limit: 1 }); // someone else used up the quota
        const results = await Promise.all(Array.from({ length: 5 }, () => flatClient().getAuthenticatedUser()));
        expect(results).toHaveLength(5);
        expect(refusals()).toBeGreaterThanOrEqual(1);
        expect(info.mock.calls.map(([m]) => m)).toEqual(["Flat quota used up; waiting 42 min until 15:00 UTC"]);
        expect(t).toBeGreaterThanOrEqual(T0 + 60 * MIN);
    } finally {
        info.mockRestore();
    }
});

test("a wait longer than EDU_ORG_HTTP_MAX_RATE_LIMIT_WAIT_MS fails with Flat's refusal instead of waiting", async () => {
    em.flat.setRateLimit({ limit: 1, windowMs: 60 * MIN });
    process.env.EDU_ORG_HTTP_MAX_RATE_LIMIT_WAIT_MS = String(10 * MIN);
    try {
        await flatClient().getAuthenticatedUser();
        await expect(flatClient().getAuthenticatedUser()).rejects.toThrow(
            /^Flat API GET \/me failed: 403 API_RATE_LIMIT_EXCEEDED/,
        );
    } finally {
        delete process.env.EDU_ORG_HTTP_MAX_RATE_LIMIT_WAIT_MS;
    }
    expect(slept.filter((ms) => ms >= MIN)).toEqual([]);
    expect(announced).toEqual([]);
});

test("when X-RateLimit-Remaining runs low, requests are spread over the rest of the window: 130 requests, 0 refused", async () => {
    em.flat.setRateLimit({ limit: 100, windowMs: 60 * MIN });
    const client = flatClient();
    const sentAt: number[] = [];
    for (let i = 0; i < 130; i++) {
        await client.getAuthenticatedUser();
        sentAt.push(t);
    }
    expect(refusals()).toBe(0);
    // The first 84 go at once; with 16 left (2% of the quota, at least twice the concurrency cap of
    // 8) the rest of the window is shared out; the 101st waits for the reset.
    expect(sentAt.slice(0, 84).every((s) => s === T0)).toBe(true);
    expect(sentAt[99]).toBeLessThan(T0 + 60 * MIN);
    expect(sentAt[100]).toBeGreaterThanOrEqual(T0 + 60 * MIN);
    expect(new Set(sentAt.slice(83, 100)).size).toBe(17);
    // The new window is not paced.
    expect(sentAt.slice(101).every((s) => s === sentAt[100])).toBe(true);
    expect(announced).toEqual([
        expect.stringMatching(
            /^Flat quota nearly used up \(16 of 100 requests left until 15:00 UTC\); spacing requests \d+ min apart$/,
        ),
    ]);
});
