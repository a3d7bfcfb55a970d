import { PROVIDER_VERSION, ResourceInitError, UNKNOWN } from "../../provider/core/dynamic";
import { setEngineConfig } from "../../provider/core/config";
import { handlers, OrganizationMemberOutputs, parseMemberId } from "../../provider/edubase/organizationMember";
import { useEdubase } from "../support/edubase";
import { describeEachReading } from "../support/edubaseReadings";
import { lifecycle } from "../support/handlers";

const lifecycleOf = lifecycle(handlers);
const { checked } = lifecycleOf;
const teacher = {
    organization: "ORG_MATH",
    user: "U1",
    permissionOrganization: "teacher",
    permissionContent: "modify",
};

// check and diff send no request: what EduBase does cannot change them, so they run once.
describe("check and diff", () => {
    const e = useEdubase();
    const count = () => e.h.em.count({ api: "edubase" });

    describe("check", () => {
        it.each([
            ["organization", { organization: undefined }, /^organization is required/],
            [
                "user",
                { user: "U1,U2" },
                /^user must be EduBase identification strings without commas, slashes or spaces; got "U1,U2"/,
            ],
            ["organization", { organization: "" }, /organization must be at least 1 characters/],
            [
                "permissionOrganization",
                { permissionOrganization: "owner" },
                /^permissionOrganization must be one of member, teacher, reporter, supervisor, admin; got "owner"/,
            ],
            [
                "permissionContent",
                { permissionContent: "write" },
                /^permissionContent must be one of none, view, report, control, modify, grant, admin; got "write"/,
            ],
            ["notify", { notify: "yes" }, /^notify must be a boolean/],
            [
                "department",
                { department: "Grade 9" },
                /^department and permissionOrganization\/permissionContent cannot be set together: EduBase takes either a department, which carries its own permission levels, or explicit permission levels/,
            ],
        ])(
            "rejects a bad %s with a message naming it and the allowed values, before any request",
            async (property, bad, reason) => {
                const r = await handlers.check({}, { ...teacher, ...bad });
                expect(r.failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
                expect(count()).toBe(0);
            },
        );

        it("applies the defaults member/none only without a department", async () => {
            expect(await checked({ organization: "ORG_MATH", user: "U1" })).toEqual({
                organization: "ORG_MATH",
                user: "U1",
                permissionOrganization: "member",
                permissionContent: "none",
            });
            expect(await checked({ organization: "ORG_MATH", user: "U1", department: "Grade 9" })).toEqual({
                organization: "ORG_MATH",
                user: "U1",
                department: "Grade 9",
            });
        });

        it("treats the unknown sentinel as not known yet, never as a value", async () => {
            expect(
                (await handlers.check({}, { organization: UNKNOWN, user: UNKNOWN, permissionOrganization: UNKNOWN }))
                    .failures,
            ).toEqual([]);
        });
    });

    describe("diff", () => {
        const olds: OrganizationMemberOutputs = {
            organization: "ORG_MATH",
            user: "U1",
            permissionOrganization: "teacher",
            permissionContent: "modify",
            providerVersion: PROVIDER_VERSION,
        } as OrganizationMemberOutputs;
        const diff = async (news: Record<string, unknown>, from: OrganizationMemberOutputs = olds) =>
            handlers.diff("ORG_MATH/U1", from, await checked(news));

        it("finds no change for the same inputs, whatever notify says", async () => {
            expect(await diff({ ...teacher, notify: true })).toEqual({
                changes: false,
                replaces: [],
                deleteBeforeReplace: false,
            });
        });

        it("updates in place when a permission level changes", async () => {
            expect(await diff({ ...teacher, permissionContent: "view" })).toEqual({
                changes: true,
                replaces: [],
                deleteBeforeReplace: false,
            });
        });

        it.each(["organization", "user"])("replaces, deleting first, when %s changes (natural key)", async (key) => {
            expect(await diff({ ...teacher, [key]: "OTHER" })).toEqual({
                changes: true,
                replaces: [key],
                deleteBeforeReplace: true,
            });
        });

        it("does not compare the levels that come from a department", async () => {
            const fromDepartment = {
                ...olds,
                department: "Grade 9",
                permissionOrganization: "teacher",
                permissionContent: "view",
            } as OrganizationMemberOutputs;
            expect(
                (await diff({ organization: "ORG_MATH", user: "U1", department: "Grade 9" }, fromDepartment)).changes,
            ).toBe(false);
        });

        it("updates when a department gives way to explicit levels, even equal to the department's", async () => {
            const fromDepartment = {
                ...olds,
                department: "Grade 9",
                permissionOrganization: "teacher",
                permissionContent: "modify",
            } as OrganizationMemberOutputs;
            expect((await diff(teacher, fromDepartment)).changes).toBe(true);
        });

        it("counts an unknown value as a change and a stale providerVersion as one update", async () => {
            expect((await diff({ ...teacher, permissionOrganization: UNKNOWN })).changes).toBe(true);
            expect(await diff(teacher, { ...olds, providerVersion: "0" } as OrganizationMemberOutputs)).toEqual({
                changes: true,
                replaces: [],
                deleteBeforeReplace: false,
            });
        });
    });

    it("warns in diff (every preview) when a replacement takes the old membership away, with 0 requests", async () => {
        const olds = { ...(await checked(teacher)), providerVersion: PROVIDER_VERSION } as OrganizationMemberOutputs;
        await handlers.diff("ORG_MATH/U1", olds, await checked({ ...teacher, permissionContent: "view" }));
        expect(e.warnings).toEqual([]);
        await handlers.diff("ORG_MATH/U1", olds, await checked({ ...teacher, organization: "ORG_PHYS" }));
        expect(e.warnings).toEqual(["edubase.OrganizationMember ORG_MATH/U1: removes U1 from ORG_MATH"]);
        expect(count()).toBe(0);
    });
});

// Every request under every reading of what EduBase's documentation leaves open.
describeEachReading((readings) => {
    const e = useEdubase({ readings });
    /** Created in a run of its own: what follows is the next run. */
    async function created(news: Record<string, unknown>) {
        const r = await lifecycleOf.created(news);
        e.newRun();
        return r;
    }
    const count = (method?: string) => e.h.em.count({ api: "edubase", method });

    beforeAll(() => {
        e.api.seedOrganization({ organization: "ORG_MATH", name: "Math" });
        e.api.seedOrganization({ organization: "ORG_PHYS", name: "Physics" });
        e.api.seedDepartment("ORG_MATH", "Grade 9", { permissionOrganization: "teacher", permissionContent: "view" });
        for (const u of ["U1", "U2", "U3"]) e.api.seedUser({ user: u, name: `User ${u}` });
    });

    describe("create", () => {
        it("assigns with one POST /organization:members and returns the id <organization>/<user>", async () => {
            const { id, outs } = await created({ ...teacher, notify: true });
            expect(id).toBe("ORG_MATH/U1");
            expect(outs).toMatchObject({ ...teacher, notify: true });
            expect(e.writes().map((x) => [x.method, x.path, x.requestBody])).toEqual([
                [
                    "POST",
                    "/organization:members",
                    {
                        organization: "ORG_MATH",
                        users: "U1",
                        permission_organization: "teacher",
                        permission_content: "modify",
                        notify: true,
                    },
                ],
            ]);
            // What EduBase made of the write is read back, not assumed.
            expect(e.h.em.exchanges.map((x) => [x.method, x.path])).toEqual([
                ["POST", "/organization:members"],
                ["GET", "/organization:members"],
            ]);
            expect(e.api.notifications).toEqual([{ organization: "ORG_MATH", user: "U1" }]);
        });

        it("reads the department's permission levels back as outputs", async () => {
            const { outs } = await created({ organization: "ORG_MATH", user: "U2", department: "Grade 9" });
            expect(outs).toMatchObject({
                department: "Grade 9",
                permissionOrganization: "teacher",
                permissionContent: "view",
            });
            expect([count("POST"), count("GET")]).toEqual([1, 1]);
        });

        it("takes over an existing membership (EduBase's POST is an upsert) instead of failing", async () => {
            e.api.setMembership("ORG_MATH", "U3", {
                department: null,
                permission: { organization: "member", content: "none" },
            });
            await created({ ...teacher, user: "U3" });
            expect(e.api.membership("ORG_MATH", "U3")).toEqual({
                department: null,
                permission: { organization: "teacher", content: "modify" },
            });
        });

        it("records the membership although the department's levels could not be read back", async () => {
            e.h.em.faults.add({ kind: "status", api: "edubase", method: "GET", status: 500, times: 20 });
            const err = await created({ organization: "ORG_MATH", user: "U2", department: "Grade 9" }).catch((x) => x);
            expect(err).toBeInstanceOf(ResourceInitError);
            expect(err.id).toBe("ORG_MATH/U2");
            expect(e.api.membership("ORG_MATH", "U2")?.department).toBe("Grade 9");
        });

        it("fails on 401 with the EduBase error and without the secret", async () => {
            const secret = "wrong-secret-value";
            setEngineConfig((k) => ({ ...e.h.config, "edubase:secret": secret })[k]);
            try {
                const err = await created(teacher).catch((x) => x);
                expect(err.message).toMatch(/^EduBase API POST \/organization:members failed: 401 UNAUTHORIZED/);
                expect(err.message).not.toContain(secret);
            } finally {
                setEngineConfig((k) => e.h.config[k]);
            }
        });

        it("waits out a 429 and then assigns", async () => {
            e.h.em.faults.add({ kind: "status", api: "edubase", method: "POST", status: 429, times: 2 });
            await created(teacher);
            expect(count("POST")).toBe(3);
            expect(e.api.membership("ORG_MATH", "U1")).toBeDefined();
        });
    });

    describe("read", () => {
        it("returns real drift as props and inputs", async () => {
            const { id, outs } = await created(teacher);
            e.api.setMembership("ORG_MATH", "U1", {
                department: "Grade 9",
                permission: { organization: "teacher", content: "view" },
            });
            const r = await handlers.read(id, outs);
            expect(r.inputs).toEqual({ organization: "ORG_MATH", user: "U1", department: "Grade 9" });
            expect(r.props).toEqual({
                organization: "ORG_MATH",
                user: "U1",
                department: "Grade 9",
                permissionOrganization: "teacher",
                permissionContent: "view",
            });
        });

        it("adopts an existing membership through its id alone (Resource.get)", async () => {
            e.api.setMembership("ORG_PHYS", "U2", {
                department: null,
                permission: { organization: "admin", content: "grant" },
            });
            const r = await handlers.read("ORG_PHYS/U2", {} as OrganizationMemberOutputs);
            expect(r).toEqual({
                id: "ORG_PHYS/U2",
                props: expect.objectContaining({ permissionOrganization: "admin", permissionContent: "grant" }),
                inputs: {
                    organization: "ORG_PHYS",
                    user: "U2",
                    permissionOrganization: "admin",
                    permissionContent: "grant",
                },
            });
        });

        it("reports a membership removed outside Pulumi as gone", async () => {
            const { id, outs } = await created(teacher);
            e.api.setMembership("ORG_MATH", "U1", undefined);
            e.h.em.resetRecords();
            const { listCache } = await import("../../provider/core/listCache");
            listCache.drop();
            expect(await handlers.read(id, outs)).toEqual({});
        });

        it("fails the read of an organization EduBase refuses, with EduBase's error, instead of taking it for gone", async () => {
            const err = await handlers.read("ORG_DELETED/U1", {} as OrganizationMemberOutputs).catch((x) => x);
            expect(err.message).toMatch(
                /^edubase\.OrganizationMember ORG_DELETED\/U1: read: EduBase refuses ORG_DELETED and its member list \(EduBase API GET \/organization:members failed: 403 INVALID_ORGANIZATION "Invalid organization or permission denied"\): the organization is unknown or this integration lost access to it, and nothing is taken for gone\. The memberships stay in state/,
            );
            expect(err.cause).toMatchObject({ status: 403 });
            expect(e.h.em.exchanges.map((x) => x.status)).toEqual([403]);
        });

        it("refreshes 1,000 memberships across two organizations with exactly 2 requests", async () => {
            const orgs = ["ORG_BIG_1", "ORG_BIG_2"];
            const ids = orgs.flatMap((o) => {
                if (!e.api.organization(o)) e.api.seedOrganization({ organization: o, name: o });
                return e.api.seedMembers(o, 500).map((u) => `${o}/${u}`);
            });
            e.h.em.resetRecords();
            const results = await Promise.all(ids.map((id) => handlers.read(id, {} as OrganizationMemberOutputs)));
            expect(results.filter((r) => r.id).length).toBe(1000);
            expect(e.h.em.count({ api: "edubase" })).toBe(2);
            expect(e.h.em.exchanges.map((x) => [x.method, x.path, x.query.organization])).toEqual(
                expect.arrayContaining([
                    ["GET", "/organization:members", "ORG_BIG_1"],
                    ["GET", "/organization:members", "ORG_BIG_2"],
                ]),
            );
        });

        it("rejects an id that is not <organization>/<user>", () => {
            expect(() => parseMemberId("ORG_MATH")).toThrow(
                'edubase.OrganizationMember id "ORG_MATH" must be in the format <organization>/<user>',
            );
        });
    });

    describe("update", () => {
        it("changes one user's permissions with one POST naming only that user", async () => {
            const users = e.api.seedMembers("ORG_PHYS", 100);
            const before = new Map(users.map((u) => [u, e.api.membership("ORG_PHYS", u)]));
            const olds = {
                organization: "ORG_PHYS",
                user: users[42],
                permissionOrganization: "member",
                permissionContent: "none",
                providerVersion: PROVIDER_VERSION,
            } as OrganizationMemberOutputs;
            e.h.em.resetRecords();
            const news = await checked({
                organization: "ORG_PHYS",
                user: users[42],
                permissionOrganization: "supervisor",
                permissionContent: "control",
            });
            const { outs } = await handlers.update(`ORG_PHYS/${users[42]}`, olds, news);
            expect(outs).toMatchObject({ permissionOrganization: "supervisor", permissionContent: "control" });
            expect(e.writes().map((x) => [x.method, x.path, x.requestBody])).toEqual([
                [
                    "POST",
                    "/organization:members",
                    {
                        organization: "ORG_PHYS",
                        users: users[42],
                        permission_organization: "supervisor",
                        permission_content: "control",
                    },
                ],
            ]);
            expect(users.filter((u) => u !== users[42] && e.api.membership("ORG_PHYS", u) !== before.get(u))).toEqual(
                [],
            );
        });

        it("never sends notify on an update", async () => {
            const { id, outs } = await created(teacher);
            await handlers.update(id, outs, await checked({ ...teacher, permissionContent: "grant", notify: true }));
            expect(e.writes()[1].requestBody).not.toHaveProperty("notify");
        });
    });

    describe("delete", () => {
        it("removes the membership with one DELETE", async () => {
            const { id, outs } = await created(teacher);
            await handlers.delete(id, outs);
            expect(e.api.membership("ORG_MATH", "U1")).toBeUndefined();
            expect(e.writes()[1]).toMatchObject({
                method: "DELETE",
                path: "/organization:members",
                requestBody: { organization: "ORG_MATH", users: "U1" },
            });
        });

        it("fails, and keeps the membership, when EduBase refuses the removal and the organization cannot be read", async () => {
            const err = await handlers
                .delete("ORG_DELETED/U1", { organization: "ORG_DELETED", user: "U1" } as OrganizationMemberOutputs)
                .catch((x) => x);
            expect(err.message).toMatch(
                /^edubase\.OrganizationMember ORG_DELETED\/U1: delete: removing U1 from ORG_DELETED: EduBase refuses ORG_DELETED and its member list \(EduBase API DELETE \/organization:members failed: 403 INVALID_ORGANIZATION/,
            );
            expect(e.h.em.exchanges.map((x) => [x.method, x.status])).toEqual([
                ["DELETE", 403],
                ["GET", 403],
            ]);
        });
    });

    describe("one pair, one resource", () => {
        it("warns when another resource of the deployment already manages the pair", async () => {
            const { claim } = await import("../../provider/edubase/pairs");
            claim("edubase.OrganizationMembers members-test", ["ORG_PHYS"], ["U3"]);
            await created({ ...teacher, organization: "ORG_PHYS", user: "U3" });
            expect(e.warnings).toEqual([
                expect.stringMatching(
                    /^edubase\.OrganizationMember ORG_PHYS\/U3 manages 1 membership \(ORG_PHYS\/U3\) that edubase\.OrganizationMembers members-test also manages\. One \(organization, user\) pair must be managed by one resource only/,
                ),
            ]);
        });
    });

    describe("moves between resources", () => {
        it("a delete sends nothing when another resource of the run declares the pair", async () => {
            const { id, outs } = await created({ ...teacher, user: "U2" });
            const set = await import("../../provider/edubase/organizationMembers");
            await set.handlers.check({}, { organizations: ["ORG_MATH"], users: ["U2", "U3"] });
            e.h.em.resetRecords();
            await handlers.delete(id, outs);
            expect(count()).toBe(0);
            expect(e.api.membership("ORG_MATH", "U2")).toBeDefined();
        });
    });
});
