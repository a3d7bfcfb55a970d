// Starts the emulator for a test file and points the provider's process-wide configuration at it,
// the way `configure` would in the provider host. Delays are shortened so retry tests run in ms.
import { setEngineConfig } from "../../provider/core/config";
import { setHttpOptions } from "../../provider/core/http";
import { listCache } from "../../provider/core/listCache";
import { removalBudgets } from "../../provider/core/removalBudget";
import { forgetClaims } from "../../provider/flat/userProfile";
import { Emulator, EmulatorOptions, FaultRule, startEmulator } from "../../emulator";

export interface EmulatorHandle {
    readonly em: Emulator;
    /** Stack-config style keys, as `configure` receives them. */
    readonly config: Record<string, string>;
}

/**
 * Short backoff so that retry tests run in ms. The timeout stays the client's default: no test using
 * this measures a timeout, and a shorter one fails requests that a loaded machine answers late.
 */
export const fastHttp = { baseDelayMs: 2, maxDelayMs: 20 };

/**
 * beforeAll/afterAll/beforeEach wiring: one emulator per file, state and counters reset, the list
 * cache dropped and a new run begun (removal budgets, adopted accounts) before each test. Returns a
 * handle filled in by beforeAll.
 */
export function useEmulator(options: EmulatorOptions = {}): EmulatorHandle {
    const handle = {} as { em: Emulator; config: Record<string, string> };
    beforeAll(async () => {
        handle.em = await startEmulator(options);
        handle.config = {
            "flat:accessToken": handle.em.flatToken,
            "flat:baseUrl": handle.em.flatUrl,
        };
        setEngineConfig((key) => handle.config[key]);
        setHttpOptions(fastHttp);
    });
    beforeEach(() => {
        handle.em.reset();
        listCache.drop();
        for (const budget of Object.values(removalBudgets)) budget.reset();
        forgetClaims();
    });
    afterAll(async () => {
        setEngineConfig(() => undefined);
        setHttpOptions({});
        await handle.em?.close();
    });
    return handle;
}

/** A fault that loses the response of the next matching request once the emulator has applied it. */
export const lostResponse = (method: string, path: string | RegExp): FaultRule => ({
    kind: "dropAfter",
    api: "flat",
    method,
    path,
    times: 1,
});
