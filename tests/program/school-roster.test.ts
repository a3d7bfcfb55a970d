// examples/school's roster lifecycle under the mock engine that executes each `__provider`:
// up → a second up changes nothing and its resources make 0 requests → one student's role changed
// updates only that user with one PUT → a removed student is deleted → destroy leaves only the admin.
import { schoolResourceRequests } from "../support/examples";
import { useSchoolEngine } from "../support/schoolEngine";
import program = require("../../examples/school");
import { students } from "../../examples/school/roster";

const school = useSchoolEngine();
/** Requests made by resources; the example's report functions read the organization on every run. */
const resourceRequests = () => schoolResourceRequests(school.em);

test("roster changes reach only the users they concern", async () => {
    const { em, engine } = school;
    await engine.up(program);
    expect(engine.lastRun.errors).toEqual([]);
    expect(em.flat.users().filter((u) => u.organizationRole === "user")).toHaveLength(students.length);

    em.resetRecords();
    await engine.up(program);
    expect(engine.lastOps.every((o) => o.op === "same")).toBe(true);
    expect(resourceRequests()).toEqual([]);

    const promoted = students[4];
    const leaving = students[29];
    promoted.role = "teacher";
    students.splice(29, 1);
    try {
        em.resetRecords();
        await engine.up(program);
        expect(engine.lastRun.errors).toEqual([]);
        expect(
            engine.lastOps
                .filter((o) => o.op !== "same")
                .map((o) => `${o.op}:${o.name}`)
                .sort(),
        ).toEqual([`delete:${leaving.username}`, `update:${promoted.username}`]);
        const id = (name: string) => engine.findCreatedResource("flat:OrganizationUser", name).id;
        expect(resourceRequests().map((e) => [e.method, e.path, e.requestBody ?? e.query])).toEqual(
            expect.arrayContaining([
                ["PUT", `/organizations/users/${id(promoted.username)}`, { organizationRole: "teacher" }],
            ]),
        );
        expect(resourceRequests().filter((e) => e.method !== "GET")).toHaveLength(2);
        // Students are converted to individual accounts on removal: their scores survive.
        const removal = resourceRequests().find((e) => e.method === "DELETE")!;
        expect(removal.query).toMatchObject({ convertToIndividual: "true" });
        expect(em.flat.users().find((u) => u.username === leaving.username)).toBeUndefined();
        expect(em.flat.users().find((u) => u.username === promoted.username)?.organizationRole).toBe("teacher");
    } finally {
        promoted.role = undefined;
        students.splice(29, 0, leaving);
    }

    await engine.destroy();
    expect(engine.lastRun.errors).toEqual([]);
    expect(engine.state.size).toBe(0);
    expect(em.flat.users()).toEqual([]);
    // Only the admin the token acts for is still in the organization.
    const members = em.flat.accounts().filter((a) => a.organization === em.flat.organizations()[0].id);
    expect(members.map((a) => a.organizationRole)).toEqual(["admin"]);
});
