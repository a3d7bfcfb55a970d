// examples/edubase-staff under every reading of what EduBase's documentation leaves open (see
// tests/support/edubaseReadings.ts): the first up, then a second up with no write, a preview and a
// refresh without change, and a destroy that leaves nothing. U_SZABO starts in the "Heads"
// department of ORG_MATH, where the program gives him explicit levels: the case the readings split on.
import { Emulator, startEmulator } from "../../emulator";
import { MockEngine } from "../support/mockEngine";
import program = require("../../examples/edubase-staff");
import { describeEachReading } from "../support/edubaseReadings";
import { seedEdubaseStaff, STAFF_ORGANIZATIONS } from "../support/examples";

describeEachReading((readings) => {
    let em: Emulator;
    let engine: MockEngine;
    const writes = () => em.exchanges.filter((x) => x.api === "edubase" && x.method !== "GET");

    const kept = readings.explicitLevelsOnDepartment === "keep";

    beforeAll(async () => {
        em = await startEmulator({ edubase: { readings } });
        engine = new MockEngine({ project: "edubase-staff", config: seedEdubaseStaff(em) });
        em.edubase!.setMembership("ORG_MATH", "U_SZABO", {
            department: "Heads",
            permission: { organization: "supervisor", content: "control" },
        });
    });
    afterAll(() => em?.close());

    test("converges: a second up writes nothing, preview and refresh show no change, destroy leaves nothing", async () => {
        await engine.up(program);
        expect(engine.lastRun.errors).toEqual([]);
        expect(em.edubase!.membership("ORG_MATH", "U_SZABO")?.department).toBe(kept ? "Heads" : null);
        expect(engine.findCreatedResource("edubase:OrganizationMember", "szabo-math").props).toMatchObject(
            kept
                ? { department: "Heads", permissionOrganization: "supervisor", permissionContent: "control" }
                : { permissionOrganization: "teacher", permissionContent: "modify" },
        );

        em.resetRecords();
        await engine.up(program);
        expect(engine.lastRun.errors).toEqual([]);
        expect(engine.lastOps.filter((o) => o.op !== "same")).toEqual([]);
        expect(writes()).toEqual([]);

        await engine.preview(program);
        expect(engine.lastOps.filter((o) => o.op !== "same")).toEqual([]);

        await engine.refresh();
        expect(engine.lastOps.filter((o) => o.changed)).toEqual([]);
        await engine.preview(program);
        expect(engine.lastOps.filter((o) => o.op !== "same")).toEqual([]);

        await engine.destroy();
        expect(engine.lastRun.errors).toEqual([]);
        expect(STAFF_ORGANIZATIONS.map((o) => em.edubase!.organization(o)!.members.size)).toEqual([0, 0]);
    });
});
