// examples/district's EduBase part (the teachers' OrganizationMembers set) under every reading of what
// EduBase's documentation leaves open: after the first up, a second up and a preview send no request
// and show no change. district.test.ts holds the program to the rest (rollover, budgets, failures).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Emulator, startEmulator } from "../../emulator";
import program = require("../../examples/district");
import { describeEachReading } from "../support/edubaseReadings";
import { DISTRICT, seedDistrict } from "../support/examples";
import { MockEngine } from "../support/mockEngine";

const EXPORT = path.join(__dirname, "../../examples/district/sis-export");

describeEachReading((readings) => {
    let em: Emulator;
    let tmp: string;

    beforeAll(async () => {
        em = await startEmulator({ edubase: { readings } });
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "district-readings-"));
    });
    afterAll(async () => {
        fs.rmSync(tmp, { recursive: true, force: true });
        await em?.close();
    });

    test("converges: a second up and a preview send no request and show no change", async () => {
        const sisExport = path.join(tmp, "sis-export");
        fs.cpSync(EXPORT, sisExport, { recursive: true });
        const engine = new MockEngine({
            project: "district",
            config: { ...seedDistrict(em), sisExport },
        });
        await engine.up(program);
        expect(engine.lastRun.errors).toEqual([]);
        const teachers = engine.findCreatedResource("edubase:OrganizationMembers", "teachers-edubase").props.users;
        expect(teachers).toHaveLength(20);
        expect(em.edubase!.organization(DISTRICT.organization)!.members.size).toBe(20);

        em.resetRecords();
        await engine.up(program);
        expect(engine.lastRun.errors).toEqual([]);
        expect(engine.lastOps.filter((o) => o.op !== "same")).toEqual([]);
        await engine.preview(program);
        expect(engine.lastOps.filter((o) => o.op !== "same")).toEqual([]);
        expect(em.exchanges).toEqual([]);
    });
});
