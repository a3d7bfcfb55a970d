/**
 * `startEmulator()`: the Flat and EduBase emulators on one loopback server, with the recording,
 * fault-injection and latency controls tests and `edu-org-emulator` use.
 */
import { createEdubaseApi, EdubaseApi, EdubaseEmulatorOptions } from "./edubase";
import { createFlatApi, FlatApi } from "./flat";
import type { FlatApiOptions } from "./flat/state";
import { ExchangeFilter, startServer } from "./server";
import type { ApiModule, ApiName, FaultRule, RecordedExchange } from "./types";

export interface EmulatorOptions {
    /** Port on 127.0.0.1; 0 (default) picks a free one. */
    port?: number;
    /** Delay before every API request is handled (default 0). */
    latencyMs?: number;
    flat?: FlatApiOptions;
    /** EduBase emulator options; `false` leaves EduBase out. */
    edubase?: EdubaseEmulatorOptions | false;
}

export interface Emulator {
    /** `http://127.0.0.1:<port>` */
    readonly url: string;
    /** `url + "/v2"`, the Flat base URL. */
    readonly flatUrl: string;
    /** `url + "/api"`, the EduBase base URL. */
    readonly edubaseUrl: string;
    /** Admin token of the first Flat organization. */
    readonly flatToken: string;
    readonly flat: FlatApi;
    readonly edubase?: EdubaseApi;
    /** Every API exchange, in order (admin requests are not recorded). */
    readonly exchanges: RecordedExchange[];
    count(filter?: ExchangeFilter): number;
    /** Clears exchanges, the fault counter and the in-flight maxima. */
    resetRecords(): void;
    /** Everything back to the start: module state, records, fault rules, latency. */
    reset(): void;
    readonly faults: {
        add(rule: FaultRule): void;
        clear(): void;
        /** Faults injected since the last `resetRecords`. */
        injected(): number;
    };
    setLatency(ms: number): void;
    maxInFlight(api: ApiName): number;
    close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
    const flat = createFlatApi(options.flat);
    const edubase = options.edubase === false ? undefined : createEdubaseApi(options.edubase);
    const modules: ApiModule[] = edubase ? [flat, edubase] : [flat];
    const server = await startServer(modules, { port: options.port, latencyMs: options.latencyMs });
    return {
        url: server.url,
        flatUrl: `${server.url}${flat.prefix}`,
        edubaseUrl: `${server.url}/api`,
        flatToken: flat.organizations()[0].adminToken,
        flat,
        edubase,
        exchanges: server.exchanges,
        count: server.count,
        resetRecords: server.resetRecords,
        reset() {
            for (const m of modules) m.reset();
            server.resetRecords();
            server.clearFaults();
            server.setLatency(options.latencyMs ?? 0);
        },
        faults: { add: server.addFault, clear: server.clearFaults, injected: server.faultsInjected },
        setLatency: server.setLatency,
        maxInFlight: server.maxInFlight,
        close: server.close,
    };
}

export type * from "./types";
export type { ExchangeFilter } from "./server";
export type { FlatApi } from "./flat";
export type * from "./flat/state";
export type { EdubaseApi, EdubaseEmulatorOptions } from "./edubase";
export { defaultFlatToken } from "./flat/state";
export { defaultEdubaseCredentials } from "./edubase";
