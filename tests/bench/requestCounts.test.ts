// The request counts the README promises, measured by the benchmark's own phase driver (0 latency):
// a no-change preview or up costs 0 requests, a refresh reads each list once (⌈N/1000⌉ pages of
// users), a 10% role change is exactly that many PUTs and nothing else. Never wall-clock times.
import { BenchRun, PhaseName, runBench } from "../../bench/driver";

const runs = new Map<number, BenchRun>();
const phase = (n: number, name: PhaseName) => runs.get(n)!.phases.find((p) => p.phase === name)!;

describe.each([100, 1200])("N = %i", (n) => {
    beforeAll(async () => {
        // The SDK formats a stack for every Output promise (runtime/debuggable.js), and Jest raises
        // Error.stackTraceLimit to 100 and source-maps each frame: ~4x slower. Counts need no stacks.
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            runs.set(n, await runBench({ n, latencyMs: 0 }));
        } finally {
            Error.stackTraceLimit = limit;
        }
        // What is measured is counts: the time limit only catches a hang, and a loaded 2-core CI
        // runner takes several times an idle one's minute for N = 1,200.
    }, 900_000);

    test("first up: one POST per user; no list request but EduBase's member lists, read back once per organization", () => {
        const p = phase(n, "up");
        expect(p.ops).toEqual({ create: p.resources });
        expect(p.requests["POST /organizations/users"]).toBe(n);
        // What EduBase made of the writes is read back, never assumed: all writes share one read per organization.
        expect(Object.entries(p.requests).filter(([k]) => k.startsWith("GET"))).toEqual([
            ["GET /organization:members", 2],
        ]);
    });

    test("no-change preview and no-change up: 0 requests", () => {
        for (const name of ["preview (no change)", "up (no change)"] as const) {
            const p = phase(n, name);
            expect(p.ops).toEqual({ same: p.resources });
            expect(p.requests).toEqual({});
        }
    });

    test("refresh: ⌈N/1000⌉ user-list pages, one list per other kind and per EduBase organization, no drift", () => {
        const p = phase(n, "refresh");
        expect(p.ops).toEqual({ read: p.resources });
        expect(p.drift).toBe(0);
        expect(p.requests).toEqual({
            "GET /organizations/users": Math.ceil(n / 1000),
            "GET /organizations/invitations": 1,
            "GET /organizations/lti/credentials": 1,
            "GET /organization:members": 2,
        });
    });

    test("update of 10% of the users: exactly that many PUTs, no list request", () => {
        const run = runs.get(n)!;
        const p = phase(n, "update 10%");
        expect(run.changedUsers).toBe(n / 10);
        expect(p.ops).toEqual({ update: run.changedUsers, same: p.resources - run.changedUsers });
        expect(p.requests).toEqual({ "PUT /organizations/users/{id}": run.changedUsers });
    });

    test("destroy: one DELETE per user, no list request, nothing left", () => {
        const p = phase(n, "destroy");
        expect(p.requests["DELETE /organizations/users/{id}"]).toBe(n);
        expect(Object.keys(p.requests).filter((k) => k.startsWith("GET"))).toEqual([]);
        expect(p.resources).toBe(0);
    });

    test("every __provider is one require line of the installed package, under 1 KB", () => {
        // runBench fails before this when a text is anything but one require of pulumi-edu-org/dist/….
        for (const bytes of Object.values(runs.get(n)!.providerBytes)) expect(bytes).toBeLessThanOrEqual(1024);
    });
});
