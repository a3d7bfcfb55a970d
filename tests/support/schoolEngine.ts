// examples/school under the mock engine: the emulator (Flat only) and an engine with the example's
// stack config, started before a file's (or describe block's) tests and closed after them.
import { Emulator, startEmulator } from "../../emulator";
import { schoolConfig } from "./examples";
import { MockEngine } from "./mockEngine";

export interface SchoolUnderMockEngine {
    readonly em: Emulator;
    readonly engine: MockEngine;
}

/** Registers the hooks; the returned object's fields are set once `beforeAll` has run. */
export function useSchoolEngine(config: Record<string, unknown> = {}): SchoolUnderMockEngine {
    const school = {} as { em: Emulator; engine: MockEngine };
    beforeAll(async () => {
        school.em = await startEmulator({ edubase: false });
        school.engine = new MockEngine({ project: "school", config: { ...schoolConfig(school.em), ...config } });
    });
    afterAll(() => school.em?.close());
    return school;
}
