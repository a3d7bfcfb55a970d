// examples/edubase-staff under the mock engine, which executes each serialized `__provider` against the
// emulator, under every reading of what EduBase's documentation leaves open: up → up again sends no
// request → preview and refresh show no change → a roster change sends exactly the difference →
// destroy leaves no membership behind. U_SZABO starts in the "Heads" department of ORG_MATH, where the
// program gives him explicit levels: the case the readings split on.
import { Emulator, startEmulator } from "../../emulator";
import { MockEngine } from "../support/mockEngine";
import { findLeaks } from "../support/secrets";
import program = require("../../examples/edubase-staff");
import { grade9, itAdmin, teachers } from "../../examples/edubase-staff/roster";
import { describeEachReading } from "../support/edubaseReadings";
import { seedEdubaseStaff } from "../support/examples";

const ORGS = ["ORG_MATH", "ORG_PHYSICS"];

describeEachReading((readings) => {
    let em: Emulator;
    let engine: MockEngine;
    const requests = () => em.count({ api: "edubase" });
    const members = (org: string) => [...em.edubase!.organization(org)!.members.keys()].sort();

    beforeAll(async () => {
        em = await startEmulator({ edubase: { readings } });
        engine = new MockEngine({ project: "edubase-staff", config: seedEdubaseStaff(em) });
        em.edubase!.setMembership("ORG_MATH", "U_SZABO", {
            department: "Heads",
            permission: { organization: "supervisor", content: "control" },
        });
    });
    const kept = readings.explicitLevelsOnDepartment === "keep";
    const warnings = () => engine.lastRun.logs.filter((l) => l.level === "warn").map((l) => l.message);
    /** The warning that EduBase keeps U_SZABO's department over the levels the program declares. */
    const szabo =
        /edubase\.OrganizationMember ORG_MATH\/U_SZABO: (\w+: )?EduBase keeps U_SZABO in department "Heads" of ORG_MATH over the declared levels teacher\/modify/;
    afterAll(() => em?.close());

    test("up, up again with no request, preview and refresh without change, a roster change, destroy", async () => {
        const outputs = await engine.up(program);
        expect(engine.lastRun.errors).toEqual([]);
        expect(engine.lastOps.every((o) => o.op === "create")).toBe(true);
        expect(engine.findCreatedResource("edubase:OrganizationMember", "head-of-science-physics").props).toMatchObject(
            {
                department: "Heads",
                permissionOrganization: "supervisor",
                permissionContent: "control",
            },
        );
        // What EduBase has is recorded, and said once when it is not what the program declares.
        expect(em.edubase!.membership("ORG_MATH", "U_SZABO")).toEqual(
            kept
                ? { department: "Heads", permission: { organization: "supervisor", content: "control" } }
                : { department: null, permission: { organization: "teacher", content: "modify" } },
        );
        expect(engine.findCreatedResource("edubase:OrganizationMember", "szabo-math").props).toMatchObject(
            kept
                ? { department: "Heads", permissionOrganization: "supervisor", permissionContent: "control" }
                : { permissionOrganization: "teacher", permissionContent: "modify" },
        );
        expect(warnings().filter((w) => szabo.test(w))).toHaveLength(kept ? 1 : 0);
        expect(em.edubase!.membership("ORG_PHYSICS", grade9[0])).toEqual({
            department: "Grade 9",
            permission: { organization: "member", content: "view" },
        });
        expect(em.edubase!.membership("ORG_PHYSICS", itAdmin)?.permission).toEqual({
            organization: "admin",
            content: "admin",
        });
        expect(members("ORG_MATH")).toHaveLength(grade9.length + 4);
        expect(outputs).toHaveProperty("grade9Count");

        em.resetRecords();
        await engine.up(program);
        expect(engine.lastOps.every((o) => o.op === "same")).toBe(true);
        expect(requests()).toBe(0);

        await engine.preview(program);
        expect(engine.lastOps.every((o) => o.op === "same")).toBe(true);
        expect(requests()).toBe(0);
        // Every preview says again what EduBase does not apply, without a request.
        expect(warnings().filter((w) => szabo.test(w))).toHaveLength(kept ? 1 : 0);

        await engine.refresh();
        expect(engine.lastOps.filter((o) => o.changed)).toEqual([]);
        // One member list per organization for every membership resource, one list for the IT admin.
        expect(requests()).toBe(3);
        // What the refresh recorded still matches the program.
        await engine.preview(program);
        expect(engine.lastOps.every((o) => o.op === "same")).toBe(true);

        // Three students leave and a teacher starts teaching physics too.
        const leaving = grade9.splice(3, 3);
        teachers[0].subjects.push("physics");
        em.resetRecords();
        try {
            // The preview tells what will hurt, without a request.
            await engine.preview(program);
            expect(requests()).toBe(0);
            expect(warnings()).toEqual(
                expect.arrayContaining(
                    ORGS.map((o) => expect.stringContaining(`: removes 3 users from ${o} (${leaving.join(", ")})`)),
                ),
            );

            // Past the budget, the set update is refused whole, before any request to it.
            engine.config["edubase:maxMembershipRemovals"] = "5";
            await engine.up(program).catch(() => undefined);
            expect(engine.lastRun.errors.map((e) => e.message)).toEqual([
                expect.stringMatching(
                    /grade9: edubase\.OrganizationMembers members-\w+: update: refused before any request: these 6 removals would pass the limit of 5 memberships removed per run \(edubase:maxMembershipRemovals/,
                ),
            ]);
            // The rest of the run went through: the teacher's new membership, read back once.
            expect(em.exchanges.map((x) => [x.method, x.path, x.requestBody ?? x.query])).toEqual([
                [
                    "POST",
                    "/organization:members",
                    {
                        organization: "ORG_PHYSICS",
                        users: "U_NAGY",
                        permission_organization: "teacher",
                        permission_content: "modify",
                        notify: true,
                    },
                ],
                ["GET", "/organization:members", { organization: "ORG_PHYSICS" }],
            ]);

            // Raised in the same change, the next up removes exactly the three, and nothing else.
            engine.config["edubase:maxMembershipRemovals"] = "60";
            em.resetRecords();
            await engine.up(program);
            expect(engine.lastRun.errors).toEqual([]);
            expect(engine.lastOps.filter((o) => o.op !== "same").map((o) => `${o.op}:${o.name}`)).toEqual([
                "update:grade9",
            ]);
            expect(em.exchanges.map((x) => [x.method, x.path, x.requestBody]).sort()).toEqual(
                [
                    ["DELETE", "/organization:members", { organization: "ORG_MATH", users: leaving.join(",") }],
                    ["DELETE", "/organization:members", { organization: "ORG_PHYSICS", users: leaving.join(",") }],
                ].sort(),
            );
        } finally {
            grade9.splice(3, 0, ...leaving);
            teachers[0].subjects.pop();
        }

        await engine.destroy();
        expect(engine.lastRun.errors).toEqual([]);
        expect(ORGS.map(members)).toEqual([[], []]);
        expect(findLeaks(engine.messages.join("\n") + engine.stateText(), [em.edubase!.credentials.secret])).toEqual(
            [],
        );
    });
});
