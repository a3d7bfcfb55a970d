import { useEdubase } from "../support/edubase";
import { describeEachReading } from "../support/edubaseReadings";

const e = useEdubase();
/** A write's explicit permission levels, as EduBase's wire names them. */
const levels = (organization: string, content: string) => ({
    permission_organization: organization,
    permission_content: content,
});

beforeAll(() => {
    e.api.seedOrganization({ organization: "ORG_A", name: "Alpha School", id: "ext-a" });
    e.api.seedOrganization({ organization: "ORG_B", name: "Beta School" });
    e.api.seedDepartment("ORG_A", "Grade 9", { permissionOrganization: "teacher", permissionContent: "view" });
    e.api.seedUser({ user: "U1", name: "Kata Nagy", email: "k.nagy@school.example", username: "knagy" });
    e.api.seedUser({ user: "U2", name: "Peter Kiss" });
});

describe("authentication", () => {
    it("answers 401 with the error headers when the credential headers are missing", async () => {
        const r = await e.raw("GET", "/user:me", { headers: {} });
        expect(r.status).toBe(401);
        expect(r.header("EduBase-API-Error-Code")).toBe("UNAUTHORIZED");
        expect(r.header("EduBase-API-Error")).toMatch(/credentials/);
    });

    it("answers 401 to a wrong secret and 200 to the emulator's default credentials", async () => {
        expect(
            (
                await e.raw("GET", "/user:me", {
                    headers: { "EduBase-API-App": "edubase-emulator-app", "EduBase-API-Secret": "wrong" },
                })
            ).status,
        ).toBe(401);
        const me = await e.raw("GET", "/user:me");
        expect(me.status).toBe(200);
        expect(me.json).toEqual({ user: "EDUBASE_OWNER", name: "Emulator Owner", status: true, exam: false });
    });
});

describe("organizations", () => {
    it("lists 16 organizations per page by default and pages with page=", async () => {
        for (let i = 0; i < 20; i++) e.api.seedOrganization({ name: `Paging ${i}` });
        const first = (await e.raw("GET", "/organizations")).json as { organizations: unknown[] };
        const second = (await e.raw("GET", "/organizations", { query: { page: "2" } })).json as {
            organizations: unknown[];
        };
        expect(first.organizations).toHaveLength(16);
        expect(second.organizations.length).toBeGreaterThan(0);
        expect(second.organizations).not.toContainEqual(first.organizations[0]);
    });

    it("ignores page in search mode, as documented", async () => {
        const one = (await e.raw("GET", "/organizations", { query: { search: "alpha", page: "3" } })).json;
        expect(one).toEqual({ organizations: [{ organization: "ORG_A", id: "ext-a", name: "Alpha School" }] });
    });

    it("answers an unknown organization with 403 and the error headers, never 404", async () => {
        const r = await e.raw("GET", "/organization", { query: { organization: "NOPE" } });
        expect(r.status).toBe(403);
        expect(r.header("EduBase-API-Error-Code")).toBe("INVALID_ORGANIZATION");
        expect((await e.raw("GET", "/organization:members", { query: { organization: "NOPE" } })).status).toBe(403);
    });
});

describe("an organization the integration lost access to", () => {
    it("answers exactly like an unknown one, is left out of the lists, and keeps its members", async () => {
        await e.raw("POST", "/organization:members", { body: { organization: "ORG_B", users: "U1" } });
        e.api.setAccess("ORG_B", false);
        const unknown = await e.raw("GET", "/organization:members", { query: { organization: "NOPE" } });
        for (const [method, path, args] of [
            ["GET", "/organization:members", { organization: "ORG_B" }],
            ["GET", "/organization", { organization: "ORG_B" }],
            ["DELETE", "/organization:members", { organization: "ORG_B", users: "U1" }],
            ["DELETE", "/user:organizations", { user: "U1", organizations: "ORG_B" }],
        ] as const) {
            const r = await e.raw(method, path, method === "GET" ? { query: args } : { body: args });
            expect([r.status, r.header("EduBase-API-Error-Code"), r.header("EduBase-API-Error")]).toEqual([
                403,
                unknown.header("EduBase-API-Error-Code"),
                unknown.header("EduBase-API-Error"),
            ]);
        }
        expect((await e.raw("GET", "/user:organizations", { query: { user: "U1" } })).json).toEqual({
            organizations: [],
        });
        expect(
            ((await e.raw("GET", "/organizations", { query: { search: "Beta" } })).json as { organizations: [] })
                .organizations,
        ).toEqual([]);
        expect(e.api.membership("ORG_B", "U1")).toBeDefined();
        e.api.setAccess("ORG_B", true);
        expect((await e.raw("GET", "/organization:members", { query: { organization: "ORG_B" } })).status).toBe(200);
    });
});

describe("memberships", () => {
    it("assigns with explicit levels, lists in the wrapped shape and answers writes with an empty 200", async () => {
        const post = await e.raw("POST", "/organization:members", {
            body: {
                organization: "ORG_A",
                users: "U1,U2",
                ...levels("teacher", "modify"),
            },
        });
        expect(post.status).toBe(200);
        expect(post.text).toBe("");
        const list = await e.raw("GET", "/organization:members", { query: { organization: "ORG_A" } });
        expect(list.json).toEqual({
            members: [
                {
                    user: "U1",
                    name: "Kata Nagy",
                    department: null,
                    permission: { organization: "teacher", content: "modify" },
                },
                {
                    user: "U2",
                    name: "Peter Kiss",
                    department: null,
                    permission: { organization: "teacher", content: "modify" },
                },
            ],
        });
    });

    it("gives a member the department's own permission levels", async () => {
        await e.raw("POST", "/organization:members", {
            body: { organization: "ORG_A", users: "U1", department: "Grade 9" },
        });
        expect(e.api.membership("ORG_A", "U1")).toEqual({
            department: "Grade 9",
            permission: { organization: "teacher", content: "view" },
        });
    });

    it("refuses department and permission fields together on /organization:members and changes nothing", async () => {
        const r = await e.raw("POST", "/organization:members", {
            body: { organization: "ORG_A", users: "U1", department: "Grade 9", permission_organization: "admin" },
        });
        expect(r.status).toBe(403);
        expect(r.header("EduBase-API-Error")).toBe("department and permission_ fields should not be used together");
        expect(e.api.membership("ORG_A", "U1")).toBeUndefined();
    });

    it("refuses a department the organization does not have", async () => {
        const r = await e.raw("POST", "/organization:members", {
            body: { organization: "ORG_B", users: "U1", department: "Grade 9" },
        });
        expect([r.status, r.header("EduBase-API-Error-Code")]).toEqual([403, "INVALID_DEPARTMENT"]);
    });

    it("sets the documented defaults member/none when neither department nor levels are sent", async () => {
        await e.raw("POST", "/organization:members", { body: { organization: "ORG_B", users: "U2" } });
        expect(e.api.membership("ORG_B", "U2")?.permission).toEqual({ organization: "member", content: "none" });
    });

    it("answers an unknown user with 403 and applies nothing of the request", async () => {
        const r = await e.raw("POST", "/organizations:members", {
            body: { organizations: "ORG_A,ORG_B", users: "U1,GHOST" },
        });
        expect([r.status, r.header("EduBase-API-Error-Code")]).toEqual([403, "INVALID_USER"]);
        expect(e.api.membership("ORG_A", "U1")).toBeUndefined();
    });

    it("assigns the cross product with /organizations:members and removes a comma list with one DELETE", async () => {
        await e.raw("POST", "/organizations:members", {
            body: {
                organizations: "ORG_A,ORG_B",
                users: "U1,U2",
                ...levels("reporter", "report"),
            },
        });
        expect(
            [e.api.membership("ORG_A", "U2"), e.api.membership("ORG_B", "U1")].map((m) => m?.permission.organization),
        ).toEqual(["reporter", "reporter"]);
        const del = await e.raw("DELETE", "/organization:members", { body: { organization: "ORG_A", users: "U1,U2" } });
        expect([del.status, del.text]).toEqual([200, ""]);
        expect(e.api.membership("ORG_A", "U1")).toBeUndefined();
        expect(e.api.membership("ORG_B", "U1")).toBeDefined();
    });

    it("serves one user's organizations through /user:organizations", async () => {
        await e.raw("POST", "/user:organizations", {
            body: {
                user: "U1",
                organizations: "ORG_A,ORG_B",
                ...levels("supervisor", "control"),
            },
        });
        const list = (await e.raw("GET", "/user:organizations", { query: { user: "U1" } })).json as {
            organizations: { organization: string; permission: unknown; link: string }[];
        };
        expect(list.organizations.map((o) => o.organization)).toEqual(["ORG_A", "ORG_B"]);
        expect(list.organizations[0]).toMatchObject({
            id: "ext-a",
            name: "Alpha School",
            department: null,
            permission: { organization: "supervisor", content: "control" },
        });
        await e.raw("DELETE", "/user:organizations", { body: { user: "U1", organizations: "ORG_B" } });
        expect(e.api.membership("ORG_B", "U1")).toBeUndefined();
    });

    it("notifies only users who are new to the organization", async () => {
        await e.raw("POST", "/organization:members", { body: { organization: "ORG_A", users: "U1", notify: true } });
        await e.raw("POST", "/organization:members", { body: { organization: "ORG_A", users: "U1,U2", notify: true } });
        expect(e.api.notifications).toEqual([
            { organization: "ORG_A", user: "U1" },
            { organization: "ORG_A", user: "U2" },
        ]);
    });
});

describe("argument encoding (strict)", () => {
    it.each([
        [
            "a GET with a body",
            "GET",
            "/organization:members",
            { query: { organization: "ORG_A" }, body: { organization: "ORG_A" } },
            400,
        ],
        [
            "write arguments in the query string",
            "POST",
            "/organization:members",
            { query: { organization: "ORG_A", users: "U1" } },
            400,
        ],
        [
            "a JSON list instead of a comma-separated string",
            "POST",
            "/organization:members",
            { body: { organization: "ORG_A", users: ["U1"] } },
            400,
        ],
        ["a missing required argument", "DELETE", "/organization:members", { body: { organization: "ORG_A" } }, 400],
        [
            "an unknown permission level",
            "POST",
            "/organization:members",
            { body: { organization: "ORG_A", users: "U1", permission_organization: "owner" } },
            403,
        ],
        [
            "an unsupported method",
            "DELETE",
            "/organizations:members",
            { body: { organizations: "ORG_A", users: "U1" } },
            405,
        ],
    ] as const)("refuses %s", async (_what, method, path, init, status) => {
        const r = await e.raw(method, path, init);
        expect(r.status).toBe(status);
        expect(r.header("EduBase-API-Error-Code")).toBeTruthy();
    });
});

describe("users", () => {
    it.each(["k.nagy@school.example", "KNAGY", "U1"])("finds a user by email, username or code (%s)", async (query) => {
        expect((await e.raw("GET", "/user:search", { query: { query } })).json).toEqual({ user: "U1", exam: false });
    });

    it("answers a search without a match with 403", async () => {
        expect((await e.raw("GET", "/user:search", { query: { query: "nobody@nowhere.example" } })).status).toBe(403);
    });
});

describe("rate limit and admin interface", () => {
    it("answers 429 over the global quota until the window passes", async () => {
        e.api.setRateLimit({ quota: 2, windowMs: 200 });
        try {
            const statuses = [];
            for (let i = 0; i < 3; i++) statuses.push((await e.raw("GET", "/user:me")).status);
            expect(statuses).toEqual([200, 200, 429]);
            await new Promise((r) => setTimeout(r, 250));
            expect((await e.raw("GET", "/user:me")).status).toBe(200);
        } finally {
            e.api.setRateLimit(undefined);
        }
    });

    it("seeds organizations, departments and members through /_emulator/edubase and shows the state", async () => {
        const post = (path: string, body: unknown) =>
            fetchJson(`${e.h.em.url}/_emulator/edubase${path}`, {
                method: "POST",
                body: JSON.stringify(body),
                headers: { "content-type": "application/json" },
            });
        const { organization } = (await post("/organizations", { name: "Admin Seeded" })) as { organization: string };
        await post("/departments", {
            organization,
            department: "Staff",
            ...levels("admin", "grant"),
        });
        const { users } = (await post("/members", { organization, count: 3 })) as { users: string[] };
        expect(users).toHaveLength(3);
        expect(e.api.organization(organization)?.departments.get("Staff")).toEqual({
            organization: "admin",
            content: "grant",
        });
        const state = (await fetchJson(`${e.h.em.url}/_emulator/edubase/state`, { method: "GET" })) as {
            organizations: { organization: string; members: object }[];
        };
        expect(Object.keys(state.organizations.find((o) => o.organization === organization)!.members)).toEqual(users);
    });

    it("keeps seeded data but forgets API writes and counters on reset", async () => {
        await e.raw("POST", "/organization:members", { body: { organization: "ORG_B", users: "U1" } });
        expect(e.api.count("POST", "/organization:members")).toBe(1);
        e.api.reset();
        expect(e.api.membership("ORG_B", "U1")).toBeUndefined();
        expect(e.api.organization("ORG_A")?.departments.has("Grade 9")).toBe(true);
        expect(e.api.count()).toBe(0);
    });
});

async function fetchJson(
    url: string,
    init: { method: string; body?: string; headers?: Record<string, string> },
): Promise<unknown> {
    const res = await (await import("node-fetch")).default(url, init);
    expect(res.status).toBe(200);
    const text = await res.text();
    return text ? JSON.parse(text) : undefined;
}

// Each reading of what the documentation leaves open, and each list shape, does what it says.
describeEachReading((readings) => {
    const r = useEdubase({ readings });

    beforeAll(() => {
        r.api.seedOrganization({ organization: "ORG_R", name: "Readings" });
        r.api.seedDepartment("ORG_R", "Heads", { permissionOrganization: "supervisor", permissionContent: "control" });
        r.api.seedUser({ user: "R1", name: "R One" });
        r.api.seedUser({ user: "R2", name: "R Two" });
    });

    it("explicit levels for a department member: the department is cleared, or kept with its levels", async () => {
        r.api.setMembership("ORG_R", "R1", {
            department: "Heads",
            permission: { organization: "supervisor", content: "control" },
        });
        const body = {
            organization: "ORG_R",
            users: "R1",
            ...levels("teacher", "view"),
        };
        expect((await r.raw("POST", "/organization:members", { body })).status).toBe(200);
        expect(r.api.membership("ORG_R", "R1")).toEqual(
            readings.explicitLevelsOnDepartment === "keep"
                ? { department: "Heads", permission: { organization: "supervisor", content: "control" } }
                : { department: null, permission: { organization: "teacher", content: "view" } },
        );
    });

    it("a list naming an unknown code: refused whole, or the known codes written", async () => {
        const res = await r.raw("POST", "/organization:members", { body: { organization: "ORG_R", users: "R2,NOPE" } });
        const skip = readings.unknownCodeInList === "skip";
        expect(res.status).toBe(skip ? 200 : 403);
        expect(r.api.membership("ORG_R", "R2") !== undefined).toBe(skip);
        // A single code is never a list: unknown is a 403 under both.
        expect(
            (await r.raw("POST", "/user:organizations", { body: { user: "NOPE", organizations: "ORG_R" } })).status,
        ).toBe(403);
    });

    it("removing a non-member: a 200 no-op, or a 403", async () => {
        const res = await r.raw("DELETE", "/organization:members", { body: { organization: "ORG_R", users: "R2" } });
        expect(res.status).toBe(readings.removeNonMember === "refuse" ? 403 : 200);
    });

    it("lists in the current shape, or as bare arrays with code keys and permission lists", async () => {
        await r.raw("POST", "/organization:members", { body: { organization: "ORG_R", users: "R2" } });
        const members = (await r.raw("GET", "/organization:members", { query: { organization: "ORG_R" } })).json;
        const orgs = (await r.raw("GET", "/organizations", { query: { search: "Readings" } })).json;
        const entry = { name: "R Two", department: null };
        if (readings.listShape === "legacy") {
            expect(members).toEqual([
                { code: "R2", ...entry, permission: [{ organization: "member", content: "none" }] },
            ]);
            expect(orgs).toEqual([{ code: "ORG_R", id: null, name: "Readings" }]);
        } else {
            expect(members).toEqual({
                members: [{ user: "R2", ...entry, permission: { organization: "member", content: "none" } }],
            });
            expect(orgs).toEqual({ organizations: [{ organization: "ORG_R", id: null, name: "Readings" }] });
        }
    });
});
