// The request counts the roster mode promises, measured by its own phase driver (0 latency) at
// N = 1,200 in one flat.OrganizationUsers plus a 300-member EduBase set. Never wall-clock times.
import { PhaseResult } from "../../bench/driver";
import { RosterPhase, RosterRun, runRosterBench } from "../../bench/roster";

const N = 1200;
let run: RosterRun;
const phase = (name: RosterPhase): PhaseResult<RosterPhase> => run.phases.find((p) => p.phase === name)!;

beforeAll(async () => {
    // Counts need no stacks (see requestCounts.test.ts).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        run = await runRosterBench({ n: N, edubaseMembers: 300, latencyMs: 0 });
    } finally {
        Error.stackTraceLimit = limit;
    }
    // Counts are what is measured: the limit only catches a hang (see requestCounts.test.ts).
}, 900_000);

test("first up: one users list, one POST per account, one EduBase write read back once", () => {
    expect(phase("up").requests).toEqual({
        "GET /organizations/users": 1,
        "POST /organizations/users": N,
        "POST /organizations:members": 1,
        // What EduBase made of the write is read back, never assumed from the request.
        "GET /organization:members": 1,
    });
});

test("no-change preview and up: 0 requests", () => {
    expect(phase("preview (no change)").requests).toEqual({});
    expect(phase("up (no change)").requests).toEqual({});
});

test("refresh: ⌈N/1000⌉ user-list pages and one member list, no drift", () => {
    expect(phase("refresh").requests).toEqual({ "GET /organizations/users": 2, "GET /organization:members": 1 });
    expect(phase("refresh").drift).toBe(0);
});

test("1% role changes: exactly that many PUTs; 1% removals: exactly that many DELETEs", () => {
    expect(run.changedUsers).toBe(N / 100);
    expect(phase("update 1% roles").requests).toEqual({ "PUT /organizations/users/{id}": N / 100 });
    expect(phase("remove 1%").requests).toEqual({ "DELETE /organizations/users/{id}": N / 100 });
});

test("state stays under 300 bytes per account; destroy removes every account and membership", () => {
    expect(phase("up (no change)").stateBytes / N).toBeLessThan(300);
    expect(phase("destroy").requests["DELETE /organizations/users/{id}"]).toBe(N - N / 100);
    expect(phase("destroy").resources).toBe(0);
});
