// Generates the district's OneRoster 1.1 CSV export (fictional people) for a school year: two high
// schools with grades 9–12, their teachers, two district administrators and some guardians. Each
// year the oldest class graduates and a new grade 9 arrives; one teacher leaves and one is hired.
// `sis-export/` holds the year 2026 export; the program test writes 2027 to play the rollover.
import * as fs from "node:fs";
import * as path from "node:path";

const FIRST = [
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Elif",
    "Femi",
    "Grace",
    "Hugo",
    "Ines",
    "Jamal",
    "Kira",
    "Liam",
    "Mei",
    "Nico",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tara",
    "Umar",
    "Vera",
    "Wen",
    "Yusuf",
    "Zoe",
];
const LAST = [
    "Garcia",
    "Smith",
    "Nguyen",
    "Okafor",
    "Kowalski",
    "Haddad",
    "Rossi",
    "Tanaka",
    "Silva",
    "Moreau",
    "Novak",
    "Lindqvist",
    "Mensah",
    "Ortiz",
    "Kaya",
    "Byrne",
    "Ivanova",
    "Chen",
    "Adeyemi",
    "Fischer",
];
export const SCHOOLS = [
    { sourcedId: "SCH_N", name: "North High", letter: "n" },
    { sourcedId: "SCH_S", name: "South High", letter: "s" },
] as const;
/** Students per grade and school. */
export const CLASS_SIZE = 36;
export const TEACHERS_PER_YEAR = 20;

const USERS_HEADER =
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password";

interface Row {
    sourcedId: string;
    enabled: boolean;
    orgs: string;
    role: string;
    username: string;
    userIds: string;
    givenName: string;
    familyName: string;
    email: string;
    grades: string;
}

/** The school year starting in `year` (2026 → 2026–27): grade 12 is the class of `year + 1`. */
export function exportRows(year: number): Row[] {
    const rows: Row[] = [];
    for (let grade = 9; grade <= 12; grade++) {
        const classOf = year + 13 - grade;
        SCHOOLS.forEach((school, s) => {
            for (let i = 1; i <= CLASS_SIZE; i++) {
                const first = FIRST[(i * 7 + classOf + s) % FIRST.length];
                const last = LAST[(i * 13 + classOf * 3 + s * 5) % LAST.length];
                const username =
                    `${first[0]}${last}${classOf % 100}${school.letter}${String(i).padStart(2, "0")}`.toLowerCase();
                rows.push({
                    sourcedId: `stu-${classOf}-${school.letter}-${i}`,
                    // One student of each class is suspended: a record without access.
                    enabled: i !== 17,
                    orgs: school.sourcedId,
                    role: "student",
                    username,
                    userIds: "",
                    givenName: first,
                    familyName: last,
                    email: `${username}@students.district.example`,
                    grades: String(grade).padStart(2, "0"),
                });
            }
        });
    }
    // Teacher k works in the years 2026 + k - 20 to 2026 + k - 1: each year one leaves and one is hired.
    for (let k = year - 2025; k <= year - 2026 + TEACHERS_PER_YEAR; k++) {
        const first = FIRST[(k * 3) % FIRST.length];
        const last = LAST[(k * 11) % LAST.length];
        const username = `${first[0]}${last}.t${k}`.toLowerCase();
        rows.push({
            sourcedId: `tch-${k}`,
            enabled: true,
            orgs: k % 5 === 0 ? "SCH_N,SCH_S" : SCHOOLS[k % 2].sourcedId,
            role: "teacher",
            username,
            userIds: `{EduBase:EB_T${String(k).padStart(3, "0")}}`,
            givenName: first,
            familyName: last,
            email: `${username}@district.example`,
            grades: "",
        });
    }
    for (const [k, [first, last]] of [
        ["Dana", "Whitfield"],
        ["Raj", "Iyer"],
    ].entries())
        rows.push({
            sourcedId: `adm-${k + 1}`,
            enabled: true,
            orgs: "DIST",
            role: "administrator",
            username: `${first[0]}${last}.admin`.toLowerCase(),
            userIds: `{EduBase:EB_A${k + 1}}`,
            givenName: first,
            familyName: last,
            email: `${first.toLowerCase()}.${last.toLowerCase()}@district.example`,
            grades: "",
        });
    // Guardians have records but no accounts: the readers leave their role out.
    for (let k = 1; k <= 12; k++)
        rows.push({
            sourcedId: `gdn-${k}`,
            enabled: true,
            orgs: SCHOOLS[k % 2].sourcedId,
            role: "guardian",
            username: `guardian${k}`,
            userIds: "",
            givenName: FIRST[k % FIRST.length],
            familyName: LAST[(k * 7) % LAST.length],
            email: `guardian${k}@home.example`,
            grades: "",
        });
    return rows;
}

/** Writes `manifest.csv`, `orgs.csv` and `users.csv` of the year's bulk export into `dir`. */
export function writeExport(dir: string, year: number): void {
    fs.mkdirSync(dir, { recursive: true });
    const csv = (cells: string[]) => cells.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",");
    const write = (name: string, lines: string[]) => fs.writeFileSync(path.join(dir, name), lines.join("\n") + "\n");
    write("manifest.csv", [
        "propertyName,value",
        "manifest.version,1.0",
        "oneroster.version,1.1",
        "file.orgs,bulk",
        "file.users,bulk",
        `source.systemName,District SIS ${year}-${String((year + 1) % 100).padStart(2, "0")}`,
    ]);
    write("orgs.csv", [
        "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId",
        "DIST,,,Riverside Unified,district,RU,",
        ...SCHOOLS.map((s) => csv([s.sourcedId, "", "", s.name, "school", s.sourcedId, "DIST"])),
    ]);
    write("users.csv", [
        USERS_HEADER,
        ...exportRows(year).map((r) =>
            csv([
                r.sourcedId,
                "",
                "",
                String(r.enabled),
                r.orgs,
                r.role,
                r.username,
                r.userIds,
                r.givenName,
                r.familyName,
                "",
                "",
                r.email,
                "",
                "",
                "",
                r.grades,
                "",
            ]),
        ),
    ]);
}
