import { PROVIDER_VERSION } from "../../provider/core/dynamic";
import { handlers, UserOrganizationsOutputs } from "../../provider/edubase/userOrganizations";
import { useEdubase } from "../support/edubase";
import { describeEachReading } from "../support/edubaseReadings";
import { lifecycle } from "../support/handlers";

const lifecycleOf = lifecycle(handlers);
const { checked } = lifecycleOf;

const teacher = {
    user: "T1",
    organizations: ["ORG_A", "ORG_B"],
    permissionOrganization: "teacher",
    permissionContent: "modify",
};

// check and diff send no request: what EduBase does cannot change them, so they run once.
describe("check and diff", () => {
    const e = useEdubase();
    const count = () => e.h.em.count({ api: "edubase" });

    it.each([
        ["user", { user: "T1/T2" }, /^user must be EduBase identification strings without commas, slashes or spaces/],
        ["organizations", { organizations: [] }, /^organizations must have at least 1 item/],
        [
            "permissionOrganization",
            { permissionOrganization: "principal" },
            /^permissionOrganization must be one of member, teacher, reporter, supervisor, admin; got "principal"/,
        ],
        [
            "department",
            { department: "Staff" },
            /^department and permissionOrganization\/permissionContent cannot be set together/,
        ],
    ])("rejects a bad %s at check, before any request", async (property, bad, reason) => {
        const r = await handlers.check({}, { ...teacher, ...bad });
        expect(r.failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
        expect(count()).toBe(0);
    });

    it("replaces, deleting first, when the user changes, and ignores the order of organizations", async () => {
        const olds = { ...(await checked(teacher)), providerVersion: PROVIDER_VERSION } as UserOrganizationsOutputs;
        expect(await handlers.diff("T1", olds, await checked({ ...teacher, user: "T2" }))).toEqual({
            changes: true,
            replaces: ["user"],
            deleteBeforeReplace: true,
        });
        expect(
            (await handlers.diff("T1", olds, await checked({ ...teacher, organizations: ["ORG_B", "ORG_A"] }))).changes,
        ).toBe(false);
    });

    it("warns in diff (every preview) about the organizations the user leaves, with 0 requests", async () => {
        const olds = { ...(await checked(teacher)), providerVersion: PROVIDER_VERSION } as UserOrganizationsOutputs;
        await handlers.diff("T1", olds, await checked({ ...teacher, organizations: ["ORG_A"] }));
        await handlers.diff("T1", olds, await checked({ ...teacher, user: "T2" }));
        expect(e.warnings).toEqual([
            "edubase.UserOrganizations T1: removes T1 from ORG_B",
            "edubase.UserOrganizations T1: removes T1 from ORG_A, ORG_B",
        ]);
        expect(count()).toBe(0);
    });
});

// Every request under every reading of what EduBase's documentation leaves open.
describeEachReading((readings) => {
    const e = useEdubase({ readings });
    const count = (method?: string) => e.h.em.count({ api: "edubase", method });

    beforeAll(() => {
        for (const o of ["ORG_A", "ORG_B", "ORG_C"]) e.api.seedOrganization({ organization: o, name: `School ${o}` });
        for (const u of ["T1", "T2", "T3", "T4"]) e.api.seedUser({ user: u, name: `Teacher ${u}` });
    });

    async function created(news: Record<string, unknown>) {
        const r = await lifecycleOf.created(news);
        e.h.em.resetRecords();
        e.newRun();
        return r;
    }

    it("creates with one POST /user:organizations and the user's code as id", async () => {
        const { id, outs } = await handlers.create(await checked({ ...teacher, notify: true }));
        expect([id, outs.organizations]).toEqual(["T1", ["ORG_A", "ORG_B"]]);
        expect(e.writes().map((x) => [x.method, x.path, x.requestBody])).toEqual([
            [
                "POST",
                "/user:organizations",
                {
                    user: "T1",
                    organizations: "ORG_A,ORG_B",
                    permission_organization: "teacher",
                    permission_content: "modify",
                    notify: true,
                },
            ],
        ]);
    });

    it("adds and removes exactly the difference, removals one DELETE per organization", async () => {
        const { id, outs } = await created({ ...teacher, user: "T2", organizations: ["ORG_A", "ORG_B", "ORG_C"] });
        await handlers.update(id, outs, await checked({ ...teacher, user: "T2", organizations: ["ORG_A"] }));
        // Sent side by side: in either order.
        expect(e.writes().map((x) => [x.method, x.path, x.requestBody])).toEqual(
            expect.arrayContaining([
                ["DELETE", "/organization:members", { organization: "ORG_B", users: "T2" }],
                ["DELETE", "/organization:members", { organization: "ORG_C", users: "T2" }],
            ]),
        );
        expect(e.writes()).toHaveLength(2);
        e.h.em.resetRecords();
        await handlers.update(
            id,
            { ...outs, organizations: ["ORG_A"] },
            await checked({ ...teacher, user: "T2", organizations: ["ORG_A", "ORG_C"], permissionContent: "view" }),
        );
        expect(e.writes().map((x) => x.requestBody)).toEqual(
            expect.arrayContaining([
                { user: "T2", organizations: "ORG_A", permission_organization: "teacher", permission_content: "view" },
                { user: "T2", organizations: "ORG_C", permission_organization: "teacher", permission_content: "view" },
            ]),
        );
        // Two writes, then each organization's member list read back once.
        expect([count("POST"), count("GET")]).toEqual([2, 2]);
    });

    it("reads through GET /user:organizations and reports drift", async () => {
        const { id, outs } = await created({ ...teacher, user: "T3" });
        e.api.setMembership("ORG_B", "T3", {
            department: null,
            permission: { organization: "member", content: "none" },
        });
        const r = await handlers.read(id, outs);
        expect(r.props).toMatchObject({ user: "T3", organizations: ["ORG_A"] });
        expect(e.h.em.exchanges.map((x) => [x.method, x.path, x.query])).toEqual([
            ["GET", "/user:organizations", { user: "T3" }],
        ]);
    });

    it("adopts every organization of a user through the id alone (Resource.get)", async () => {
        e.api.setMembership("ORG_A", "T4", {
            department: null,
            permission: { organization: "admin", content: "grant" },
        });
        e.api.setMembership("ORG_C", "T4", {
            department: null,
            permission: { organization: "admin", content: "grant" },
        });
        expect((await handlers.read("T4", {} as UserOrganizationsOutputs)).inputs).toEqual({
            user: "T4",
            organizations: ["ORG_A", "ORG_C"],
            permissionOrganization: "admin",
            permissionContent: "grant",
        });
    });

    it("maps an unknown user (EduBase's 403) to gone, and deletes tolerate it", async () => {
        expect(await handlers.read("GHOST", teacher as UserOrganizationsOutputs)).toEqual({});
        await expect(
            handlers.delete("GHOST", { ...teacher, user: "GHOST" } as UserOrganizationsOutputs),
        ).resolves.toBeUndefined();
    });

    it("deletes with one DELETE /organization:members per organization", async () => {
        const { id, outs } = await created(teacher);
        await handlers.delete(id, outs);
        // Sent side by side: in either order.
        expect(e.writes().map((x) => [x.method, x.path, x.requestBody])).toEqual(
            expect.arrayContaining([
                ["DELETE", "/organization:members", { organization: "ORG_A", users: "T1" }],
                ["DELETE", "/organization:members", { organization: "ORG_B", users: "T1" }],
            ]),
        );
        expect(e.writes()).toHaveLength(2);
        expect(e.api.membership("ORG_A", "T1")).toBeUndefined();
    });

    it("an organization the integration lost access to fails refresh and destroy with EduBase's error", async () => {
        const { id, outs } = await created(teacher);
        e.api.setAccess("ORG_B", false);
        // The user's own list leaves ORG_B out; its member list is refused: not taken for gone.
        await expect(handlers.read(id, outs)).rejects.toThrow(
            /^edubase\.UserOrganizations T1: read: EduBase refuses ORG_B and its member list \(EduBase API GET \/organization:members failed: 403 INVALID_ORGANIZATION/,
        );
        await expect(handlers.delete(id, outs)).rejects.toThrow(
            /^edubase\.UserOrganizations T1: delete: removing T1 from ORG_B: EduBase refuses ORG_B and its member list \(EduBase API DELETE \/organization:members failed: 403 INVALID_ORGANIZATION/,
        );
        // The organization still accessible is left; the resource stays in state for ORG_B.
        expect([e.api.membership("ORG_A", "T1"), e.api.membership("ORG_B", "T1")]).toEqual([
            undefined,
            expect.anything(),
        ]);
    });
});
