import { setEngineConfig } from "../../provider/core/config";
import { ApiError } from "../../provider/core/http";
import { EdubaseClient, edubaseClient, edubaseSettings, listOf, permissionOf } from "../../provider/edubase/client";
import { useEdubase } from "../support/edubase";
import { describeEachReading } from "../support/edubaseReadings";

// Decoding and settings send no request: what EduBase does cannot change them, so they run once.
describe("without a request", () => {
    it.each([
        [
            "the current wrapped shape",
            {
                members: [
                    {
                        user: "U1",
                        name: "N",
                        department: null,
                        permission: { organization: "teacher", content: "view" },
                    },
                ],
            },
        ],
        [
            "a bare array (MCP before March 2026)",
            [{ user: "U1", name: "N", department: null, permission: [{ organization: "teacher", content: "view" }] }],
        ],
        [
            "the older code key and a one-element permission list",
            [{ code: "U1", name: "N", permission: [{ organization: "teacher", content: "view" }] }],
        ],
    ])("reads members from %s", (_what, body) => {
        const [m] = listOf(body, "members");
        expect(m.user ?? m.code).toBe("U1");
        expect(permissionOf(m.permission)).toEqual({ organization: "teacher", content: "view" });
    });

    it("names the config key and the environment variables when a credential is missing", () => {
        setEngineConfig(() => undefined);
        const saved = { ...process.env };
        delete process.env.EDUBASE_API_APP;
        try {
            expect(() => edubaseSettings()).toThrow(
                "Missing required configuration edubase:app: run `pulumi config set edubase:app <value>`, pass it to an explicit provider, or set the EDUBASE_API_APP environment variable",
            );
            expect(() => edubaseSettings((k) => (k === "edubase:app" ? "x" : undefined))).toThrow(
                /edubase:secret.*--secret.*EDUBASE_API_SECRET or EDUBASE_API_KEY/,
            );
        } finally {
            process.env = saved;
        }
    });
});

// Every request under every reading of what EduBase's documentation leaves open.
describeEachReading((readings) => {
    const e = useEdubase({ readings });
    const client = () => edubaseClient();
    const exchanges = () => e.h.em.exchanges.filter((x) => x.api === "edubase");
    const count = (method?: string, path?: string) =>
        e.h.em.count({ api: "edubase", method, path: path && new RegExp(`^${path.replace(/[:]/g, "\\:")}$`) });

    beforeAll(() => {
        e.api.seedOrganization({ organization: "ORG_A", name: "Alpha School", id: "ext-a" });
        e.api.seedOrganization({ organization: "ORG_B", name: "Beta School" });
        e.api.seedDepartment("ORG_A", "Staff", { permissionOrganization: "teacher", permissionContent: "modify" });
        e.api.seedUser({ user: "U1", name: "Kata Nagy", email: "k.nagy@school.example" });
        e.api.seedUser({ user: "U2", name: "Peter Kiss" });
    });

    describe("encoding", () => {
        it("sends the credentials as EduBase-API-App / EduBase-API-Secret headers and never in the URL", async () => {
            await client().listOrganizationMembers("ORG_A");
            const [x] = exchanges();
            expect(x.requestHeaders["edubase-api-app"]).toBe(e.api.credentials.app);
            expect(x.requestHeaders["edubase-api-secret"]).toBe(e.api.credentials.secret);
            expect(x.query).toEqual({ organization: "ORG_A" });
            expect(JSON.stringify([x.path, x.query])).not.toContain(e.api.credentials.secret);
        });

        it("sends GET arguments in the query string and writes as a JSON body with comma-separated lists", async () => {
            await client().addMembersToOrganizations(
                ["ORG_A", "ORG_B"],
                ["U1", "U2"],
                { permissionOrganization: "teacher", permissionContent: "view" },
                true,
            );
            await client().removeOrganizationMembers("ORG_B", ["U1", "U2"]);
            const [post, del] = exchanges();
            expect([post.method, post.path, post.query, post.requestBody]).toEqual([
                "POST",
                "/organizations:members",
                {},
                {
                    organizations: "ORG_A,ORG_B",
                    users: "U1,U2",
                    permission_organization: "teacher",
                    permission_content: "view",
                    notify: true,
                },
            ]);
            expect([del.method, del.path, del.query, del.requestBody]).toEqual([
                "DELETE",
                "/organization:members",
                {},
                { organization: "ORG_B", users: "U1,U2" },
            ]);
        });

        it("sends a department without permission fields", async () => {
            await client().addOrganizationMembers("ORG_A", ["U1"], { department: "Staff" });
            expect(exchanges()[0].requestBody).toEqual({ organization: "ORG_A", users: "U1", department: "Staff" });
            expect(e.api.membership("ORG_A", "U1")).toEqual({
                department: "Staff",
                permission: { organization: "teacher", content: "modify" },
            });
        });
    });

    describe("decoding", () => {
        it("decodes the emulator's lists into typed models", async () => {
            await client().addUserOrganizations("U1", ["ORG_A"], {
                permissionOrganization: "admin",
                permissionContent: "grant",
            });
            expect(await client().listOrganizationMembers("ORG_A")).toEqual([
                {
                    user: "U1",
                    name: "Kata Nagy",
                    department: null,
                    permissionOrganization: "admin",
                    permissionContent: "grant",
                },
            ]);
            expect(await client().listUserOrganizations("U1")).toEqual([
                {
                    organization: "ORG_A",
                    id: "ext-a",
                    name: "Alpha School",
                    link: expect.stringContaining("ORG_A"),
                    department: null,
                    permissionOrganization: "admin",
                    permissionContent: "grant",
                },
            ]);
            expect(await client().getOrganization("ORG_B")).toEqual({
                organization: "ORG_B",
                id: null,
                name: "Beta School",
            });
            expect(await client().searchUser("k.nagy@school.example")).toEqual({ user: "U1", exam: false });
            expect(await client().me()).toEqual({
                user: "EDUBASE_OWNER",
                name: "Emulator Owner",
                status: true,
                exam: false,
            });
        });

        it("pages through every organization, 16 at a time when asked", async () => {
            for (let i = 0; i < 30; i++) e.api.seedOrganization({ organization: `PAGED_${i}`, name: `Paged ${i}` });
            const all = await client().allOrganizations(undefined, 16);
            expect(all.map((o) => o.organization)).toEqual(
                expect.arrayContaining(["ORG_A", "ORG_B", "PAGED_0", "PAGED_29"]),
            );
            expect(count("GET", "/organizations")).toBe(Math.ceil(all.length / 16) + (all.length % 16 === 0 ? 1 : 0));
        });

        it("stops paging a search, whose page argument EduBase ignores, once a page brings nothing new", async () => {
            for (let i = 0; i < 3; i++)
                e.api.seedOrganization({ organization: `SEARCH_${i}`, name: `Searchable ${i}` });
            const found = await client().allOrganizations("searchable", 2);
            expect(found.map((o) => o.organization)).toEqual(["SEARCH_0", "SEARCH_1"]);
            expect(count("GET", "/organizations")).toBe(2);
        });
    });

    describe("errors", () => {
        it("builds the message from the EduBase-API-Error headers, with the status", async () => {
            const err = await client()
                .addOrganizationMembers("GONE", ["U1"], { permissionOrganization: "member", permissionContent: "none" })
                .catch((x) => x);
            expect(err).toBeInstanceOf(ApiError);
            expect(err.message).toBe(
                'EduBase API POST /organization:members failed: 403 INVALID_ORGANIZATION "Invalid organization or permission denied"',
            );
        });

        it("maps a refused lookup to undefined, but lets a refused member list fail (403: unknown or not allowed)", async () => {
            expect(await client().getOrganization("GONE")).toBeUndefined();
            expect(await client().searchUser("nobody@nowhere.example")).toBeUndefined();
            await expect(client().listOrganizationMembers("GONE")).rejects.toMatchObject({ status: 403 });
            await expect(client().listUserOrganizations("GHOST")).rejects.toMatchObject({ status: 403 });
        });

        it("fails on 401 without retrying and without the secret in the message", async () => {
            const wrong = new EdubaseClient({
                app: e.api.credentials.app,
                secret: "not-the-secret-123",
                apiUrl: e.h.em.edubaseUrl,
            });
            const err = await wrong.me().catch((x) => x);
            expect(err.message).toMatch(/^EduBase API GET \/user:me failed: 401 UNAUTHORIZED/);
            expect(err.message).not.toContain("not-the-secret-123");
            expect(count()).toBe(1);
        });

        it("retries 429 answers until the quota allows the request", async () => {
            e.h.em.faults.add({ kind: "status", api: "edubase", status: 429, times: 2, path: "/organization:members" });
            expect(await client().listOrganizationMembers("ORG_B")).toEqual([]);
            expect(count("GET", "/organization:members")).toBe(3);
        });

        it("retries 503 on a POST too: EduBase's writes are upserts", async () => {
            e.h.em.faults.add({ kind: "status", api: "edubase", status: 503, times: 1, method: "POST" });
            await client().addOrganizationMembers("ORG_B", ["U2"], {
                permissionOrganization: "member",
                permissionContent: "view",
            });
            expect(count("POST", "/organization:members")).toBe(2);
            expect(e.api.membership("ORG_B", "U2")?.permission.content).toBe("view");
        });
    });

    describe("member snapshots", () => {
        it("fetches an organization's members once per process, however many readers ask at once", async () => {
            const reads = await Promise.all([1, 2, 3].map(() => client().organizationMembers("ORG_A")));
            await client().organizationMembers("ORG_A");
            expect(reads.every((r) => Array.isArray(r))).toBe(true);
            expect(count("GET", "/organization:members")).toBe(1);
        });

        it("reads back what a write made (never assumed from the request), and patches removals in", async () => {
            await client().organizationMembers("ORG_B");
            await client().addOrganizationMembers("ORG_B", ["U1", "U2"], {
                permissionOrganization: "teacher",
                permissionContent: "view",
            });
            expect((await client().membersAfterWrites("ORG_B")).map((m) => [m.user, m.permissionOrganization])).toEqual(
                [
                    ["U1", "teacher"],
                    ["U2", "teacher"],
                ],
            );
            await client().removeOrganizationMembers("ORG_B", ["U2"]);
            expect((await client().organizationMembers("ORG_B")).map((m) => m.user)).toEqual(["U1"]);
            expect(count("GET", "/organization:members")).toBe(2);
        });

        it("shares one read back between writes to one organization that overlap", async () => {
            const settings = { permissionOrganization: "member", permissionContent: "none" } as const;
            const reads = await Promise.all(
                ["U1", "U2"].map(async (u) => {
                    await client().addOrganizationMembers("ORG_A", [u], settings);
                    return client().membersAfterWrites("ORG_A");
                }),
            );
            expect(reads.map((r) => r.map((m) => m.user).sort())).toEqual([
                ["U1", "U2"],
                ["U1", "U2"],
            ]);
            expect([count("POST"), count("GET", "/organization:members")]).toEqual([2, 1]);
        });

        it("drops the snapshot after a department write: the department's levels are the server's to say", async () => {
            await client().organizationMembers("ORG_A");
            await client().addOrganizationMembers("ORG_A", ["U2"], { department: "Staff" });
            const u2 = (await client().organizationMembers("ORG_A")).find((m) => m.user === "U2");
            expect(u2).toMatchObject({
                department: "Staff",
                permissionOrganization: "teacher",
                permissionContent: "modify",
            });
            expect(count("GET", "/organization:members")).toBe(2);
        });

        it("remembers that EduBase refuses an organization without asking again", async () => {
            await expect(client().organizationMembers("GONE")).rejects.toMatchObject({ status: 403 });
            await expect(client().organizationMembers("GONE")).rejects.toMatchObject({ status: 403 });
            expect(count("GET", "/organization:members")).toBe(1);
        });

        it("reads a fresh member list when asked, after a snapshot", async () => {
            await client().organizationMembers("ORG_A");
            e.api.setMembership("ORG_A", "U2", {
                department: null,
                permission: { organization: "member", content: "none" },
            });
            expect((await client().freshOrganizationMembers("ORG_A")).map((m) => m.user)).toEqual(["U2"]);
            expect(count("GET", "/organization:members")).toBe(2);
        });
    });
});
