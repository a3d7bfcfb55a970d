// examples/edubase-staff run as `pulumi up` runs it, without the CLI (see school.test.ts): up, a
// no-change preview with 0 requests, a roster change made in the program's own roster.ts, refresh,
// destroy; a membership the program no longer declares is deleted; the EduBase secret never in plaintext in state or output. Refresh and destroy run no
// program and configure the provider from the config stored at the last up, so they still reach the
// emulator after Pulumi.dev.yaml points elsewhere.
import * as fs from "node:fs";
import * as path from "node:path";
import { Emulator, startEmulator } from "../../emulator";
import { changes, EngineDouble } from "../support/engineDouble";
import { runtimeExample } from "../support/engineDouble/exampleDir";
import { seedEdubaseStaff, STAFF_ORGANIZATIONS } from "../support/examples";
import { findLeaks } from "../support/secrets";
import { grade9 } from "../../examples/edubase-staff/roster";

// A hang, not a slow machine, should fail these: several runs of up to minutes each on a loaded runner.
jest.setTimeout(1_800_000);

let em: Emulator;
let engine: EngineDouble;
const members = (org: string) => [...em.edubase!.organization(org)!.members.keys()];

beforeAll(async () => {
    em = await startEmulator();
    engine = runtimeExample("edubase-staff", seedEdubaseStaff(em));
});
afterAll(() => em?.close());

test("up, no-change preview with 0 requests, a roster change, refresh, destroy", async () => {
    const up = await engine.up();
    const dynamic = up.ops.filter((o) => o.type.startsWith("pulumi-nodejs:dynamic/"));
    expect(dynamic.length).toBeGreaterThan(0);
    expect(dynamic.every((o) => o.op === "create")).toBe(true);
    expect(members("ORG_MATH")).toHaveLength(grade9.length + 4);

    em.resetRecords();
    const preview = await engine.preview();
    expect(changes(preview.ops)).toEqual([]);
    expect(em.count({ api: "edubase" })).toBe(0);

    // Three students leave and the last teacher's memberships end: the user edits the program's roster.
    const leaving = grade9.slice(3, 6);
    fs.appendFileSync(path.join(engine.dir, "roster.ts"), "\ngrade9.splice(3, 3);\nteachers.pop();\n");
    em.resetRecords();
    const change = await engine.up();
    expect(changes(change.ops)).toEqual(["delete:szabo-math", "delete:szabo-physics", "update:grade9"]);
    for (const org of STAFF_ORGANIZATIONS) {
        for (const user of leaving) expect(members(org)).not.toContain(user);
        expect(members(org)).not.toContain("U_SZABO");
    }
    expect(engine.resources().some((r) => r.urn.endsWith("::szabo-math"))).toBe(false);

    engine.changeConfig({ "edubase:apiUrl": "http://127.0.0.1:9/unreachable" });
    const refresh = await engine.refresh();
    expect(refresh.ops.filter((o) => o.changed || o.gone)).toEqual([]);

    await engine.destroy();
    expect(engine.resources()).toEqual([]);
    for (const org of STAFF_ORGANIZATIONS) expect(members(org)).toEqual([]);

    expect(findLeaks(engine.exposedText(), [em.edubase!.credentials.secret])).toEqual([]);
    expect(engine.runs[0].state).toContain('"ciphertext"'); // the default provider's edubase:secret, encrypted
});
