// A fake clock for the emulator (`flat: { now }`) and the HTTP layer (`now`, `sleep`) to share:
// nothing really waits, a sleep moves the clock, so quota windows and rate-limit waits play out the
// same on a loaded machine as on an idle one, and take no real time.
export interface FakeClock {
    readonly start: number;
    now(): number;
    sleep(ms: number): Promise<void>;
    /** Every sleep asked for, in ms. */
    readonly slept: number[];
    /** Back to `start`, with no sleeps recorded. */
    reset(): void;
}

export function fakeClock(start = Date.parse("2026-11-29T14:00:00Z")): FakeClock {
    let t = start;
    const slept: number[] = [];
    return {
        start,
        now: () => t,
        // Concurrent sleepers each end at their own wake time; the clock never runs past the latest.
        async sleep(ms) {
            slept.push(ms);
            const wake = t + ms;
            await Promise.resolve();
            t = Math.max(t, wake);
        },
        slept,
        reset() {
            t = start;
            slept.length = 0;
        },
    };
}
