// roster.readCsv and roster.readOneRoster against files written for each case, good and bad.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readCsv, readOneRoster, RosterError } from "../../provider/roster";

let dir: string;
beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, lines: string[]): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, lines.join("\r\n") + "\r\n");
    return file;
}

function badRows(read: () => unknown): { file: string; line: number; reason: string }[] {
    try {
        read();
    } catch (err) {
        expect(err).toBeInstanceOf(RosterError);
        return [...(err as RosterError).rows].map((r) => ({ ...r, file: path.basename(r.file) }));
    }
    throw new Error("expected a RosterError");
}

describe("readCsv", () => {
    it("reads the default columns, ignores a BOM and blank cells, and keeps quoted commas", () => {
        const file = write("students.csv", [
            "\uFEFFusername,email,firstname,lastname,role",
            'alovelace,ada@school.example,Ada,"Lovelace, Countess",teacher',
            "gboole,,George,Boole,",
        ]);
        expect(readCsv(file)).toEqual([
            {
                username: "alovelace",
                email: "ada@school.example",
                firstname: "Ada",
                lastname: "Lovelace, Countess",
                role: "teacher",
            },
            { username: "gboole", firstname: "George", lastname: "Boole" },
        ]);
    });

    it("renames columns and maps the file's own role names", () => {
        const file = write("sis.csv", ["login;mail;kind", "ada;ada@school.example;staff", "bob;;pupil", "pat;;parent"]);
        const entries = readCsv(file, {
            delimiter: ";",
            columns: { username: "login", email: "mail", role: "kind" },
            roles: { staff: "teacher", pupil: "user", parent: null },
        });
        expect(entries).toEqual([
            { username: "ada", email: "ada@school.example", role: "teacher" },
            { username: "bob", role: "user" },
        ]);
    });

    it("reports every bad row at once with file, line and reason", () => {
        const file = write("bad.csv", [
            "username,email,firstname,lastname,role",
            "ok1,,,,user",
            ",missing@school.example,,,user",
            "Ok1,,,,user",
            `${"x".repeat(31)},,,,user`,
            "ok2,,,,student",
            "ok3,too,many,fields,user,extra",
        ]);
        expect(badRows(() => readCsv(file))).toEqual([
            { file: "bad.csv", line: 3, reason: "username is missing" },
            {
                file: "bad.csv",
                line: 4,
                reason: 'username "Ok1" is already used on line 2 (usernames are case-insensitive)',
            },
            {
                file: "bad.csv",
                line: 5,
                reason: expect.stringMatching(/is 31 characters long; Flat allows at most 30/),
            },
            { file: "bad.csv", line: 6, reason: expect.stringMatching(/^role "student" is not one of user, teacher/) },
            { file: "bad.csv", line: 7, reason: expect.stringMatching(/has 6 fields; the header has 5/) },
        ]);
    });

    it("names a missing username column and a malformed file", () => {
        const noUsername = write("a.csv", ["login,email", "ada,ada@school.example"]);
        expect(() => readCsv(noUsername)).toThrow(/a\.csv has no "username" column; its header is login,email/);
        const unclosed = write("b.csv", ["username,email", '"ada,ada@school.example']);
        expect(() => readCsv(unclosed)).toThrow(/b\.csv is not a valid CSV file/);
        expect(() => readCsv(path.join(dir, "absent.csv"))).toThrow(/cannot read .*absent\.csv/);
    });
});

const users11 =
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password";
const users12 =
    "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password";

describe("readOneRoster 1.1", () => {
    beforeEach(() => {
        write("manifest.csv", [
            "propertyName,value",
            "manifest.version,1.0",
            "oneroster.version,1.1",
            "file.users,bulk",
        ]);
        write("users.csv", [
            users11,
            "s1,,,true,SCH1,student,jdoe,,Jane,Doe,,,jdoe@school.example,,,,09,",
            's2,,,true,"SCH1,SCH2",teacher,mrivera,"{EduBase:EB_T1},{LDAP:mr}",Marta,Rivera,,,mrivera@school.example,,,,,',
            "s3,tobedeleted,2026-06-30,true,SCH1,student,gone,,Gone,Student,,,,,,,12,",
            "s4,,,false,SCH1,student,disabled,,Dis,Abled,,,,,,,10,",
            "s5,,,true,SCH2,student,other,,Other,School,,,,,,,09,",
            "s6,,,true,SCH1,guardian,parent1,,Pat,Doe,,,,,,,,",
            "s7,,,true,DIST,districtAdministrator,dadmin,,Dee,Admin,,,,,,,,",
        ]);
    });

    it("maps roles, leaves out deleted, disabled and unmapped users, and filters by organization", () => {
        expect(readOneRoster(dir).map((e) => [e.username, e.role])).toEqual([
            ["jdoe", "user"],
            ["mrivera", "teacher"],
            ["other", "user"],
            ["dadmin", "admin"],
        ]);
        expect(readOneRoster(dir, { roles: ["student"], orgSourcedIds: ["SCH1"] })).toEqual([
            {
                username: "jdoe",
                email: "jdoe@school.example",
                firstname: "Jane",
                lastname: "Doe",
                role: "user",
                sourcedId: "s1",
            },
        ]);
        expect(readOneRoster(dir, { orgSourcedIds: ["SCH2"] }).map((e) => e.username)).toEqual(["mrivera", "other"]);
        expect(readOneRoster(dir, { roles: ["teacher"] })[0].userIds).toEqual({ EduBase: "EB_T1", LDAP: "mr" });
        expect(readOneRoster(dir, { roleMapping: { guardian: "user" }, roles: ["guardian"] })).toHaveLength(1);
    });

    it("refuses an unknown role filter and a delta export", () => {
        expect(() => readOneRoster(dir, { roles: ["pupil"] })).toThrow(/roles option: "pupil" is not one of/);
        write("manifest.csv", ["propertyName,value", "oneroster.version,1.1", "file.users,delta"]);
        expect(() => readOneRoster(dir)).toThrow(/delta export .* would remove everyone it leaves out/);
    });

    it("reports every bad row at once", () => {
        write("users.csv", [
            users11,
            "s1,,,true,SCH1,student,,,No,Name,,,,,,,09,",
            "s2,,,true,SCH1,student,JDoe,,Jane,Doe,,,,,,,09,",
            "s3,,,true,SCH1,student,jdoe,,Jane,Doe,,,,,,,09,",
            "s4,,,true,SCH1,pupil,kid,,Kid,Doe,,,,,,,09,",
            `s5,,,true,SCH1,teacher,${"t".repeat(31)},,Long,Name,,,,,,,,`,
        ]);
        expect(badRows(() => readOneRoster(dir))).toEqual([
            { file: "users.csv", line: 2, reason: "username is missing" },
            { file: "users.csv", line: 4, reason: expect.stringMatching(/"jdoe" is already used on line 3/) },
            { file: "users.csv", line: 5, reason: expect.stringMatching(/role "pupil" is not a OneRoster role/) },
            { file: "users.csv", line: 6, reason: expect.stringMatching(/31 characters long/) },
        ]);
    });
});

describe("readOneRoster 1.2", () => {
    beforeEach(() => {
        write("manifest.csv", ["propertyName,value", "oneroster.version,1.2", "file.users,bulk", "file.roles,bulk"]);
        write("users.csv", [
            users12,
            "s1,,,true,jdoe,,Jane,Doe,,,jdoe@school.example,,,,09,",
            "s2,,,true,mrivera,,Marta,Rivera,,,mrivera@school.example,,,,,",
            "s3,,,true,pdoe,,Pat,Doe,,,,,,,,",
            "s4,,,true,norole,,No,Role,,,,,,,,",
        ]);
        write("roles.csv", [
            "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId",
            "r1,,,s1,primary,student,,,SCH1,",
            "r2,,,s2,secondary,siteAdministrator,,,SCH2,",
            "r3,,,s2,primary,teacher,,,SCH1,",
            "r4,,,s3,primary,parent,,,SCH1,",
            "r5,tobedeleted,,s4,primary,student,,,SCH1,",
        ]);
    });

    it("takes roles from roles.csv, the primary role first, within the organizations asked for", () => {
        expect(readOneRoster(dir).map((e) => [e.username, e.role])).toEqual([
            ["jdoe", "user"],
            ["mrivera", "teacher"],
        ]);
        expect(readOneRoster(dir, { orgSourcedIds: ["SCH2"] }).map((e) => [e.username, e.role])).toEqual([
            ["mrivera", "admin"],
        ]);
        expect(readOneRoster(dir, { roles: ["teacher"] }).map((e) => e.username)).toEqual(["mrivera"]);
    });

    it("reports an unknown role on its roles.csv line", () => {
        fs.appendFileSync(path.join(dir, "roles.csv"), "r6,,,s3,secondary,janitor,,,SCH1,\r\n");
        expect(badRows(() => readOneRoster(dir))).toEqual([
            { file: "roles.csv", line: 7, reason: expect.stringMatching(/role "janitor" is not a OneRoster role/) },
        ]);
    });
});
