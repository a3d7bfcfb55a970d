// The school example scaled to N accounts, as a user program: N Flat users (one teacher in twenty),
// the IT admin's invitation, LTI 1.1 credentials for Canvas, and EduBase staff memberships — N/20
// `OrganizationMember`s split across two organizations plus one `OrganizationMembers` set putting
// another N/20 users in both. Everything is generated, so every phase of the benchmark is exact.
import * as pulumi from "@pulumi/pulumi";
import { edubase, flat } from "pulumi-edu-org";

export const ORGANIZATIONS = ["ORG_MATH", "ORG_PHYSICS"] as const;

export interface BenchUser {
    readonly username: string;
    readonly email: string;
    readonly firstname: string;
    readonly lastname: string;
    readonly role: "user" | "teacher";
}

export interface Roster {
    readonly users: readonly BenchUser[];
    /** EduBase user codes with one `OrganizationMember` each, alternating between the organizations. */
    readonly members: readonly string[];
    /** EduBase user codes of the bulk set, members of both organizations. */
    readonly setMembers: readonly string[];
}

/** The roster for N Flat users and N/10 EduBase users (at least two). */
export function roster(n: number): Roster {
    const pad = (i: number) => String(i).padStart(5, "0");
    const users = Array.from({ length: n }, (_, i): BenchUser => ({
        username: `u${pad(i)}`,
        email: `u${pad(i)}@school.example`,
        firstname: "Student",
        lastname: pad(i),
        role: i % 20 === 0 ? "teacher" : "user",
    }));
    const staff = Array.from({ length: Math.max(2, Math.round(n / 10)) }, (_, i) => `EB_U${pad(i)}`);
    const half = Math.ceil(staff.length / 2);
    return { users, members: staff.slice(0, half), setMembers: staff.slice(half) };
}

/** Every tenth user changes role (user ↔ teacher): the "update 10%" phase. */
export function withRoleChanges(r: Roster): { roster: Roster; changed: number } {
    const users = r.users.map((u, i): BenchUser =>
        i % 10 === 5 ? { ...u, role: u.role === "user" ? "teacher" : "user" } : u,
    );
    return { roster: { ...r, users }, changed: users.filter((u, i) => u.role !== r.users[i].role).length };
}

export function schoolProgram(r: Roster): () => Promise<{ users: number }> {
    return async () => {
        const cfg = new pulumi.Config();
        const password = cfg.requireSecret("initialPassword");
        for (const u of r.users) {
            new flat.OrganizationUser(u.username, {
                username: u.username,
                email: u.email,
                firstname: u.firstname,
                lastname: u.lastname,
                role: u.role,
                password,
                locale: "en",
            });
        }
        new flat.OrganizationInvitation("it-admin", { email: "it@school.example", role: "admin" });
        new flat.LtiCredentials("canvas", { name: "Canvas production", lms: "canvas" });
        r.members.forEach(
            (user, i) =>
                new edubase.OrganizationMember(`staff-${user}`, {
                    organization: ORGANIZATIONS[i % 2],
                    user,
                    permissionOrganization: "teacher",
                    permissionContent: "modify",
                }),
        );
        new edubase.OrganizationMembers("staff-set", {
            organizations: [...ORGANIZATIONS],
            users: [...r.setMembers],
            permissionOrganization: "member",
            permissionContent: "view",
        });
        return { users: r.users.length };
    };
}
