// roster.readMemberships: an EduBase organization's members as `edu-org export edubase` writes them,
// grouped into the sets edubase.OrganizationMembers takes; every bad row reported at once.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readMemberships, RosterError } from "../../provider/roster";

let dir: string;
beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "memberships-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(lines: string[]): string {
    const file = path.join(dir, "edubase-ORG_MATH.csv");
    fs.writeFileSync(file, lines.join("\n") + "\n");
    return file;
}

const header = "user,name,department,permissionOrganization,permissionContent";

test("groups the members into one set per department and per permission pair, users sorted", () => {
    const file = write([
        header,
        'U3,"Rivera, Maria",,teacher,view',
        "U1,Ada,Heads,,",
        "U2,Bob,,teacher,view",
        "U4,Cy,,,",
    ]);
    expect(readMemberships(file)).toEqual([
        { key: "department/Heads", users: ["U1"], department: "Heads" },
        { key: "member+none", users: ["U4"], permissionOrganization: "member", permissionContent: "none" },
        { key: "teacher+view", users: ["U2", "U3"], permissionOrganization: "teacher", permissionContent: "view" },
    ]);
});

test("reports every bad row at once, with its line, before anything is declared", () => {
    const file = write([
        header,
        ",Nobody,,member,none",
        "U1,Ada,Heads,teacher,",
        "U2,Bob,,owner,view",
        "U3 U4,Two,,member,none",
        "U5,Eve,,member,none",
        "U5,Eve again,,member,none",
        "U6,Short",
    ]);
    let error: unknown;
    try {
        readMemberships(file);
    } catch (err) {
        error = err;
    }
    expect(error).toBeInstanceOf(RosterError);
    expect((error as RosterError).rows.map((r) => [r.line, r.reason])).toEqual([
        [2, "user is missing"],
        [3, "department and permissionOrganization cannot both be set: a department carries its own permission levels"],
        [4, 'permissionOrganization "owner" is not one of member, teacher, reporter, supervisor, admin'],
        [5, 'user "U3 U4" must be an EduBase identification string without commas, slashes or spaces'],
        [7, 'user "U5" is already on line 6: one row per member'],
        [8, expect.stringMatching(/has 2 fields; the header has 5/)],
    ]);
});

test("a file without a user column is refused, naming what it has", () => {
    expect(() => readMemberships(write(["member,level", "U1,teacher"]))).toThrow(
        /has no "user" column; its header is member,level/,
    );
});
