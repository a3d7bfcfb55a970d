// The emulator's shared server, driven over HTTP through the Flat API: recording, fault injection,
// latency and the admin interface.
import nodeFetch from "node-fetch";
import { Emulator } from "../../emulator";
import { useFlatEmulator } from "../support/flatHttp";

const { emulator, call, admin } = useFlatEmulator();
let em: Emulator;
beforeAll(() => {
    em = emulator();
});

const createUser = () =>
    call("POST", "/organizations/users", { body: { username: "ada", password: "secret-pass" } }).then((r) => {
        if (r.status !== 200) throw new Error(`create answered ${r.status}`);
    });

describe("faults, latency and recording", () => {
    it("records every exchange with its query, bodies and status", async () => {
        await call("GET", "/organizations/users?role=user&role=teacher&limit=3");
        await createUser();
        expect(em.exchanges).toHaveLength(2);
        expect(em.exchanges[0]).toMatchObject({
            api: "flat",
            method: "GET",
            path: "/organizations/users",
            query: { role: ["user", "teacher"], limit: "3" },
            status: 200,
        });
        expect(em.exchanges[1]).toMatchObject({
            method: "POST",
            requestBody: { username: "ada" },
            status: 200,
            responseBody: { username: "ada" },
        });
        expect(em.count({ method: "post" })).toBe(1);
        expect(em.count({ path: /^\/organizations/ })).toBe(2);
        em.resetRecords();
        expect(em.exchanges).toHaveLength(0);
    });

    it("answers a status fault with the given status and counts it", async () => {
        em.faults.add({ kind: "status", status: 503, api: "flat", path: "/organizations/users", times: 1 });
        expect((await call("GET", "/organizations/users")).status).toBe(503);
        expect((await call("GET", "/organizations/users")).status).toBe(200);
        expect(em.faults.injected()).toBe(1);
        expect(em.exchanges[0].fault).toBe("status");
    });

    it("drops the connection before handling: nothing is committed", async () => {
        em.faults.add({ kind: "dropBefore", method: "POST", times: 1 });
        await expect(createUser()).rejects.toThrow();
        expect(em.flat.users()).toHaveLength(0);
        expect(em.exchanges[0]).toMatchObject({ fault: "dropBefore", status: 0 });
    });

    it("drops the connection after handling: the write is committed but unanswered", async () => {
        em.faults.add({ kind: "dropAfter", method: "POST", times: 1 });
        await expect(createUser()).rejects.toThrow();
        expect(em.flat.users()).toHaveLength(1);
        expect(em.exchanges[0]).toMatchObject({ fault: "dropAfter", status: 200 });
    });

    it("stalls a request until the client gives up", async () => {
        em.faults.add({ kind: "stall", path: /count$/, times: 1 });
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 150);
        await expect(
            nodeFetch(`${em.flatUrl}/organizations/users/count`, {
                headers: { authorization: `Bearer ${em.flatToken}` },
                signal: controller.signal as any,
            }),
        ).rejects.toThrow(/abort/i);
        expect(em.exchanges[0].fault).toBe("stall");
    });

    it("adds latency from a fault rule and globally, and tracks requests in flight", async () => {
        em.faults.add({ kind: "latency", ms: 100, times: 1 });
        const started = Date.now();
        await call("GET", "/me");
        expect(Date.now() - started).toBeGreaterThanOrEqual(95);
        em.setLatency(50);
        em.resetRecords();
        await Promise.all([1, 2, 3, 4].map(() => call("GET", "/me")));
        expect(em.maxInFlight("flat")).toBe(4);
        em.setLatency(0);
    });

    it("applies a rule only to matching requests and with its probability", async () => {
        em.faults.add({ kind: "status", status: 500, method: "DELETE", probability: 0 });
        em.faults.add({ kind: "status", status: 502, api: "edubase" });
        expect((await call("GET", "/me")).status).toBe(200);
        expect((await call("DELETE", "/organizations/invitations/x")).status).toBe(404);
        em.faults.clear();
    });
});

describe("admin interface", () => {
    it("adds and clears faults, sets latency, resets and shows state and requests", async () => {
        expect(
            (await admin("POST", "/faults", { kind: "status", status: 500, pathRegex: "^/me$", times: 1 })).status,
        ).toBe(200);
        expect((await call("GET", "/me")).status).toBe(500);
        expect((await admin("POST", "/faults", { kind: "explode" })).status).toBe(400);
        await admin("POST", "/faults", { kind: "status", status: 500, path: "/me" });
        expect((await admin("DELETE", "/faults")).status).toBe(204);
        expect((await call("GET", "/me")).status).toBe(200);
        expect((await admin("POST", "/latency", { ms: 0 })).status).toBe(204);
        const requests = (await (await admin("GET", "/requests")).json()) as unknown[];
        expect(requests).toHaveLength(2);
        await admin("POST", "/flat/seedUsers", { count: 3 });
        const state = (await (await admin("GET", "/state")).json()) as {
            apis: { flat: { users: unknown[] } };
            requests: number;
        };
        expect(state.apis.flat.users).toHaveLength(3);
        expect((await admin("POST", "/reset")).status).toBe(204);
        expect(em.flat.users()).toHaveLength(0);
        expect(em.exchanges).toHaveLength(0);
        expect((await admin("GET", "/nothing")).status).toBe(404);
    });

    it("adds an organization and advances the clock through admin routes", async () => {
        const org = (await (
            await admin("POST", "/flat/organizations", { name: "North", subdomain: "north", adminToken: "north-token" })
        ).json()) as { id: string };
        expect(org.id).toMatch(/^[0-9a-f]{24}$/);
        expect((await call("GET", "/me", { token: "north-token" })).body.organization).toBe(org.id);
        expect(await (await admin("POST", "/flat/advanceTime", { ms: 1000 })).json()).toEqual({
            now: "2026-03-01T12:00:01.000Z",
        });
    });
});
